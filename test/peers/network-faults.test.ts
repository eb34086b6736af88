/**
 * A bad network between xtapi and SIPp: a seeded UDP relay on loopback loses, duplicates and
 * reorders datagrams both ways; a peer goes silent mid-call; a peer restarts and has forgotten
 * the call. Whatever happens, every call ends with a cause, and once the telephony has shut
 * down nothing is left: no call, transaction, dialog, socket or timer (a counting clock holds
 * every timer the core and the provider set).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Call } from '../../src/phone/call.js';
import { CountingClock } from '../support/peers/counting-clock.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';
import { startSipp, type SippRun } from '../support/peers/sipp.js';
import { type Relay, startRelay } from '../support/peers/udp-relay.js';
import { PEER_TIMEOUTS } from '../support/peers/expect-peers.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');
const cleanup: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A telephony on a counting clock; its shutdown is checked for leaks by the test itself. */
function telephony(): { t: SipTelephony; clock: CountingClock } {
  const clock = new CountingClock();
  return { t: sipTelephony({ clock, telephonyClock: clock }), clock };
}

/** A relay on loopback, then SIPp behind it (told the relay's port, for its Contact). */
async function behindRelay(scenario: string, calls: number, seed: number, impairment = {}): Promise<{ relay: Relay; sipp: SippRun }> {
  const relay = await startRelay({ target: 0, seed, ...impairment });
  cleanup.push(() => relay.close());
  const sipp = await startSipp({ scenario, calls, timeoutSec: 110, timewaitMs: 500, args: ['-key', 'relay', String(relay.port)] });
  cleanup.push(() => sipp.dispose());
  relay.retarget(sipp.port);
  return { relay, sipp };
}

/** Shut down and check that nothing is left. */
async function expectNothingLeft(t: SipTelephony, clock: CountingClock): Promise<void> {
  expect(await t.shutdown()).toEqual(NOTHING_LEFT);
  expect(clock.live, 'timers still set after shutdown').toBe(0);
}

describe.skipIf(peers.skip)(`SIP over a bad network ${peers.reason}`, () => {
  it('15 % loss, 10 % duplication, 10 % reordering both ways: twenty calls, each ends with a cause, nothing leaks', async () => {
    peers.assert();
    // SIPp counts a late resend of ours (after its timewait) as a call of its own, failed: give
    // it room for those, and stop it ourselves at the end.
    const { relay } = await behindRelay('uas_lossy.xml', 1000, 13, { loss: 0.15, duplicate: 0.1, reorder: 0.1 });
    const { t, clock } = telephony();
    const line = await t.telephony.openLine(0);
    const causes: string[] = [];
    for (let i = 0; i < 20; i++) {
      // A far end that died after its provisional would hold the call in proceeding for ever
      // (RFC 3261 lets it ring): the application's guard is dwNoAnswerTimeout.
      const call: Call = await line.makeCall(`sip:service@127.0.0.1:${relay.port}`, { noAnswerTimeout: 10_000 });
      const connected = await call.until('connected').then(
        () => true,
        () => false,
      );
      const cause = connected ? await call.drop() : await call.ended();
      causes.push(`${cause.mode}/${cause.origin}`);
      expect(cause.mode, JSON.stringify(cause)).toBeTruthy();
    }
    // The network was bad, and most calls got through all the same.
    const report = `${JSON.stringify(relay.counts)}: ${causes.join(', ')}`;
    expect(relay.counts.lost, report).toBeGreaterThan(5);
    expect(relay.counts.duplicated + relay.counts.reordered, report).toBeGreaterThan(5);
    expect(causes.filter((c) => c === 'NORMAL/local').length, report).toBeGreaterThanOrEqual(16);
    await expectNothingLeft(t, clock);
    // SIPp answers a BYE that overtook the ACK, then lets our resends go unanswered: such a drop
    // takes Timer F (3.2 s). A few of those, on a loaded machine, need more than a minute's room.
  }, 120_000);

  it('the peer goes silent mid-call: the drop sends BYE until Timer F, then the call is idle; nothing leaks', async () => {
    peers.assert();
    const { relay } = await behindRelay('uas_lossy.xml', 1, 7);
    const { t, clock } = telephony();
    const line = await t.telephony.openLine(0);
    const call = await line.makeCall(`sip:service@127.0.0.1:${relay.port}`);
    await call.until('connected');
    relay.silence(true);
    const started = Date.now();
    const cause = await call.drop();
    expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    // 64·T1 with the tests' T1 of 50 ms: 3.2 s of BYEs (never much sooner).
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(t.sent('BYE').length).toBeGreaterThanOrEqual(5);
    await expectNothingLeft(t, clock);
  });

  it('the peer goes silent while ringing: the CANCEL goes unanswered, 64·T1 later the call is idle', async () => {
    peers.assert();
    const { relay } = await behindRelay('uas_ring_noanswer.xml', 1, 11);
    const { t, clock } = telephony();
    const line = await t.telephony.openLine(0);
    const call = await line.makeCall(`sip:service@127.0.0.1:${relay.port}`);
    await call.until('ringback');
    relay.silence(true);
    const cause = await call.drop();
    expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: false });
    expect(t.sent('CANCEL').length).toBeGreaterThanOrEqual(1);
    await expectNothingLeft(t, clock);
  });

  it('the peer restarts mid-call and has forgotten it: our BYE gets 481 and the call ends at once', async () => {
    peers.assert();
    const { relay, sipp: before } = await behindRelay('uas_lossy.xml', 1, 5);
    const { t, clock } = telephony();
    const line = await t.telephony.openLine(0);
    const call = await line.makeCall(`sip:service@127.0.0.1:${relay.port}`);
    await call.until('connected');
    before.process.kill('SIGKILL'); // the peer dies, and comes back knowing nothing
    await before.process.exited;
    const after = await startSipp({ scenario: 'uas_restarted.xml', calls: 1, timeoutSec: 20, timewaitMs: 500 });
    cleanup.push(() => after.dispose());
    relay.retarget(after.port);
    const cause = await call.drop();
    expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    // Ended by the 481, not by Timer F: that would have taken some eleven BYEs (every 50 ms,
    // doubling up to T2 = 400 ms, for 3.2 s); a busy machine may add a resend or two, not seven.
    expect(t.sent('BYE').length).toBeLessThan(8);
    expect(t.trace.some((m) => m.direction === 'in' && m.text.startsWith('SIP/2.0 481'))).toBe(true);
    await expectNothingLeft(t, clock);
  });
});
