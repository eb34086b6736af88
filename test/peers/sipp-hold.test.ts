/**
 * Hold and transfer against SIPp (RFC 3261 §14, RFC 3264 §8.4, RFC 3515), the SIP provider driven
 * alone through a small line link (the last test goes through the core instead, for what
 * `transferTo()` makes of the order of two calls' events): one SIPp per call on its own
 * loopback port, each asserted on its exit code and `-trace_stat` totals. The scenarios check
 * what we send (the offer's direction and version, the Refer-To); the test checks what the
 * provider reports.
 *
 * - `uas_hold.xml`: hold (a=sendonly) 200, resume (a=sendrecv) 200, our BYE.
 * - `uas_hold_refused.xml`: the hold gets 488; the call goes on; our BYE.
 * - `uas_refer.xml`: REFER 202, NOTIFY sipfrag 100, NOTIFY sipfrag 200; TRANSFERRED; our BYE.
 * - `uas_refer_refused.xml`: REFER 603; the call goes on; our BYE.
 * - `uas_refer.xml` checking for Replaces, with `uas_answer.xml` as the consultation call: a
 *   consultation transfer; TRANSFERRED on both calls; our BYE on each.
 * - The target replaces our consultation call (RFC 3891 §3: it sends BYE on it), here through the
 *   core's `transferTo()`: `uas_callee_bye.xml` as the consultation call hangs up 1.5 s after its
 *   ACK, well after our REFER, and `uas_refer.xml` sends its NOTIFY 200 5 s after its NOTIFY 100,
 *   well after that BYE (the order a real target and transferee give, made wide). The consultation
 *   call ends by the far end's BYE, and the transfer still completes on the first call.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultCallParams, type LineLink, type ProviderCall, type ProviderEvent, type ProviderLine, realClock } from '../../providers/provider.js';
import { sipProvider, type SipProvider, type TraceEntry } from '../../providers/sip/index.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { peersFor } from '../support/peers/process.js';
import { FAST_TIMERS, NOTHING_LEFT, sipTelephony } from '../support/peers/sip-telephony.js';
import { SCENARIOS, startSipp, type SippRun } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');
const runs: SippRun[] = [];
const providers: SipProvider[] = [];

/** The longest a test waits for one report (real time: the peer runs on it). */
const WAIT_MS = 15_000;

/** A line of a SIP provider, with the test as its core: every report kept, in order. */
async function providerLine() {
  const trace: TraceEntry[] = [];
  const sip = sipProvider({ timers: FAST_TIMERS, lines: [{ aor: 'sip:alice@127.0.0.1' }], trace: (entry) => trace.push(entry) });
  providers.push(sip);
  const events: ProviderEvent[] = [];
  const byCall: Record<string, ProviderEvent[]> = {};
  const waiting: Array<() => void> = [];
  const link: LineLink = {
    clock: realClock,
    report: (callId, event) => {
      events.push(event);
      (byCall[callId] ??= []).push(event);
      for (const wake of waiting.splice(0)) wake();
    },
    service: () => {},
    offer: () => null,
  };
  const line: ProviderLine = await sip.openLine(0, link);
  /** The `n`th report of `type` (1 = the first), once it has come. */
  async function until(type: ProviderEvent['type'], n = 1): Promise<ProviderEvent> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = events.filter((event) => event.type === type)[n - 1];
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} #${n} within ${WAIT_MS} ms; reported: ${events.map((e) => e.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
  /** The requests sent with this method, as text. */
  const sent = (method: string) => trace.filter((entry) => entry.direction === 'out' && entry.text.startsWith(`${method} `)).map((entry) => entry.text);
  return { sip, line, events, byCall, until, sent };
}

/** A call to SIPp's scenario, connected. */
async function connectedCall(scenario: string, edit?: (xml: string) => string) {
  const t = await providerLine();
  const { run, call } = await callOn(t, 'c1', scenario, edit);
  return { ...t, run, call };
}

/** Another call on the line `t`, to a SIPp of its own, connected. */
async function callOn(t: Awaited<ReturnType<typeof providerLine>>, callId: string, scenario: string, edit?: (xml: string) => string) {
  const run = await startSipp({ scenario, edit, calls: 1, timeoutSec: 20, timewaitMs: 500 });
  runs.push(run);
  const call: ProviderCall = t.line.makeCall({ callId, lineIndex: 0, destination: `sip:service@127.0.0.1:${run.port}`, complete: true, params: defaultCallParams });
  const connected = t.events.filter((event) => event.type === 'PROVIDER.CONNECTED').length;
  await t.until('PROVIDER.CONNECTED', connected + 1);
  return { run, call };
}

/** Our drop: BYE, IDLE; then SIPp passes and the provider lets go of everything. */
async function dropAndCheck(t: Awaited<ReturnType<typeof connectedCall>>) {
  const idle = t.events.filter((event) => event.type === 'PROVIDER.IDLE').length;
  t.call.drop();
  await t.until('PROVIDER.IDLE', idle + 1);
  t.call.dispose();
  await expectSippPassed(t.run);
  await t.sip.shutdown();
  expect(t.sip.stats().live).toEqual(NOTHING_LEFT);
}

describe.skipIf(peers.skip)(`hold and transfer against SIPp ${peers.reason}`, () => {
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.dispose()));
    await Promise.all(providers.splice(0).map((sip) => sip.shutdown()));
  });

  it('hold: re-INVITE a=sendonly, 200, ONHOLD; unhold: a=sendrecv, 200, CONNECTED ACTIVE; then BYE', async () => {
    peers.assert();
    const t = await connectedCall('uas_hold.xml');
    t.call.hold!();
    await t.until('PROVIDER.ONHOLD');
    t.call.unhold!();
    expect(await t.until('PROVIDER.CONNECTED', 2)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    await dropAndCheck(t);
  });

  it('hold refused with 488: REQUEST_FAILED with the code, the call stays up; then BYE', async () => {
    peers.assert();
    const t = await connectedCall('uas_hold_refused.xml');
    t.call.hold!();
    expect(await t.until('PROVIDER.REQUEST_FAILED')).toMatchObject({ kind: 'hold', error: 'OPERATIONFAILED', detail: { code: 488 } });
    expect(t.events.map((e) => e.type)).not.toContain('PROVIDER.ONHOLD');
    await dropAndCheck(t);
  });

  it('glare: our hold meets 491 (its re-INVITE crossed ours); we retry after the §14.1 timer (2.1-4 s: we chose the Call-ID), 200, ONHOLD; then BYE', async () => {
    peers.assert();
    const t = await connectedCall('uas_hold_glare.xml');
    const asked = Date.now();
    t.call.hold!();
    await t.until('PROVIDER.ONHOLD');
    // Real time: only the lower bound is checked (a loaded machine may take longer, never less).
    expect(Date.now() - asked).toBeGreaterThanOrEqual(2_000);
    expect(t.sent('INVITE').filter((text) => /a=sendonly/.test(text))).toHaveLength(2);
    expect(t.events.map((e) => e.type)).not.toContain('PROVIDER.REQUEST_FAILED');
    await dropAndCheck(t);
  });

  it('blind transfer whose target is busy: the final NOTIFY says SIP/2.0 486; REQUEST_FAILED kind transfer with 486, the call stays up; then BYE', async () => {
    peers.assert();
    const t = await connectedCall('uas_refer.xml', (xml) =>
      xml.replace('Subscription-State: terminated;reason=noresource\n      Contact: <sip:[local_ip]:[local_port];transport=[transport]>\n      Content-Type: message/sipfrag;version=2.0\n      Content-Length: [len]\n\n      SIP/2.0 200 OK', 'Subscription-State: terminated;reason=noresource\n      Contact: <sip:[local_ip]:[local_port];transport=[transport]>\n      Content-Type: message/sipfrag;version=2.0\n      Content-Length: [len]\n\n      SIP/2.0 486 Busy Here'),
    );
    t.call.blindTransfer!('sip:carol@127.0.0.1:5099');
    expect(await t.until('PROVIDER.REQUEST_FAILED')).toMatchObject({ kind: 'transfer', detail: { code: 486 } });
    expect(t.events.map((e) => e.type)).not.toContain('PROVIDER.TRANSFERRED');
    await dropAndCheck(t);
  });

  it('blind transfer: REFER, 202, NOTIFY 100 and 200 (each answered 200), TRANSFERRED; then BYE', async () => {
    peers.assert();
    const t = await connectedCall('uas_refer.xml');
    t.call.blindTransfer!('sip:carol@127.0.0.1:5099');
    expect(await t.until('PROVIDER.TRANSFERRED')).toEqual({ type: 'PROVIDER.TRANSFERRED', to: 'sip:carol@127.0.0.1:5099', detail: { code: 200, reason: 'OK' } });
    await dropAndCheck(t);
  });

  it('blind transfer refused with 603: REQUEST_FAILED kind transfer, the call stays up; then BYE', async () => {
    peers.assert();
    const t = await connectedCall('uas_refer_refused.xml');
    t.call.blindTransfer!('sip:carol@127.0.0.1:5099');
    expect(await t.until('PROVIDER.REQUEST_FAILED')).toMatchObject({ kind: 'transfer', detail: { code: 603, reason: 'Decline' } });
    await dropAndCheck(t);
  });

  it('consultation transfer: REFER on the first call, Refer-To <consultation target?Replaces=…> escaped; TRANSFERRED on both; BYE on each', async () => {
    peers.assert();
    // The transferee's scenario checks for an escaped Replaces instead of carol's URI.
    const t = await connectedCall('uas_refer.xml', (xml) => xml.replace('regexp="sip:carol@127\\.0\\.0\\.1:5099"', 'regexp="[?]Replaces=[^>]+%3Bto-tag%3D[^>]+%3Bfrom-tag%3D[^>]+>"'));
    const consultation = await callOn(t, 'c2', 'uas_answer.xml');
    t.call.transfer!(consultation.call);
    await t.until('PROVIDER.TRANSFERRED');
    expect(t.byCall.c2.at(-1)).toMatchObject({ type: 'PROVIDER.TRANSFERRED' });
    const invite = t.sent('INVITE').find((text) => text.includes(`127.0.0.1:${consultation.run.port}`))!;
    const callId = /\r\nCall-ID: ([^\r]+)/.exec(invite)![1];
    const fromTag = /\r\nFrom: [^\r]*;tag=([^;\r]+)/.exec(invite)![1];
    const referTo = /\r\nRefer-To: ([^\r]+)/.exec(t.sent('REFER')[0])![1];
    expect(referTo).toMatch(new RegExp(`^<sip:127\\.0\\.0\\.1:${consultation.run.port};transport=UDP\\?Replaces=${callId.replace('@', '%40').replace(/[.]/g, '\\.')}%3Bto-tag%3D\\d+SIPpTag01\\d+%3Bfrom-tag%3D${fromTag}>$`));
    consultation.call.drop();
    await t.until('PROVIDER.IDLE');
    consultation.call.dispose();
    await expectSippPassed(consultation.run);
    await dropAndCheck(t);
  });

  it('consultation transfer whose target replaces our consultation call: its BYE comes before the NOTIFY 200; the consultation call ends (origin remote), transferTo() still resolves (origin transfer)', async () => {
    peers.assert();
    const t = sipTelephony();
    // The transferee takes our hold first (transferTo() holds a connected call): uas_hold.xml's.
    const hold = readFileSync(join(SCENARIOS, 'uas_hold.xml'), 'utf8');
    const ack = '<recv request="ACK" crlf="true"/>';
    const holdStep = hold.slice(hold.indexOf('<recv request="INVITE">'), hold.indexOf(ack, hold.indexOf('<recv request="INVITE">')) + ack.length);
    const transferee = await startSipp({
      scenario: 'uas_refer.xml',
      edit: (xml) =>
        xml
          .replace(ack, `${ack}\n${holdStep}`)
          .replace('regexp="sip:carol@127\\.0\\.0\\.1:5099"', 'regexp="[?]Replaces=[^>]+>"')
          .replace('<pause milliseconds="200"/>', '<pause milliseconds="5000"/>'),
      calls: 1,
      timeoutSec: 30,
      timewaitMs: 500,
    });
    runs.push(transferee);
    const target = await startSipp({ scenario: 'uas_callee_bye.xml', edit: (xml) => xml.replace('<pause milliseconds="1000"/>', '<pause milliseconds="1500"/>'), calls: 1, timeoutSec: 30, timewaitMs: 500 });
    runs.push(target);
    try {
      const line = await t.telephony.openLine(0);
      const first = await line.makeCall(`sip:service@127.0.0.1:${transferee.port}`);
      await first.until('connected');
      await first.hold();
      const consultation = await line.makeCall(`sip:service@127.0.0.1:${target.port}`);
      await consultation.until('connected');
      const cause = await first.transferTo(consultation);
      expect(cause).toMatchObject({ origin: 'transfer', mode: 'NORMAL', detail: { code: 200 } });
      expect(await consultation.ended()).toMatchObject({ origin: 'remote', mode: 'NORMAL', connected: true });
      const at = (match: (text: string, direction: string) => boolean) => t.trace.findIndex((m) => match(m.text, m.direction));
      const refer = at((text, direction) => direction === 'out' && text.startsWith('REFER '));
      const bye = at((text, direction) => direction === 'in' && text.startsWith('BYE '));
      const notify200 = at((text, direction) => direction === 'in' && text.startsWith('NOTIFY ') && text.includes('\r\n\r\nSIP/2.0 200'));
      expect(refer).toBeGreaterThan(-1);
      expect([refer < bye, bye < notify200]).toEqual([true, true]);
      expect(t.sent('BYE')).toHaveLength(1); // on the first call only: the target ended the other
      await expectSippPassed(transferee);
      await expectSippPassed(target);
    } finally {
      expect(await t.shutdown()).toEqual(NOTHING_LEFT);
    }
  });
});
