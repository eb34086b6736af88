/**
 * Calls that arrive, from a real caller: SIPp as the UAC calling xtapi's line (`-s alice`, the
 * Request-URI's user, on the provider's own port), one SIPp per test, each asserted on SIPp's
 * exit code and `-trace_stat` totals and on the xtapi side (states, causes, and nothing left).
 * Answered and hung up by us; hung up by the caller; cancelled while it rings; a 200 never
 * ACKed (resent, then BYE); an INVITE resent by SIPp's Timer A (one call, the last provisional
 * again); refused with each mode; a full line; a user we do not have.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SipLineOptions } from '../../providers/sip/index.js';
import type { Call } from '../../src/phone/call.js';
import type { Line } from '../../src/phone/line.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';
import { type SippOptions, type SippRun, sippTotals, startSipp } from '../support/peers/sipp.js';
import { type Relay, startRelay } from '../support/peers/udp-relay.js';

vi.setConfig(PEER_TIMEOUTS);

/** Waits on real peers: generous, so that a machine several times slower still passes. */
const WAIT = { timeout: 30_000, interval: 20 };

const peers = peersFor('sipp');
const cleanups: Array<() => Promise<void>> = [];

/** One line (alice) on a SIP provider with fast timers, and every call it is offered. */
async function xtapi(line: Partial<SipLineOptions> = {}): Promise<{ t: SipTelephony; line: Line; port: number; offered: Call[] }> {
  const t = sipTelephony({ lines: [{ aor: 'sip:alice@127.0.0.1', ...line }] });
  cleanups.push(async () => {
    expect(await t.shutdown()).toEqual(NOTHING_LEFT);
  });
  const opened = await t.telephony.openLine(0);
  const offered: Call[] = [];
  opened.on('incoming', (call) => offered.push(call));
  return { t, line: opened, port: t.sip.local!.port, offered };
}

/** SIPp calling `user` at `port` (xtapi, or a relay in front of it), one call unless told. */
async function caller(port: number, scenario: string, options: Partial<SippOptions> & { user?: string } = {}): Promise<SippRun> {
  const { user = 'alice', args = [], ...rest } = options;
  const run = await startSipp({ scenario, calls: 1, timeoutSec: 30, timewaitMs: 500, remote: `127.0.0.1:${port}`, ...rest, args: ['-s', user, ...args] });
  cleanups.unshift(() => run.dispose());
  return run;
}

/** xtapi's line, SIPp calling it with `scenario`, and the first call the line is offered. */
async function sippCalls(scenario: string, options: Partial<SippOptions> = {}, line: Partial<SipLineOptions> = {}) {
  const x = await xtapi(line);
  const arriving = nextCall(x.line);
  const run = await caller(x.port, scenario, options);
  return { ...x, run, call: await arriving };
}

/** The next call the line is offered. */
function nextCall(line: Line): Promise<Call> {
  return new Promise((resolve) => {
    const off = line.on('incoming', (call) => {
      off();
      resolve(call);
    });
  });
}

/** Messages xtapi sent or received whose first line starts with `start`. */
const traced = (t: SipTelephony, direction: 'in' | 'out', start: string) => t.trace.filter((m) => m.direction === direction && m.text.startsWith(start));

/**
 * Both sides are done: SIPp passed (exit 0, `calls` successful, none failed), and xtapi holds no
 * call and no dialog (transactions wait out their timers; shutdown clears them, checked after).
 */
async function bothDone(run: SippRun, t: SipTelephony, calls = 1): Promise<void> {
  await expectSippPassed(run, calls);
  await vi.waitFor(() => expect(t.sip.stats().live).toMatchObject({ calls: 0, dialogs: 0 }), WAIT);
}

/** At least one message, and any more are retransmissions: the same text (§17.1.2.2, §17.2.1). */
function expectOneRequest(messages: Array<{ text: string }>): void {
  expect(messages.length).toBeGreaterThanOrEqual(1);
  expect(new Set(messages.map((m) => m.text)).size).toBe(1);
}

/** The messages SIPp received (its `-trace_msg` log), one string each. */
function receivedBySipp(run: SippRun): string[] {
  return run
    .messages()
    .split(/^-{10,}.*$/m)
    .filter((block) => /message received \[\d+\] bytes/.test(block));
}

describe.skipIf(peers.skip)(`SIPp calls xtapi ${peers.reason}`, () => {
  beforeAll(() => peers.assert());

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('answered, then hung up by us: INVITE, 100, 200 with an SDP answer, ACK; our BYE, 200', async () => {
    const { t, run, call } = await sippCalls('uac_answered.xml');
    expect([call.direction, call.state, call.caller?.name]).toEqual(['in', 'offering', 'sipp']);
    const states: string[] = [];
    call.on('state', ({ state }) => states.push(state));
    await call.answer();
    expect(call.state).toBe('connected');
    expect(await call.drop()).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    expect(states).toEqual(['answering', 'connected', 'dropping', 'ended']);
    await bothDone(run, t);
    const ok = traced(t, 'out', 'SIP/2.0 200 OK').find((m) => /CSeq: 1 INVITE/.test(m.text))!;
    expect(ok.text).toMatch(/Content-Type: application\/sdp[\s\S]*\r\n\r\nv=0[\s\S]*m=audio \d+ RTP\/AVP 0/);
    expectOneRequest(traced(t, 'out', 'BYE '));
  });

  it('hung up by the caller: its BYE gets 200 and the call ends NORMAL, by the far end', async () => {
    const { t, run, call } = await sippCalls('uac_caller_bye.xml');
    await call.answer();
    expect(await call.ended()).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true });
    await bothDone(run, t);
    expect(traced(t, 'out', 'BYE ')).toHaveLength(0);
  });

  it('the caller keys in 4, 2, # as INFO (application/dtmf-relay): one dtmf event each, gathered up to the #', async () => {
    const { t, run, call } = await sippCalls('uac_info_digits.xml');
    const keys: string[] = [];
    call.on('dtmf', ({ digit, via }) => keys.push(`${digit}/${via}`));
    await call.answer();
    const gathered = await call.gather({ max: 8, terminators: '#', timeoutMs: 20_000 });
    expect(gathered).toEqual({ digits: '42#', termination: 'TERMDIGIT' });
    expect(keys).toEqual(['4/info', '2/info', '#/info']);
    expect(await call.ended()).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true });
    await bothDone(run, t);
  });

  it('cancelled while it rings: accept sends 180; the CANCEL gets 200, the INVITE 487, whose ACK ends it; the call ends CANCELLED', async () => {
    const { t, run, call } = await sippCalls('uac_cancel.xml');
    await call.accept();
    expect(await call.ended()).toMatchObject({ mode: 'CANCELLED', origin: 'remote', connected: false });
    await bothDone(run, t);
    expect(traced(t, 'out', 'SIP/2.0 487 ')).not.toHaveLength(0);
    // The ACK of the 487 is on the INVITE's branch (§17.1.1.3): its transaction takes it.
    await vi.waitFor(() => expectOneRequest(traced(t, 'in', 'ACK ')), WAIT);
    expect(t.sip.stats().dropped.unmatched).toBe(0);
  });

  it('the 200 is never ACKed: resent at T1 doubling to T2, then after 64·T1 a BYE; the answer fails and SIPp answers the BYE', async () => {
    const { t, run, call } = await sippCalls('uac_no_ack.xml', { traceMessages: true });
    const answered = call.answer().then(
      () => null,
      (error: unknown) => error,
    );
    expect(await answered).toMatchObject({ code: 'OPERATIONFAILED' });
    expect(await call.ended()).toMatchObject({ connected: false, error: 'OPERATIONFAILED' });
    await bothDone(run, t);
    // FAST_TIMERS: resends at 50, 150, 350, 750, 1150, … ms until 3,200 ms (§13.3.1.4): ten on
    // time, fewer when the machine is slow (each interval starts when the last resend went).
    const oks = traced(t, 'out', 'SIP/2.0 200 OK').filter((m) => /CSeq: 1 INVITE/.test(m.text));
    expect(oks.length).toBeGreaterThanOrEqual(4);
    expect(oks.length).toBeLessThanOrEqual(11);
    expect(new Set(oks.map((m) => m.text)).size).toBe(1);
    const bye = traced(t, 'out', 'BYE ');
    expectOneRequest(bye);
    expect(bye[0].at - oks[0].at).toBeGreaterThanOrEqual(64 * 50 - 5);
    const gaps = oks.slice(1).map((m, n) => m.at - oks[n].at);
    gaps.forEach((gap, n) => expect(gap, `gap ${n}`).toBeGreaterThanOrEqual(Math.min(50 * 2 ** n, 400) - 5));
    // SIPp saw every one of them, then the BYE.
    const received = receivedBySipp(run);
    expect(received.filter((m) => /SIP\/2\.0 200 OK/.test(m) && /CSeq: 1 INVITE/.test(m))).toHaveLength(oks.length);
    expect(received.filter((m) => /^BYE /m.test(m))).toHaveLength(bye.length);
  });

  it("an INVITE resent by SIPp's Timer A gets the last provisional again and makes no second call", async () => {
    // A relay in front of xtapi loses its first answer (the line rings on offer: the 180, with no
    // 100 before it, §17.2.1), so SIPp hears nothing and resends the INVITE after 500 ms (§17.1.1.2).
    const { t, line, port, offered } = await xtapi({ ringOnOffer: true });
    const relay: Relay = await startRelay({ target: port, seed: 12 });
    cleanups.push(() => relay.close());
    relay.swallowReplies(1);
    const arriving = nextCall(line);
    // rport: xtapi answers the relay (RFC 3581), not the port in SIPp's Via.
    const run = await caller(relay.port, 'uac_answered.xml', { edit: (xml) => xml.replace(';branch=[branch]', ';branch=[branch];rport') });
    const call = await arriving;
    // Answer late: only once a resent INVITE is in and has had its answer (one 180 each).
    await vi.waitFor(() => {
      expect(traced(t, 'in', 'INVITE ').length).toBeGreaterThanOrEqual(2);
      expect(traced(t, 'out', 'SIP/2.0 180 ')).toHaveLength(traced(t, 'in', 'INVITE ').length);
    }, WAIT);
    await call.answer();
    expect(await call.drop()).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    await bothDone(run, t);
    expect(offered).toHaveLength(1);
    expectOneRequest(traced(t, 'in', 'INVITE '));
    expect(new Set(traced(t, 'out', 'SIP/2.0 180 ').map((m) => m.text)).size).toBe(1);
    expect(traced(t, 'out', 'SIP/2.0 100 ')).toHaveLength(0);
    expect(relay.counts.lost).toBe(1);
    expect(sippTotals(run).retransmissions).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['NORMAL', 486],
    ['REJECT', 603],
    ['NOANSWER', 480],
  ] as const)('reject(%s): SIPp gets %i and ACKs it; the cause is ours', async (mode, status) => {
    const { t, run, call } = await sippCalls('uac_busy.xml', { edit: (xml) => xml.replace('response="486"', `response="${status}"`) });
    expect(await call.reject(mode)).toMatchObject({ mode, origin: 'local', connected: false, state: 'offering' });
    await bothDone(run, t);
    expect(traced(t, 'out', `SIP/2.0 ${status} `)).not.toHaveLength(0);
    await vi.waitFor(() => expectOneRequest(traced(t, 'in', 'ACK ')), WAIT);
    expect(t.sip.stats().dropped.unmatched).toBe(0);
  });

  it('a full line (maxCalls 1): of two calls from one SIPp, the first is held connected, the second gets 486', async () => {
    const { t, offered, run, call } = await sippCalls('uac_answered_or_busy.xml', { calls: 2, traceMessages: true, args: ['-l', '2'] }, { maxCalls: 1 });
    await call.answer();
    await vi.waitFor(() => expect(traced(t, 'out', 'SIP/2.0 486 ')).not.toHaveLength(0), WAIT);
    expect(call.state).toBe('connected');
    expect(await call.drop()).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    await bothDone(run, t, 2);
    expect(offered).toHaveLength(1);
    const finals = receivedBySipp(run).map((m) => /SIP\/2\.0 (486|200) [\s\S]*CSeq: 1 INVITE/.exec(m)?.[1]).filter(Boolean);
    expect(new Set(finals)).toEqual(new Set(['200', '486']));
  });

  it('a user we do not have (-s nobody): 404, ACKed; nothing is offered', async () => {
    const { t, port, offered } = await xtapi();
    const run = await caller(port, 'uac_busy.xml', { user: 'nobody', edit: (xml) => xml.replace('response="486"', 'response="404"') });
    await bothDone(run, t);
    expect(offered).toHaveLength(0);
    expect(traced(t, 'out', 'SIP/2.0 404 ')).not.toHaveLength(0);
  });
});
