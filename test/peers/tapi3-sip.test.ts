/**
 * The TAPI 3 face over the SIP provider, unchanged: Initialize, Addresses[0].CreateCall,
 * Connect(VARIANT_TRUE) against a SIPp UAS (returns once CS_CONNECTED), Disconnect(DC_NORMAL)
 * (BYE), CS_DISCONNECTED, Shutdown. SIPp must count one successful call and exit 0.
 */
import { describe, expect, it, vi } from 'vitest';
import { sipProvider } from '../../providers/sip/index.js';
import {
  CS_CONNECTED,
  CS_DISCONNECTED,
  createTapi3,
  DC_NORMAL,
  LINEADDRESSTYPE_EMAILNAME,
  S_OK,
  TAPIMEDIATYPE_AUDIO,
  TE_CALLSTATE,
  type ITCallStateEvent,
} from '../../src/tapi3/index.js';
import { peersFor } from '../support/peers/process.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { FAST_TIMERS, NOTHING_LEFT } from '../support/peers/sip-telephony.js';
import { startSipp } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');

describe.skipIf(peers.skip)(`TAPI 3 over the SIP provider ${peers.reason}`, () => {
  it('Connect(VARIANT_TRUE) to SIPp returns S_OK connected; Disconnect sends BYE; CS_DISCONNECTED', async () => {
    peers.assert();
    const uas = await startSipp({ scenario: 'uas_answer.xml', calls: 1, timeoutSec: 20, timewaitMs: 500 });
    const sip = sipProvider({ timers: FAST_TIMERS, lines: [{ aor: 'sip:alice@127.0.0.1' }] });
    const tapi = createTapi3({ providers: [sip] });
    try {
      expect(await tapi.Initialize()).toBe(S_OK);
      tapi.EventFilter = TE_CALLSTATE;
      const states: number[] = [];
      let disconnected!: () => void;
      const gone = new Promise<void>((resolve) => (disconnected = resolve));
      tapi.Advise({
        Event: (type, event) => {
          if (type !== TE_CALLSTATE) return;
          states.push((event as ITCallStateEvent).State);
          if ((event as ITCallStateEvent).State === CS_DISCONNECTED) disconnected();
        },
      });
      const address = tapi.Addresses[0];
      expect(address.AddressName).toBe('SIP sip:alice@127.0.0.1');
      const call = address.CreateCall(`sip:service@127.0.0.1:${uas.port}`, LINEADDRESSTYPE_EMAILNAME, TAPIMEDIATYPE_AUDIO);
      expect(await call.Connect(true)).toBe(S_OK);
      expect(call.CallState).toBe(CS_CONNECTED);
      expect(await call.Disconnect(DC_NORMAL)).toBe(S_OK);
      await gone; // the BYE's 200 has come back
      expect(call.CallState).toBe(CS_DISCONNECTED);
      expect(states).toContain(CS_CONNECTED);
      expect(states.at(-1)).toBe(CS_DISCONNECTED);
      expect(await tapi.Shutdown()).toBe(S_OK);

      await expectSippPassed(uas);
      expect(sip.stats().live).toEqual(NOTHING_LEFT);
    } finally {
      await sip.shutdown();
      await uas.dispose();
    }
  });
});
