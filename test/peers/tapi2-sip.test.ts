/**
 * The TAPI 2 face over the SIP provider, unchanged: lineInitializeEx (event mode), lineOpen,
 * lineMakeCall to a SIPp UAS, LINE_REPLY then LINE_CALLSTATE up to CONNECTED, lineDrop (BYE),
 * IDLE, lineDeallocateCall, lineShutdown. SIPp must count one successful call and exit 0.
 */
import { describe, expect, it, vi } from 'vitest';
import { sipProvider } from '../../providers/sip/index.js';
import {
  createTapi2,
  LINE_CALLSTATE,
  LINE_REPLY,
  LINECALLPRIVILEGE_NONE,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_IDLE,
  LINEINITIALIZEEXOPTION_USEEVENT,
  type LINEMESSAGE,
  type Out,
} from '../../src/tapi2/index.js';
import { peersFor } from '../support/peers/process.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { FAST_TIMERS, NOTHING_LEFT } from '../support/peers/sip-telephony.js';
import { startSipp } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');
const V22 = 0x00020002;

describe.skipIf(peers.skip)(`TAPI 2 over the SIP provider ${peers.reason}`, () => {
  it('lineMakeCall to SIPp: LINE_REPLY, the call states up to CONNECTED, lineDrop, IDLE', async () => {
    peers.assert();
    const uas = await startSipp({ scenario: 'uas_answer.xml', calls: 1, timeoutSec: 20, timewaitMs: 500 });
    const sip = sipProvider({ timers: FAST_TIMERS, lines: [{ aor: 'sip:alice@127.0.0.1', domain: `127.0.0.1:${uas.port}` }] });
    const tapi = createTapi2({ providers: [sip] });
    try {
      const hLineApp: Out = { value: 0 };
      expect(tapi.lineInitializeEx(hLineApp, null, null, 'sip-peer-test', { value: 0 }, { value: V22 }, { dwOptions: LINEINITIALIZEEXOPTION_USEEVENT })).toBe(0);
      const hLine: Out = { value: 0 };
      expect(tapi.lineOpen(hLineApp.value, 0, hLine, V22, 0, 0, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
      const hCall: Out = { value: 0 };
      const request = tapi.lineMakeCall(hLine.value, hCall, '555-0111', 0, null);
      expect(request).toBeGreaterThan(0);

      const states: number[] = [];
      const next = async (): Promise<LINEMESSAGE> => {
        const msg = {} as LINEMESSAGE;
        expect(await tapi.lineGetMessage(hLineApp.value, msg, 30_000)).toBe(0);
        if (msg.dwMessageID === LINE_CALLSTATE) states.push(msg.dwParam1);
        return msg;
      };
      let msg = await next();
      expect(msg).toMatchObject({ dwMessageID: LINE_REPLY, dwParam1: request, dwParam2: 0 });
      while (!states.includes(LINECALLSTATE_CONNECTED)) msg = await next();
      expect(hCall.value).toBeGreaterThan(0);

      const drop = tapi.lineDrop(hCall.value, null, 0);
      expect(drop).toBeGreaterThan(0);
      let dropReplied = false;
      while (!states.includes(LINECALLSTATE_IDLE) || !dropReplied) {
        msg = await next();
        if (msg.dwMessageID === LINE_REPLY && msg.dwParam1 === drop) dropReplied = msg.dwParam2 === 0;
      }
      expect(tapi.lineDeallocateCall(hCall.value)).toBe(0);
      expect(tapi.lineShutdown(hLineApp.value)).toBe(0);
      await tapi.whenIdle();

      await expectSippPassed(uas);
      expect(sip.stats().live).toEqual(NOTHING_LEFT);
    } finally {
      await sip.shutdown();
      await uas.dispose();
    }
  });
});
