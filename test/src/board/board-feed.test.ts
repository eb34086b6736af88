/**
 * The board's feed (no browser): a line its provider takes out of service shows so, with why,
 * in the line's entry and the log, and comes back; with numbers stripped, the why is masked.
 * Every call shows on its own line from its first update, whichever provider's line it is on.
 * A call that arrives shows with its caller (masked when numbers are stripped), and can be
 * answered or rejected while, and only while, it is offered.
 */
import { describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { BoardFeed, type BoardUpdate } from '../../../src/board/board-feed.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';

describe('board feed: line service', () => {
  it('shows a line out of service with why, and back in service', async () => {
    const sim = simulatedProvider({ timing: 'instant' });
    const telephony = createTelephony({ providers: [sim], clock: new ManualClock() });
    const feed = new BoardFeed(telephony);
    const masked = new BoardFeed(telephony, { stripNumbers: true });
    const updates: BoardUpdate[] = [];
    feed.subscribe((update) => updates.push(update));
    await telephony.openLine(0);
    expect(feed.snapshot().lines[0]).toMatchObject({ state: 'open', outOfService: null });

    sim.setLineService(0, false, 'registrar sip:registrar@example.com said 503');
    expect(feed.snapshot().lines[0]).toMatchObject({ state: 'open', outOfService: 'registrar sip:registrar@example.com said 503' });
    expect(masked.snapshot().lines[0].outOfService).not.toContain('example.com');
    expect(updates.filter((u) => u.type === 'line').map((u) => u.type === 'line' && u.line.outOfService)).toContain('registrar sip:registrar@example.com said 503');
    expect(feed.snapshot().log.map((e) => e.text)).toContain('line 0 out of service (registrar sip:registrar@example.com said 503)');

    sim.setLineService(0, true);
    expect(feed.snapshot().lines[0]).toMatchObject({ state: 'open', outOfService: null });
    expect(feed.snapshot().log.at(-1)?.text).toBe('line 0 open');
    feed.close();
    masked.close();
    await telephony.shutdown();
  });
});

describe('board feed: the line of each call', () => {
  it('made, arrived, or there before the feed: each call names its device from its first update, on every provider', async () => {
    const a = simulatedProvider({ name: 'a', lines: 2, timing: 'instant', maxCallsPerLine: 1 });
    const b = simulatedProvider({ name: 'b', timing: 'instant' });
    const telephony = createTelephony({ providers: [a, b], clock: new ManualClock() });
    const lines = await Promise.all([0, 1, 2].map((id) => telephony.openLine(id)));
    const before = await lines[2].makeCall('5550111'); // device 2 is line 0 of provider b
    const feed = new BoardFeed(telephony);
    const updates: BoardUpdate[] = [];
    feed.subscribe((update) => updates.push(update));

    const made = await lines[1].makeCall('5550112');
    await lines[1].makeCall('5550113').catch(() => {}); // refused: line 1 holds one call
    const arrived = new Promise<string>((resolve) => lines[2].on('incoming', (call) => resolve(call.id)));
    b.offerCall(0, { from: '5550123' });
    const incoming = await arrived;

    const deviceOf = (callId: string) => [...new Set(updates.flatMap((u) => (u.type === 'call' && u.call.callId === callId ? [u.call.deviceId] : [])))];
    expect(feed.snapshot().calls.find((c) => c.callId === before.id)?.deviceId).toBe(2);
    expect(deviceOf(made.id)).toEqual([1]);
    expect(deviceOf(incoming)).toEqual([2]);
    feed.close();
    await telephony.shutdown();
  });
});

describe('board feed: calls that arrive', () => {
  async function offered(options: { stripNumbers?: boolean } = {}) {
    const clock = new ManualClock();
    const sim = simulatedProvider({ timing: { answer: 20, drop: 20 } });
    const telephony = createTelephony({ providers: [sim], clock });
    const feed = new BoardFeed(telephony, options);
    await telephony.openLine(0);
    const callId = sim.offerCall(0, { from: '5550123', name: 'Bob 5550123' })!;
    const call = () => feed.snapshot().calls.find((c) => c.callId === callId)!;
    const stop = async () => {
      feed.close();
      const done = telephony.shutdown();
      clock.runAll();
      await done;
    };
    return { clock, sim, feed, callId, call, stop };
  }

  it('shows the caller and the direction, and the offer in the log', async () => {
    const { feed, callId, call, stop } = await offered();
    expect(call()).toMatchObject({ callId, deviceId: 0, direction: 'in', address: null, caller: { number: '5550123', name: 'Bob 5550123' }, state: 'offering', active: ['offering'] });
    expect(feed.snapshot().log.map((e) => e.text)).toContain('line 0 ← CALL.OFFERED (from 5550123)');
    await stop();
  });

  it('with numbers stripped, neither the caller\'s number nor a number in its name shows, in the call or the log', async () => {
    const { feed, call, stop } = await offered({ stripNumbers: true });
    expect(call().caller).toEqual({ number: '[number]', name: 'Bob [number]' });
    expect(JSON.stringify(feed.snapshot())).not.toContain('5550123');
    await stop();
  });

  it('answer: only an offered call takes it; it connects, and cannot be rejected any more', async () => {
    const { clock, feed, callId, call, stop } = await offered();
    expect(feed.answer('c99')).toBe(false);
    expect(feed.answer(callId)).toBe(true);
    expect(call().state).toBe('answering');
    expect(feed.answer(callId)).toBe(false);
    clock.advance(20);
    expect(call().state).toBe('connected');
    expect(feed.reject(callId)).toBe(false);
    expect(feed.drop(callId)).toBe(true);
    clock.runAll();
    expect(call()).toMatchObject({ state: 'ended', cause: { origin: 'local', connected: true } });
    await stop();
  });

  it('reject: the caller is refused with REJECT (SIP 603, DC_REJECTED), which is the cause', async () => {
    const { clock, sim, feed, callId, call, stop } = await offered();
    expect(feed.reject(callId)).toBe(true);
    expect(sim.calls()[0].refusedWith).toBe('REJECT');
    clock.runAll();
    expect(call()).toMatchObject({ state: 'ended', cause: { mode: 'REJECT', origin: 'local', state: 'offering', connected: false } });
    expect(feed.answer(callId)).toBe(false);
    await stop();
  });
});

describe('board feed: what the providers dropped', () => {
  it('shows each provider\'s non-zero counters, sends them only when they change, and has them for a page that connects later', async () => {
    const counts = { malformed: 0, overloaded: 0 };
    const sim = Object.assign(simulatedProvider({ timing: 'instant' }), { counters: () => ({ ...counts }) });
    const telephony = createTelephony({ providers: [sim], clock: new ManualClock() });
    const feed = new BoardFeed(telephony);
    const updates: BoardUpdate[] = [];
    feed.subscribe((update) => updates.push(update));
    expect(feed.snapshot().counters).toEqual([{ provider: 'simulated', counts: {} }]);
    feed.refreshCounters();
    expect(updates).toEqual([]); // nothing changed
    counts.overloaded = 1_200;
    counts.malformed = 3;
    feed.refreshCounters();
    feed.refreshCounters();
    expect(updates).toEqual([{ type: 'counters', counters: { provider: 'simulated', counts: { malformed: 3, overloaded: 1_200 } } }]);
    expect(feed.snapshot().counters).toEqual([{ provider: 'simulated', counts: { malformed: 3, overloaded: 1_200 } }]);
    feed.close();
    await telephony.shutdown();
  });
});
