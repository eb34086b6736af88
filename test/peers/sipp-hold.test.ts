/**
 * Hold and transfer against SIPp (RFC 3261 §14, RFC 3264 §8.4, RFC 3515), the SIP provider driven
 * alone through a small line link (the core's hold and transfer commands are not in this test's
 * reach): one SIPp per test on its own loopback port, each asserted on its exit code and
 * `-trace_stat` totals. The scenarios check what we send (the offer's direction and version,
 * the Refer-To); the test checks what the provider reports.
 *
 * - `uas_hold.xml`: hold (a=sendonly) 200, resume (a=sendrecv) 200, our BYE.
 * - `uas_hold_refused.xml`: the hold gets 488; the call goes on; our BYE.
 * - `uas_refer.xml`: REFER 202, NOTIFY sipfrag 100, NOTIFY sipfrag 200; TRANSFERRED; our BYE.
 * - `uas_refer_refused.xml`: REFER 603; the call goes on; our BYE.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultCallParams, type LineLink, type ProviderCall, type ProviderEvent, type ProviderLine, realClock } from '../../providers/provider.js';
import { sipProvider, type SipProvider } from '../../providers/sip/index.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { peersFor } from '../support/peers/process.js';
import { FAST_TIMERS, NOTHING_LEFT } from '../support/peers/sip-telephony.js';
import { startSipp, type SippRun } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');
const runs: SippRun[] = [];
const providers: SipProvider[] = [];

/** The longest a test waits for one report (real time: the peer runs on it). */
const WAIT_MS = 15_000;

/** A line of a SIP provider, with the test as its core: every report kept, in order. */
async function providerLine() {
  const sip = sipProvider({ timers: FAST_TIMERS, lines: [{ aor: 'sip:alice@127.0.0.1' }] });
  providers.push(sip);
  const events: ProviderEvent[] = [];
  const waiting: Array<() => void> = [];
  const link: LineLink = {
    clock: realClock,
    report: (_callId, event) => {
      events.push(event);
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
  return { sip, line, events, until };
}

/** A call to SIPp's scenario, connected. */
async function connectedCall(scenario: string) {
  const run = await startSipp({ scenario, calls: 1, timeoutSec: 20, timewaitMs: 500 });
  runs.push(run);
  const t = await providerLine();
  const call: ProviderCall = t.line.makeCall({ callId: 'c1', lineIndex: 0, destination: `sip:service@127.0.0.1:${run.port}`, complete: true, params: defaultCallParams });
  await t.until('PROVIDER.CONNECTED');
  return { ...t, run, call };
}

/** Our drop: BYE, IDLE; then SIPp passes and the provider lets go of everything. */
async function dropAndCheck(t: Awaited<ReturnType<typeof connectedCall>>) {
  t.call.drop();
  await t.until('PROVIDER.IDLE');
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
});
