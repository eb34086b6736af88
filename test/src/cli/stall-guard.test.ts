/**
 * `xtapi call "5550111;"` ended with no summary and exit 0: Node ends a process whose event loop
 * is empty while a promise still waits. The guard turns an empty loop before the call's end into
 * a drop and an outcome that says where the call stalled (Node's `beforeExit`, emitted here).
 */
import { describe, expect, it } from 'vitest';
import type { CallCause, CallState } from '../../../machines/events.js';
import { endedOrStalled } from '../../../src/cli/stall-guard.js';

const CAUSE: CallCause = { mode: 'NORMAL', origin: 'local', state: 'dialing', connected: false };

/** A call that ends only when dropped, and then only if `dropEnds`. */
function stuckCall(state: CallState, dropEnds = true) {
  let end: (cause: CallCause) => void = () => {};
  const ended = new Promise<CallCause>((resolve) => (end = resolve));
  let drops = 0;
  return {
    state,
    get drops() {
      return drops;
    },
    ended: () => ended,
    drop() {
      drops++;
      if (dropEnds) end(CAUSE);
      return ended;
    },
    end,
  };
}

const listeners = () => process.listenerCount('beforeExit');

describe('endedOrStalled', () => {
  it('a call that ends by itself: its cause, not stalled, and the guard is gone', async () => {
    const before = listeners();
    const call = stuckCall('connected');
    const outcome = endedOrStalled(call);
    call.end({ ...CAUSE, state: 'connected', connected: true });
    expect(await outcome).toEqual({ cause: { ...CAUSE, state: 'connected', connected: true }, stalledIn: null });
    expect(listeners()).toBe(before);
    expect(call.drops).toBe(0);
  });

  it('the event loop empties while the call waits for digits: the call is dropped and the stall reported', async () => {
    const before = listeners();
    const call = stuckCall('dialing');
    const outcome = endedOrStalled(call);
    process.emit('beforeExit', 0);
    expect(await outcome).toEqual({ cause: CAUSE, stalledIn: 'dialing' });
    expect(call.drops).toBe(1);
    expect(listeners()).toBe(before);
  });

  it('a drop that stalls too: rejects with OPERATIONFAILED instead of ending silently', async () => {
    const call = stuckCall('dialing', false);
    const outcome = endedOrStalled(call);
    process.emit('beforeExit', 0);
    process.emit('beforeExit', 0);
    await expect(outcome).rejects.toMatchObject({ code: 'OPERATIONFAILED', message: 'the call stalled in dialing and could not be dropped' });
  });
});
