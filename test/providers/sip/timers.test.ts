/**
 * Every timer the provider sets is clamped to what a timer can hold (issue 13, defect 5): Node
 * runs a delay above 2^31 − 1 ms, a negative one or NaN after 1 ms, so an unclamped value turns
 * into a flood of whatever the timer does.
 */
import { describe, expect, it } from 'vitest';
import { clampDelay, MAX_TIMER_MS, Timer } from '../../../providers/sip/timers.js';
import { NodeLikeClock } from './node-like-clock.js';

describe('timers', () => {
  it('clampDelay keeps a delay within [0, 2^31 − 1]; NaN waits the longest', () => {
    expect(clampDelay(1500)).toBe(1500);
    expect(clampDelay(4_294_968_000)).toBe(MAX_TIMER_MS);
    expect(clampDelay(-1)).toBe(0);
    expect(clampDelay(Number.NaN)).toBe(MAX_TIMER_MS);
    expect(clampDelay(Number.POSITIVE_INFINITY)).toBe(MAX_TIMER_MS);
  });

  it('a Timer set beyond the limit does not fire at once on a Node-like clock', () => {
    const clock = new NodeLikeClock();
    let fired = 0;
    const timer = new Timer(clock);
    timer.set(2 ** 40, () => fired++);
    clock.advance(1000);
    expect(fired).toBe(0);
    expect(clock.rejected).toEqual([]);
    timer.clear();
    expect(clock.pending).toBe(0);
  });
});
