/**
 * `--ring-in` and `--caller-keys`: the caller the simulated switch rings the line from, and the
 * keys it presses once it has heard the greeting.
 */
import { describe, expect, it } from 'vitest';
import { CALLER_PATIENCE_MS, readCallerKeys, readRingIn, RingIn } from '../../../src/cli/ring-in.js';
import { UsageError } from '../../../src/cli/usage-error.js';

describe('ring-in', () => {
  it('readRingIn: the number, the name after the first comma, the patience; the plan\'s hang-up', () => {
    expect(readRingIn('5550123,Bob, Jr')).toEqual({ from: '5550123', name: 'Bob, Jr', abandonAfterMs: CALLER_PATIENCE_MS });
    expect(readRingIn('5550166').hangupAfterMs).toBe(5000);
    expect(() => readRingIn('bob')).toThrow(UsageError);
  });

  it('readCallerKeys: pressed 500 ms after the greeting (or the answer), 250 ms apart; keys only', () => {
    expect(readCallerKeys('12#', 300)).toEqual({ digits: '12#', afterMs: 800, intervalMs: 250 });
    expect(readCallerKeys('*0', 0)).toEqual({ digits: '*0', afterMs: 500, intervalMs: 250 });
    expect(() => readCallerKeys('12x', 0)).toThrow('--caller-keys takes the keys the caller presses (0-9, A-D, *, #), not "12x"');
    expect(() => readCallerKeys('', 0)).toThrow(UsageError);
  });

  it('RingIn rings count times, one per next()', () => {
    const rung: string[] = [];
    const ringer = new RingIn((caller) => (rung.push(caller.from ?? ''), 'i0.1'), readRingIn('5550123'), 2);
    expect([ringer.next(), ringer.next(), ringer.next()]).toEqual([true, true, false]);
    expect(rung).toEqual(['5550123', '5550123']);
  });
});
