/**
 * Calls that arrive through Kamailio, the loopback registrar and record-routing proxy: xtapi's
 * line registers there, and the INVITE reaches it at the Contact it registered, with the proxy's
 * Record-Route, so every later request of the call goes through the proxy too.
 *
 * - baresip calls xtapi (Kamailio without authentication): answered through the modern API,
 *   hung up once by us and once by baresip.
 * - xtapi calls xtapi (Kamailio with digest authentication, both lines registered with the
 *   password): TAPI 2 places the call (lineMakeCall, answering the 407), TAPI 3 takes it
 *   (RegisterCallNotifications as owner, Answer) and hangs up; a second call is turned down with
 *   Disconnect(DC_REJECTED), which the caller sees as LINEDISCONNECTMODE_REJECT (603 Decline).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sipProvider } from '../../providers/sip/index.js';
import type { Call } from '../../src/phone/call.js';
import type { Line } from '../../src/phone/line.js';
import {
  createTapi2,
  LINE_CALLSTATE,
  LINE_REPLY,
  LINECALLPRIVILEGE_NONE,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINEDISCONNECTMODE_NORMAL,
  LINEDISCONNECTMODE_REJECT,
  LINEINITIALIZEEXOPTION_USEEVENT,
  type LINEMESSAGE,
  type Out,
  type Tapi2,
} from '../../src/tapi2/index.js';
import {
  CNE_OWNER,
  createTapi3,
  CS_CONNECTED,
  CS_DISCONNECTED,
  DC_NORMAL,
  DC_REJECTED,
  S_OK,
  TAPIMEDIATYPE_AUDIO,
  TE_CALLNOTIFICATION,
  TE_CALLSTATE,
  type ITCall,
  type ITCallNotificationEvent,
  type ITCallStateEvent,
} from '../../src/tapi3/index.js';
import { startBaresip, type BaresipRun } from '../support/peers/baresip.js';
import { PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { endedCleanly, type KamailioRun, startKamailio } from '../support/peers/kamailio.js';
import { peersFor } from '../support/peers/process.js';
import { FAST_TIMERS, NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('kamailio', 'baresip');
const V22 = 0x00020002;
const PASSWORD = 'xtapi-incoming-secret';
/** Room for a loaded machine: three processes and this one share two cores. */
const SLOW = { timeout: 20_000, interval: 50 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The next call the line offers. */
const next = (line: Line) =>
  new Promise<Call>((resolve) => {
    const off = line.on('incoming', (call) => {
      off();
      resolve(call);
    });
  });

describe.skipIf(peers.skip)(`calls that arrive through Kamailio ${peers.reason}`, () => {
  it('baresip calls xtapi: the INVITE comes through the proxy with its Record-Route; answered, hung up by each side in turn', async () => {
    peers.assert();
    const kamailio = await startKamailio();
    cleanups.push(async () => void expect(endedCleanly(await kamailio.stop())).toBe(true));
    const baresip = await startBaresip();
    cleanups.push(async () => void expect((await baresip.quit()).code, 'baresip exit code').toBe(0));
    const k = kamailio.port;
    const t = sipTelephony({ lines: [{ aor: `sip:alice@127.0.0.1:${k}`, outboundProxy: `sip:127.0.0.1:${k}`, registrar: {} }] });
    cleanups.push(async () => void expect(await t.shutdown()).toEqual(NOTHING_LEFT));
    const line = await t.telephony.openLine(0, { autoClear: true });

    // First call: we answer, then we hang up.
    let arriving = next(line);
    baresip.command('dial', `sip:alice@127.0.0.1:${k}`);
    let call = await arriving;
    expect(call.caller).toMatchObject({ number: `sip:bob@127.0.0.1:${baresip.port}` });
    const invite = t.trace.find((m) => m.direction === 'in' && m.text.startsWith('INVITE '))!;
    expect(invite.peer.port).toBe(k);
    expect(invite.text).toMatch(new RegExp(`\\r\\nRecord-Route: <sip:127\\.0\\.0\\.1:${k};lr`, 'i'));
    await call.answer();
    await baresip.waitFor('CALL_ESTABLISHED');
    const ours = await call.drop();
    expect(ours).toMatchObject({ origin: 'local', connected: true });
    await baresip.waitFor('CALL_CLOSED');
    const bye = t.sent('BYE').at(-1)!;
    expect(bye.peer.port).toBe(k); // through the proxy (its Record-Route, §12.1.1)

    // Second call: we answer, baresip hangs up.
    baresip.events.splice(0);
    arriving = next(line);
    baresip.command('dial', `sip:alice@127.0.0.1:${k}`);
    call = await arriving;
    await call.answer();
    await baresip.waitFor('CALL_ESTABLISHED');
    baresip.command('hangup');
    expect(await call.ended()).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true });
  });

  it('xtapi calls xtapi with digest authentication: TAPI 2 places the call, TAPI 3 answers and hangs up; the next call is rejected (603)', async () => {
    peers.assert();
    const kamailio = await startKamailio({ auth: { password: PASSWORD, algorithm: 'MD5' } });
    cleanups.push(async () => void expect(endedCleanly(await kamailio.stop())).toBe(true));
    const k = kamailio.port;
    const account = (user: string) => ({ aor: `sip:${user}@127.0.0.1:${k}`, outboundProxy: `sip:127.0.0.1:${k}`, registrar: { password: PASSWORD } });
    const aliceSip = sipProvider({ timers: FAST_TIMERS, lines: [account('alice')] });
    const bobSip = sipProvider({ timers: FAST_TIMERS, lines: [account('bob')] });
    const tapi2 = createTapi2({ providers: [aliceSip] });
    const tapi3 = createTapi3({ providers: [bobSip] });
    cleanups.push(async () => {
      await aliceSip.shutdown();
      await bobSip.shutdown();
      expect(aliceSip.stats().live).toEqual(NOTHING_LEFT);
      expect(bobSip.stats().live).toEqual(NOTHING_LEFT);
    });

    // Bob: TAPI 3, registered, owner of the calls that arrive.
    expect(await tapi3.Initialize()).toBe(S_OK);
    tapi3.EventFilter = TE_CALLSTATE | TE_CALLNOTIFICATION;
    const offered: ITCall[] = [];
    const bobStates: number[] = [];
    tapi3.Advise({
      Event: (type, event) => {
        if (type === TE_CALLNOTIFICATION && (event as ITCallNotificationEvent).Event === CNE_OWNER) offered.push((event as ITCallNotificationEvent).Call);
        if (type === TE_CALLSTATE) bobStates.push((event as ITCallStateEvent).State);
      },
    });
    expect(tapi3.RegisterCallNotifications(tapi3.Addresses[0], false, true, TAPIMEDIATYPE_AUDIO, 7)).toBeGreaterThan(0);
    await vi.waitFor(() => expect(bobSip.local).not.toBeNull(), SLOW); // the line opened (and registered)

    // Alice: TAPI 2, registered when the line opens.
    const hLineApp: Out = { value: 0 };
    expect(tapi2.lineInitializeEx(hLineApp, null, null, 'alice', { value: 0 }, { value: V22 }, { dwOptions: LINEINITIALIZEEXOPTION_USEEVENT })).toBe(0);
    const hLine: Out = { value: 0 };
    expect(tapi2.lineOpen(hLineApp.value, 0, hLine, V22, 0, 0, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    const alice = messages(tapi2, hLineApp.value);
    cleanups.push(async () => {
      expect(tapi2.lineShutdown(hLineApp.value)).toBe(0);
      expect(await tapi3.Shutdown()).toBe(S_OK);
    });

    // Call 1: answered by bob, hung up by bob.
    const hCall: Out = { value: 0 };
    const made = tapi2.lineMakeCall(hLine.value, hCall, `sip:bob@127.0.0.1:${k}`, 0, null);
    expect(made).toBeGreaterThan(0);
    expect(await alice.until((m) => m.dwMessageID === LINE_REPLY && m.dwParam1 === made)).toMatchObject({ dwParam2: 0 });
    await vi.waitFor(() => expect(offered).toHaveLength(1), SLOW);
    expect(await offered[0].Answer()).toBe(S_OK);
    expect(offered[0].CallState).toBe(CS_CONNECTED);
    await alice.until((m) => m.dwMessageID === LINE_CALLSTATE && m.dwParam1 === LINECALLSTATE_CONNECTED);
    expect(await offered[0].Disconnect(DC_NORMAL)).toBe(S_OK);
    expect(await alice.until((m) => m.dwMessageID === LINE_CALLSTATE && m.dwParam1 === LINECALLSTATE_DISCONNECTED)).toMatchObject({ dwParam2: LINEDISCONNECTMODE_NORMAL });
    await dropAndDeallocate(tapi2, alice, hCall.value);
    await vi.waitFor(() => expect(bobStates.at(-1)).toBe(CS_DISCONNECTED), SLOW);
    offered[0].Release();

    // Call 2: turned down by bob while it is offered.
    const hCall2: Out = { value: 0 };
    const made2 = tapi2.lineMakeCall(hLine.value, hCall2, `sip:bob@127.0.0.1:${k}`, 0, null);
    expect(await alice.until((m) => m.dwMessageID === LINE_REPLY && m.dwParam1 === made2)).toMatchObject({ dwParam2: 0 });
    await vi.waitFor(() => expect(offered).toHaveLength(2), SLOW);
    expect(await offered[1].Disconnect(DC_REJECTED)).toBe(S_OK);
    expect(await alice.until((m) => m.dwMessageID === LINE_CALLSTATE && m.dwParam1 === LINECALLSTATE_DISCONNECTED)).toMatchObject({ dwParam2: LINEDISCONNECTMODE_REJECT });
    await dropAndDeallocate(tapi2, alice, hCall2.value);
    offered[1].Release();
  });
});

/** The TAPI 2 messages of one app, read in order, each awaited with a bound. */
function messages(tapi: Tapi2, hLineApp: number) {
  return {
    async until(match: (msg: LINEMESSAGE) => boolean): Promise<LINEMESSAGE> {
      for (;;) {
        const msg = {} as LINEMESSAGE;
        expect(await tapi.lineGetMessage(hLineApp, msg, 20_000)).toBe(0);
        if (match(msg)) return msg;
      }
    },
  };
}

/** lineDrop on a call the far end has left: its LINE_REPLY and IDLE, then lineDeallocateCall. */
async function dropAndDeallocate(tapi: Tapi2, messages: { until(match: (msg: LINEMESSAGE) => boolean): Promise<LINEMESSAGE> }, hCall: number): Promise<void> {
  const drop = tapi.lineDrop(hCall, null, 0);
  expect(drop).toBeGreaterThan(0);
  let idle = false;
  let replied = false;
  while (!idle || !replied) {
    const msg = await messages.until((m) => (m.dwMessageID === LINE_CALLSTATE && m.dwParam1 === LINECALLSTATE_IDLE) || (m.dwMessageID === LINE_REPLY && m.dwParam1 === drop));
    if (msg.dwMessageID === LINE_REPLY) replied = msg.dwParam2 === 0;
    else idle = true;
  }
  expect(tapi.lineDeallocateCall(hCall)).toBe(0);
}
