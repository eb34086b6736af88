/**
 * Real calls against SIPp (Debian `sip-tester`), one SIPp per test on its own loopback port,
 * each asserted on SIPp's exit code and `-trace_stat` totals: answered and dropped by us, busy
 * (486 and 600), ringing with no answer and dropped (CANCEL, 487, ACK), hung up by the far end,
 * DTMF as INFO, and INVITEs lost on the way so that Timer A must resend them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Line } from '../../src/phone/line.js';
import { peersFor, freeUdpPort } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { startSipp, type SippRun } from '../support/peers/sipp.js';
import { startRelay } from '../support/peers/udp-relay.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');
const runs: SippRun[] = [];

async function sipp(scenario: string, edit?: (xml: string) => string): Promise<SippRun> {
  const run = await startSipp({ scenario, edit, calls: 1, timeoutSec: 20, timewaitMs: 500 });
  runs.push(run);
  return run;
}


describe.skipIf(peers.skip)(`SIP provider against SIPp ${peers.reason}`, () => {
  let t: SipTelephony;
  let line: Line;

  beforeAll(async () => {
    peers.assert();
    t = sipTelephony();
    line = await t.telephony.openLine(0);
  });

  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.dispose()));
  });

  afterAll(async () => {
    if (!t) return;
    expect(await t.shutdown()).toEqual(NOTHING_LEFT);
  });

  it('a call answered and dropped by us: INVITE, 100, 180, 200, ACK, BYE, 200', async () => {
    const run = await sipp('uas_answer.xml');
    const states: string[] = [];
    const call = await line.makeCall(`sip:service@127.0.0.1:${run.port}`);
    call.on('state', ({ state }) => states.push(state));
    await call.until('connected');
    const cause = await call.drop();
    expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    expect(states).toEqual(['proceeding', 'ringback', 'connected', 'dropping', 'ended']);
    await expectSippPassed(run);
  });

  it.each([
    ['486 Busy Here', (xml: string) => xml],
    ['600 Busy Everywhere', (xml: string) => xml.replaceAll('486 Busy Here', '600 Busy Everywhere')],
  ])('busy: %s gives busy, the SIP code on the cause, and the ACK', async (status, edit) => {
    const run = await sipp('uas_busy.xml', edit);
    const call = await line.makeCall(`sip:service@127.0.0.1:${run.port}`);
    await call.until('busy');
    const cause = await call.ended();
    expect(cause).toMatchObject({ mode: 'BUSY', origin: 'remote', connected: false, detail: { code: Number(status.slice(0, 3)), reason: status.slice(4) } });
    await expectSippPassed(run);
  });

  it('ringing with no answer, ended by our drop: CANCEL, 200, 487, ACK', async () => {
    const run = await sipp('uas_ring_noanswer.xml');
    const call = await line.makeCall(`sip:service@127.0.0.1:${run.port}`);
    await call.until('ringback');
    const cause = await call.drop();
    expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: false, state: 'ringback' });
    await expectSippPassed(run);
    // The CANCEL and the ACK for the 487 carry the INVITE's branch (§9.1, §17.1.1.3).
    const branch = (text: string) => /branch=[^;\r]+/.exec(text)![0];
    const invite = branch(t.sent('INVITE').at(-1)!.text);
    expect(branch(t.sent('CANCEL').at(-1)!.text)).toBe(invite);
    expect(branch(t.sent('ACK').at(-1)!.text)).toBe(invite);
  });

  it('the far end hangs up: its BYE gets 200 and the call is disconnected NORMAL', async () => {
    const run = await sipp('uas_callee_bye.xml');
    const call = await line.makeCall(`sip:service@127.0.0.1:${run.port}`);
    await call.until('connected');
    const cause = await call.ended();
    expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true, detail: { reason: 'BYE' } });
    await expectSippPassed(run);
  });

  it('digits dialled on a connected call reach SIPp as INFO application/dtmf-relay', async () => {
    const run = await sipp('uas_dtmf.xml');
    const call = await line.makeCall(`sip:service@127.0.0.1:${run.port}`);
    await call.until('connected');
    await call.dial('5#');
    // Both INFOs answered (SIPp checks Content-Type and Signal), then our BYE.
    const answered = () => t.trace.filter((m) => m.direction === 'in' && /^SIP\/2\.0 200 OK[\s\S]*CSeq: \d+ INFO/.test(m.text)).length;
    await vi.waitFor(() => expect(answered()).toBe(2), { timeout: 20_000 });
    await call.drop();
    await expectSippPassed(run);
  });

  it('a dialled number becomes sip:<digits>@<the line domain>', async () => {
    const port = await freeUdpPort();
    const digits = sipTelephony({ lines: [{ aor: 'sip:alice@127.0.0.1', domain: `127.0.0.1:${port}` }] });
    try {
      const run = await startSipp({ scenario: 'uas_answer.xml', calls: 1, timeoutSec: 20, port, timewaitMs: 500 });
      runs.push(run);
      const line = await digits.telephony.openLine(0);
      const call = await line.makeCall('+1 (425) 555-0111');
      await call.until('connected');
      await call.drop();
      await expectSippPassed(run);
      expect(digits.sent('INVITE')[0].text).toMatch(new RegExp(`^INVITE sip:\\+14255550111@127\\.0\\.0\\.1:${port} SIP/2\\.0`));
    } finally {
      expect(await digits.shutdown()).toEqual(NOTHING_LEFT);
    }
  });

  it('Timer A: the first three INVITEs are lost; they go out at 0, 0.5, 1.5, 3.5 s (RFC T1) and the fourth gets through', async () => {
    // A relay on loopback swallows the first three datagrams (the INVITE and two resends), so
    // what reaches SIPp does not depend on how fast anything starts on a busy machine.
    const run = await startSipp({ scenario: 'uas_answer.xml', calls: 1, timeoutSec: 30, timewaitMs: 500 });
    runs.push(run);
    const relay = await startRelay({ target: run.port, seed: 1 });
    relay.swallow(3);
    const rfc = sipTelephony({ timers: { t1: 500, t2: 4000, t4: 5000 } });
    try {
      const line = await rfc.telephony.openLine(0);
      const call = await line.makeCall(`sip:service@127.0.0.1:${relay.port}`);
      await call.until('connected');
      await call.drop();
      await expectSippPassed(run);
      const invites = rfc.sent('INVITE');
      expect(invites).toHaveLength(4);
      expect(relay.counts.lost).toBe(3);
      expect(new Set(invites.map((i) => /branch=[^;\r]+/.exec(i.text)![0])).size).toBe(1);
      const gaps = invites.slice(1).map((i, n) => i.at - invites[n].at);
      // 500, 1000, 2000 ms apart (§17.1.1.2): never early (a timer never fires early), and late
      // by less than the interval itself, however busy the machine: the doubling still shows.
      gaps.forEach((gap, n) => {
        expect(gap, `gap ${n}`).toBeGreaterThanOrEqual(500 * 2 ** n - 5);
        expect(gap, `gap ${n}`).toBeLessThan(500 * 2 ** (n + 1));
      });
    } finally {
      await relay.close();
      expect(await rfc.shutdown()).toEqual(NOTHING_LEFT);
    }
  });
});
