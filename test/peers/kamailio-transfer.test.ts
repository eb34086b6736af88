/**
 * Hold and transfer against real user agents: baresip (Debian's 1.0.0, headless, answering by
 * itself) directly and through Kamailio, the loopback registrar and record-routing proxy. Two
 * baresips, A (`anna`) and B (`bert`), and xtapi's line (`xtapi`) register at the same Kamailio;
 * each baresip's control socket tells what it sees (CALL_ESTABLISHED with the peer and the
 * Call-ID, TRANSFER with the Refer-To, CALL_CLOSED).
 *
 * - Hold against baresip directly: it answers our a=sendonly with a=recvonly and our a=sendrecv
 *   with a=sendrecv (onHold, then connected ACTIVE); its own hold (a=sendonly to us) shows as
 *   connected ACTIVEHELD, its resume as ACTIVE.
 * - Blind transfer: xtapi calls A, holds and takes it back, then REFERs A to B's address of
 *   record; A calls B through the proxy, B answers, A's NOTIFYs say 100 then 200, our call ends
 *   with origin 'transfer', and A and B are in a call of their own (same Call-ID on both sides).
 * - Attended transfer: baresip 1.0.0 cannot be the target of one. It has no Replaces (RFC 3891;
 *   baresip added it in 2.0.0): as the transferee (A) it takes our REFER with
 *   `Refer-To: <B's Contact?Replaces=…>` and sends its INVITE to that URI as it stands, headers
 *   and all, with no Replaces header field; as the target (B) it answers that INVITE as a second
 *   call, so it never replaces our consultation call nor sends BYE on it. What this shows: A takes
 *   the REFER, calls B, B answers, A's NOTIFY says 200, both our calls end with origin
 *   'transfer' (our BYE ends the consultation call) and A and B are connected. The target that
 *   replaces our dialog and sends BYE on it is played by SIPp in `sipp-hold.test.ts`.
 * - Attended transfer refused by the target: B turns A's INVITE down (486); A's NOTIFY carries the
 *   486, the transfer fails with it, our first call is back on plain hold and `unhold()` takes
 *   it back; the consultation call is untouched.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Call } from '../../src/phone/call.js';
import { XtapiError } from '../../src/phone/errors.js';
import { startBaresip, type BaresipEvent, type BaresipRun } from '../support/peers/baresip.js';
import { PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { endedCleanly, startKamailio } from '../support/peers/kamailio.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('kamailio', 'baresip');
/** Room for a loaded machine: four processes and this one share two cores. */
const SLOW = { timeout: 20_000, interval: 50 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** baresip quits when asked, with exit code 0. */
const quits = (run: BaresipRun) => async () => void expect((await run.quit()).code, 'baresip exit code').toBe(0);

/** xtapi over a SIP provider; shut down at the end with nothing left. */
function ours(options: Parameters<typeof sipTelephony>[0] = {}): SipTelephony {
  const t = sipTelephony(options);
  cleanups.push(async () => void expect(await t.shutdown()).toEqual(NOTHING_LEFT));
  return t;
}

/** Kamailio; baresip A (anna) and B (bert) registered there; xtapi's line registered there too. */
async function threeParties(b: { answermode?: 'auto' | 'manual' } = {}) {
  const kamailio = await startKamailio();
  cleanups.push(async () => void expect(endedCleanly(await kamailio.stop())).toBe(true));
  const k = kamailio.port;
  const anna = await startBaresip({ user: 'anna', registrar: k });
  cleanups.push(quits(anna));
  const bert = await startBaresip({ user: 'bert', registrar: k, ...b });
  cleanups.push(quits(bert));
  await Promise.all([anna.registered(), bert.registered()]);
  const t = ours({ lines: [{ aor: `sip:xtapi@127.0.0.1:${k}`, outboundProxy: `sip:127.0.0.1:${k}`, registrar: {} }] });
  const line = await t.telephony.openLine(0);
  return { k, anna, bert, t, line };
}

/** The Call-ID of a call of ours: the one of the INVITE we sent to `uri`. */
function callIdTo(t: SipTelephony, uri: string): string {
  const invite = t.sent('INVITE').find((m) => m.text.startsWith(`INVITE ${uri} `))!;
  return /\r\nCall-ID: ([^\r]+)/i.exec(invite.text)![1];
}

/** The SDP direction attribute of the answer in the `n`th 200 to an INVITE that came in. */
function answeredDirection(t: SipTelephony, n: number): string | undefined {
  const oks = t.trace.filter((m) => m.direction === 'in' && m.text.startsWith('SIP/2.0 200 ') && /\r\nCSeq: \d+ INVITE\r\n/i.test(m.text));
  return /\r\na=(sendrecv|sendonly|recvonly|inactive)\r\n/.exec(oks[n - 1]?.text ?? '')?.[1];
}

/** The sipfrag status lines of the NOTIFYs that came in, in order. */
const notified = (t: SipTelephony) =>
  t.trace.filter((m) => m.direction === 'in' && m.text.startsWith('NOTIFY ')).map((m) => /\r\n\r\n(SIP\/2\.0 \d+)/.exec(m.text)?.[1]);

const is = (fields: Partial<Record<string, unknown>>) => (event: BaresipEvent) => Object.entries(fields).every(([key, value]) => event[key] === value);

/** A and B are in one call with each other: A called B, B took it (one Call-ID on both sides). */
async function connectedTogether(anna: BaresipRun, bert: BaresipRun, k: number): Promise<string> {
  const toB = await anna.waitFor('CALL_ESTABLISHED', 20_000, (e) => e.direction === 'outgoing' && String(e.peeruri).startsWith('sip:bert'));
  const fromA = await bert.waitFor('CALL_ESTABLISHED', 20_000, is({ direction: 'incoming', peeruri: `sip:anna@127.0.0.1:${k}` }));
  expect(fromA.id).toBe(toB.id);
  return String(toB.id);
}

/** A hangs up its call with B (its newest); both see it closed. */
async function hangUpTogether(anna: BaresipRun, bert: BaresipRun, id: string): Promise<void> {
  anna.command('hangup');
  await anna.waitFor('CALL_CLOSED', 20_000, is({ id }));
  await bert.waitFor('CALL_CLOSED', 20_000, is({ id }));
}

describe.skipIf(peers.skip)(`hold and transfer with baresip ${peers.reason}`, () => {
  it('hold against baresip directly: our a=sendonly gets a=recvonly (onHold), a=sendrecv gets a=sendrecv (connected ACTIVE); its own hold and resume show as ACTIVEHELD and ACTIVE', async () => {
    peers.assert();
    const baresip = await startBaresip();
    cleanups.push(quits(baresip));
    const t = ours();
    const line = await t.telephony.openLine(0);
    const call = await line.makeCall(baresip.uri);
    await call.until('connected');
    await baresip.waitFor('CALL_ESTABLISHED');

    await call.hold();
    expect([call.state, call.heldBy]).toEqual(['onHold', 'us']);
    expect(answeredDirection(t, 2)).toBe('recvonly');
    await call.unhold();
    expect([call.state, call.mode, call.heldBy]).toEqual(['connected', 'ACTIVE', null]);
    expect(answeredDirection(t, 3)).toBe('sendrecv');
    expect(t.sent('INVITE').map((m) => /\r\na=(sendrecv|sendonly|recvonly|inactive)\r\n/.exec(m.text)?.[1])).toEqual(['sendrecv', 'sendonly', 'sendrecv']);

    // baresip holds us (its `hold`: a re-INVITE offering a=sendonly), then takes us back.
    const offered = () => t.trace.filter((m) => m.direction === 'in' && m.text.startsWith('INVITE ')).map((m) => /\r\na=(sendrecv|sendonly|recvonly|inactive)\r\n/.exec(m.text)?.[1]);
    baresip.command('hold');
    await vi.waitFor(() => expect([call.state, call.mode, call.heldBy]).toEqual(['connected', 'ACTIVEHELD', 'far end']), SLOW);
    expect(offered()).toEqual(['sendonly']);
    baresip.command('resume');
    await vi.waitFor(() => expect([call.state, call.mode, call.heldBy]).toEqual(['connected', 'ACTIVE', null]), SLOW);
    expect(offered()).toEqual(['sendonly', 'sendrecv']);

    expect(await call.drop()).toMatchObject({ origin: 'local', connected: true });
    await baresip.waitFor('CALL_CLOSED');
  });

  it('blind transfer through Kamailio: hold and unhold against A, REFER to B, A calls B through the proxy, NOTIFY 100 then 200, our call ends (origin transfer); A and B talk, then hang up', async () => {
    peers.assert();
    const { k, anna, bert, t, line } = await threeParties();
    const call = await line.makeCall(anna.uri);
    await call.until('connected');
    const ourId = callIdTo(t, anna.uri);
    await anna.waitFor('CALL_ESTABLISHED', 20_000, is({ id: ourId }));
    await call.hold();
    expect(call.state).toBe('onHold');
    await call.unhold();
    expect(call.state).toBe('connected');

    const cause = await call.transfer(bert.uri);
    expect(cause).toMatchObject({ origin: 'transfer', mode: 'NORMAL', connected: true, transferredTo: bert.uri, detail: { code: 200 } });
    expect(await anna.waitFor('TRANSFER')).toMatchObject({ id: ourId, param: `<${bert.uri}>` });
    const notifies = t.trace.filter((m) => m.direction === 'in' && m.text.startsWith('NOTIFY '));
    expect(notified(t)).toEqual(['SIP/2.0 100', 'SIP/2.0 200']);
    expect(notifies.every((m) => m.peer.port === k)).toBe(true); // in the dialog, through the proxy's Record-Route
    expect(t.sent('BYE')).toHaveLength(1); // ours, on the transferred call
    // …and only after our 200 to the NOTIFY that said 200.
    const cseqOf = (text: string) => /\r\nCSeq: ([^\r]+)/i.exec(text)![1];
    const answeredAt = t.trace.findIndex((m) => m.direction === 'out' && m.text.startsWith('SIP/2.0 200 ') && cseqOf(m.text) === cseqOf(notifies[1].text));
    expect(answeredAt).toBeGreaterThan(-1);
    expect(answeredAt).toBeLessThan(t.trace.indexOf(t.sent('BYE')[0]));
    await anna.waitFor('CALL_CLOSED', 20_000, is({ id: ourId }));

    const id = await connectedTogether(anna, bert, k);
    await hangUpTogether(anna, bert, id);
  });

  it('attended transfer through Kamailio: REFER with Replaces to A, A calls B, B answers (baresip 1.0.0: as a second call, no Replaces), NOTIFY 200; both our calls end (origin transfer); A and B talk, then hang up', async () => {
    peers.assert();
    const { k, anna, bert, t, line } = await threeParties();
    const first = await line.makeCall(anna.uri);
    await first.until('connected');
    await first.hold();
    const consultation = await line.makeCall(bert.uri);
    await consultation.until('connected');
    const consultationId = callIdTo(t, bert.uri);
    await bert.waitFor('CALL_ESTABLISHED', 20_000, is({ id: consultationId }));
    // What follows is what baresip 1.0.0 does (no Replaces); a baresip with it would replace our call.
    const server = t.trace.find((m) => m.direction === 'in' && /\r\nServer: baresip /i.test(m.text))!;
    expect(/\r\nServer: (baresip v\S+)/i.exec(server.text)![1], 'this test pins the baresip that Debian bookworm ships').toMatch(/^baresip v1\./);

    const cause = await first.transferTo(consultation);
    expect(cause).toMatchObject({ origin: 'transfer', mode: 'NORMAL', detail: { code: 200 } });
    expect(await consultation.ended()).toMatchObject({ origin: 'transfer' });
    const referTo = /\r\nRefer-To: ([^\r]+)/i.exec(t.sent('REFER')[0].text)![1];
    expect(referTo).toMatch(/^<sip:bert-[^?>]+\?Replaces=[^>]+>$/);
    expect((await anna.waitFor('TRANSFER')).param).toMatch(/^<sip:bert-[^?>]+\?Replaces=/);
    expect(notified(t)).toEqual(['SIP/2.0 100', 'SIP/2.0 200']);
    await anna.waitFor('CALL_CLOSED', 20_000, is({ id: callIdTo(t, anna.uri) }));

    const id = await connectedTogether(anna, bert, k);
    // baresip 1.0.0 did not replace our consultation call: it took A's INVITE as a new call, and
    // our BYE (after the NOTIFY 200) ended ours; none came from B.
    expect(t.trace.filter((m) => m.direction === 'in' && m.text.startsWith('BYE '))).toHaveLength(0);
    expect(t.sent('BYE')).toHaveLength(2);
    await bert.waitFor('CALL_CLOSED', 20_000, is({ id: consultationId }));
    await hangUpTogether(anna, bert, id);
  });

  it('attended transfer refused by the target: B turns A down (486), A says so in its NOTIFY; the transfer fails, our first call is back on hold, unhold() takes it back', async () => {
    peers.assert();
    const { k, anna, bert, t, line } = await threeParties({ answermode: 'manual' });
    const first = await line.makeCall(anna.uri);
    await first.until('connected');
    await first.hold();
    const consultation = await line.makeCall(bert.uri);
    await bert.waitFor('CALL_INCOMING');
    bert.command('accept');
    await consultation.until('connected');
    // B rings for A's call (its newest) and turns it down.
    const turnedDown = bert.waitFor('CALL_INCOMING', 20_000, is({ peeruri: `sip:anna@127.0.0.1:${k}` })).then(() => bert.command('hangup'));

    const refused = await first.transferTo(consultation).catch((error: unknown) => error);
    await turnedDown;
    expect(refused).toBeInstanceOf(XtapiError);
    expect((refused as XtapiError).code).toBe('RESOURCEUNAVAIL'); // 486 (RFC 3515 §2.4.5: the sipfrag is the target's answer)
    expect(first.state).toBe('onHold');
    expect(notified(t)).toEqual(['SIP/2.0 100', 'SIP/2.0 486']);
    expect(consultation.state).toBe('connected');

    await first.unhold();
    expect([first.state, first.mode]).toEqual(['connected', 'ACTIVE']);
    await dropBoth(first, consultation);
  });
});

/** Our drop of two calls still up. */
async function dropBoth(...calls: Call[]): Promise<void> {
  for (const call of calls) expect(await call.drop()).toMatchObject({ origin: 'local', connected: true });
}
