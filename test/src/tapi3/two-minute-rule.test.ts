/**
 * The two-minute rule's timer on its own: it settles once, undoes its listeners once however the
 * operation ends, and leaves no timer behind.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { S_OK, TAPI_E_TIMEOUT, TWO_MINUTES } from '../../../src/tapi3/index.js';
import { withinTimeout } from '../../../src/tapi3/two-minute-rule.js';

describe('withinTimeout', () => {
  it('an operation done at once: its result, cleanup once, no timer left', async () => {
    const clock = new ManualClock();
    let cleanups = 0;
    const hr = await withinTimeout(clock, TWO_MINUTES, (done) => {
      done(S_OK);
      done(1); // a second completion changes nothing
      return () => cleanups++;
    });
    expect([hr, cleanups, clock.pending]).toEqual([S_OK, 1, 0]);
  });

  it('an operation done later: its result; the timer is cleared', async () => {
    const clock = new ManualClock();
    let finish!: (hr: number) => void;
    let cleanups = 0;
    const result = withinTimeout(clock, TWO_MINUTES, (done) => {
      finish = done;
      return () => cleanups++;
    });
    clock.advance(60_000);
    finish(S_OK);
    expect([await result, cleanups, clock.pending]).toEqual([S_OK, 1, 0]);
  });

  it('an operation that never completes: TAPI_E_TIMEOUT at exactly two minutes, cleanup then onTimeout', async () => {
    const clock = new ManualClock();
    const order: string[] = [];
    let finish!: (hr: number) => void;
    let hr: number | undefined;
    void withinTimeout(
      clock,
      TWO_MINUTES,
      (done) => {
        finish = done;
        return () => order.push('cleanup');
      },
      () => order.push('onTimeout'),
    ).then((r) => (hr = r));
    clock.advance(TWO_MINUTES - 1);
    await Promise.resolve();
    expect(hr).toBeUndefined();
    clock.advance(1);
    await Promise.resolve();
    expect(hr).toBe(TAPI_E_TIMEOUT);
    finish(S_OK); // too late: nothing happens
    expect(order).toEqual(['cleanup', 'onTimeout']);
    expect(clock.pending).toBe(0);
  });
});
