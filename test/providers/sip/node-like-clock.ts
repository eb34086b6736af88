/**
 * A manual clock that treats a delay the way Node's `setTimeout` does: a delay above
 * 2^31 − 1 ms, below 1 ms or NaN becomes 1 ms (Node prints a TimeoutOverflowWarning and fires
 * at once). A test on this clock sees what a real process would do with an unclamped timer,
 * without waiting; `rejected` lists every delay that Node would have replaced.
 */
import { ManualClock } from '../../../src/testing/manual-clock.js';

/** Node's largest timer delay (ms): a signed 32-bit integer. */
export const NODE_TIMEOUT_MAX = 2 ** 31 - 1;

export class NodeLikeClock extends ManualClock {
  /** Delays Node would not have honoured, in the order they were asked for. */
  readonly rejected: number[] = [];

  override setTimeout(fn: () => void, ms: number): number {
    if (!(ms >= 1 && ms <= NODE_TIMEOUT_MAX)) {
      if (ms !== 0) this.rejected.push(ms);
      return super.setTimeout(fn, 1);
    }
    return super.setTimeout(fn, ms);
  }
}
