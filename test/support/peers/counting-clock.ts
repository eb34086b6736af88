/**
 * The real clock, counting: every timer set through it is live until it fires or is cleared, so
 * a test on real time can check that nothing (a retransmission, a Timer F, a refresh) outlives
 * the calls and the provider that set it.
 */
import { type Clock, realClock } from '../../../providers/provider.js';

export class CountingClock implements Clock {
  private readonly timers = new Set<unknown>();

  now(): number {
    return realClock.now();
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id: unknown = realClock.setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    this.timers.add(id);
    return id;
  }

  clearTimeout(id: unknown): void {
    this.timers.delete(id);
    realClock.clearTimeout(id);
  }

  /** Timers set and not yet fired or cleared. */
  get live(): number {
    return this.timers.size;
  }
}
