/**
 * A clock that moves only when told to: for tests, so that no test sleeps on real time.
 * Unlike XState's `SimulatedClock`, {@link ManualClock.advance} also runs the timers that are
 * set while it advances, each at its own due time, in order, the way real time would.
 */
import type { Clock } from '../../providers/provider.js';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/**
 * A manual clock.
 *
 * @example
 * ```ts
 * import { ManualClock } from 'xtapi/testing';
 *
 * const clock = new ManualClock();
 * clock.setTimeout(() => console.log('ring', clock.now()), 1000);
 * clock.advance(1000); // prints "ring 1000"
 * ```
 */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.seq;
    this.timers.set(id, { id, due: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(id: unknown): void {
    this.timers.delete(id as number);
  }

  /** Timers waiting to run. */
  get pending(): number {
    return this.timers.size;
  }

  private nextDue(limit: number): Timer | undefined {
    let next: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.due <= limit && (!next || timer.due < next.due || (timer.due === next.due && timer.id < next.id))) next = timer;
    }
    return next;
  }

  /** Move time forward by `ms`, running every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (let timer = this.nextDue(end); timer; timer = this.nextDue(end)) {
      this.timers.delete(timer.id);
      this.time = timer.due;
      timer.fn();
    }
    this.time = end;
  }

  /** Run timers until none is left (or `limit` ms have passed); returns the time advanced. */
  runAll(limit = 24 * 3600_000): number {
    const start = this.time;
    for (let timer = this.nextDue(start + limit); timer; timer = this.nextDue(start + limit)) {
      this.timers.delete(timer.id);
      this.time = timer.due;
      timer.fn();
    }
    return this.time - start;
  }
}
