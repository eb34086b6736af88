/**
 * The races users of other libraries trip over, named, each through the whole stack (telephony,
 * line supervisor, call actor, simulated switch) on a manual clock.
 */
import { describe, expect, it } from 'vitest';
import type { CallState } from '../../../machines/events.js';
import { harness } from '../../support/harness.js';

describe('races', () => {
  it('drop while dialling: the digits stop, the call ends NORMAL by us, nothing left', async () => {
    const h = await harness();
    const made = h.line.makeCall('5550111');
    h.clock.advance(100 + 120); // dial tone at 100, two digits dialled
    const call = await made;
    expect(call.state).toBe('dialing');
    const ended = call.drop();
    h.clock.runAll();
    expect(await ended).toMatchObject({ mode: 'NORMAL', origin: 'local', state: 'dialing', connected: false });
    expect(h.sim.calls()).toEqual([]);
    await h.shutdown();
  });

  it('drop racing answer: the answer crosses our drop, the call is dropped at the provider too (answer wins, then drop)', async () => {
    const h = await harness({ fault: 'answer-crosses-drop' });
    const made = h.line.makeCall('5550111');
    h.clock.advance(900); // ringing
    const call = await made;
    expect(call.state).toBe('ringback');
    const states: CallState[] = [];
    call.on('state', (e) => states.push(e.state));
    const ended = call.drop();
    h.clock.runAll();
    const cause = await ended;
    // The chart never shows the late answer as connected: it was dropping, and dropped again.
    expect(states).toEqual(['dropping', 'ended']);
    expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'local', state: 'ringback' });
    expect(h.sim.calls()).toEqual([]);
    await h.shutdown();
  });

  it('drop racing answer: our drop wins when it reaches the switch first (CANCEL wins)', async () => {
    const h = await harness();
    const made = h.line.makeCall('5550111');
    h.clock.advance(1849); // the answer is due at 1850
    const call = await made;
    const ended = call.drop();
    h.clock.runAll();
    expect(await ended).toMatchObject({ origin: 'local', connected: false });
    await h.shutdown();
  });

  it('far end hangs up while we drop: one end, with our drop as the cause, nothing half-open', async () => {
    const h = await harness({ timing: { drop: 50 }, numbers: { '5550111': { outcome: 'answer', hangupAfterMs: 1000 } } });
    const made = h.line.makeCall('5550111');
    h.clock.advance(1850 + 990);
    const call = await made;
    let ends = 0;
    call.on('ended', () => ends++);
    const ended = call.drop(); // leaves at 2840; the far end's BYE comes at 2850; our drop completes at 2890
    h.clock.runAll();
    expect(await ended).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    expect(ends).toBe(1);
    await h.shutdown();
  });

  it('far end hangs up just before our drop: the far end is the cause', async () => {
    const h = await harness({ numbers: { '5550111': { outcome: 'answer', hangupAfterMs: 1000 } } });
    const made = h.line.makeCall('5550111');
    h.clock.advance(2850);
    const call = await made;
    const ended = call.drop();
    h.clock.runAll();
    expect(await ended).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true });
    await h.shutdown();
  });

  it('close line with calls in every state: each ends exactly once, with a cause, and the line closes', async () => {
    const h = await harness({
      maxCallsPerLine: 8,
      numbers: {
        '1001': { outcome: 'busy' },
        '1002': { outcome: 'answer', rings: 100 },
        '1003': { outcome: 'answer', rings: 0 },
        '1004': { outcome: 'unreachable' },
      },
    });
    // At t=0 every call is placing; move time so each stands in a different state.
    const partial = h.line.makeCall('1;'); // waits in dialing
    const toneOnly = h.line.makeCall(null); // waits in dial tone
    const busy = h.line.makeCall('1001', { autoClear: false });
    const ringing = h.line.makeCall('1002');
    const answered = h.line.makeCall('1003');
    const gone = h.line.makeCall('1004', { autoClear: false });
    const idle = h.line.createCall('1005');
    h.clock.advance(1000);
    const calls = await Promise.all([partial, toneOnly, busy, ringing, answered, gone, idle]);
    const placing = h.line.makeCall('1006'); // still waiting for dial tone
    const states = [...calls.map((c) => c.state), 'placing'];
    expect(states).toEqual(['dialing', 'dialtone', 'busy', 'ringback', 'connected', 'disconnected', 'idle', 'placing']);
    const all = [...calls];
    const ends = new Map<string, number>();
    const refused = placing.then(
      () => 'accepted',
      (e: { code?: string }) => e.code,
    );
    for (const call of all) call.on('ended', () => ends.set(call.id, (ends.get(call.id) ?? 0) + 1));
    const closed = h.line.close();
    h.clock.runAll();
    await closed;
    expect(await refused).toBe('USERCANCELLED'); // the placing call's make fails: we dropped it first
    for (const call of all) {
      expect(call.snapshot.status).toBe('done');
      expect(call.cause).not.toBeNull();
      expect(ends.get(call.id)).toBe(1);
    }
    expect(all.map((c) => `${c.cause?.origin}:${c.cause?.mode}`)).toEqual([
      'local:NORMAL',
      'local:NORMAL',
      'remote:BUSY',
      'local:NORMAL',
      'local:NORMAL',
      'remote:UNREACHABLE',
      'local:NORMAL',
    ]);
    expect(h.sim.calls()).toEqual([]);
    await h.shutdown();
  });

  it('states while makeCall is pending: listeners given as makeCall\'s `on` see dial tone and dialling, which a listener added after it resolves misses', async () => {
    const h = await harness();
    const early: string[] = [];
    const made = h.line.makeCall('5550111', { on: { state: ({ state, mode }) => early.push(mode ? `${state}:${mode}` : state) } });
    h.clock.advance(100 + 120); // dial tone at 100, the make accepted, two digits dialled
    const call = await made;
    const late: string[] = [];
    call.on('state', ({ state }) => late.push(state));
    expect(early).toEqual(['placing', 'dialtone:NORMAL', 'dialing']);
    const ended = call.drop();
    h.clock.runAll();
    await ended;
    expect(early).toEqual(['placing', 'dialtone:NORMAL', 'dialing', 'dropping', 'ended']);
    expect(late).toEqual(['dropping', 'ended']);
    await h.shutdown();
  });

  it('an `ended` listener added after the end: a busy call with timing "instant" has ended when makeCall resolves, and a late on("ended") is still told, once, in a microtask', async () => {
    const h = await harness({ timing: 'instant', numbers: { '5550122': { outcome: 'busy' } } });
    const call = await h.line.makeCall('5550122');
    expect(call.snapshot.status).toBe('done');
    const told: unknown[] = [];
    call.on('ended', (event) => told.push(event));
    expect(told).toEqual([]); // never inside the call that added it
    await Promise.resolve();
    expect(told).toEqual([{ type: 'ended', callId: call.id, cause: call.cause, at: call.snapshot.context.enteredAt }]);
    expect(call.cause).toMatchObject({ mode: 'BUSY', origin: 'remote' });
    // One that stops listening before the microtask runs is not told.
    let stopped = 0;
    call.on('ended', () => stopped++)();
    await Promise.resolve();
    expect([told.length, stopped]).toEqual([1, 0]);
    await h.shutdown();
  });

  it('an `ended` listener added by another `ended` listener, while the end is being told, is told too', async () => {
    const h = await harness({ timing: 'instant', numbers: { '5550122': { outcome: 'busy' } } });
    const order: string[] = [];
    const call = await h.line.createCall('5550122');
    call.on('state', ({ state }) => {
      if (state === 'ended') call.on('ended', () => order.push('added on the ended state'));
    });
    call.on('ended', () => {
      order.push('first');
      call.on('ended', () => order.push('added by the first'));
    });
    await call.request({ type: 'MAKE' }).catch(() => {});
    await Promise.resolve();
    expect(order).toEqual(['first', 'added on the ended state', 'added by the first']);
    await h.shutdown();
  });
});
