/**
 * The timers that only end a transaction once its work is done (RFC 3261 §17.2.2 Timer J,
 * §17.1.2.2 Timer K, §17.1.1.2 Timer D; RFC 6026 §7.1 Timers L and M): each waits a fixed time
 * after the final response, then the transaction leaves the table. A line that takes hundreds of
 * calls a second keeps tens of thousands of them for 64·T1 (32 s); a clock timer and its closures
 * each would be most of what it holds. Deadlines of one length fall due in the order they were
 * set, so a queue of them needs one clock timer, for its head.
 */
import type { Clock } from '../../provider.js';

/** What a queue ends: a transaction (ending one already ended does nothing). */
export interface Expiring {
  terminate(): void;
}

/**
 * Deadlines of one length on one clock.
 *
 * @example
 * ```ts
 * const timerJ = new ExpiryQueue(clock, 32_000);
 * timerJ.add(byeTransaction); // terminated 32 s from now, with every other one added since
 * ```
 */
export class ExpiryQueue {
  private items: Array<Expiring | undefined> = [];
  private due: number[] = [];
  private head = 0;
  private timer: unknown = null;

  constructor(
    private readonly clock: Clock,
    /** How long each waits, in ms. */
    readonly delay: number,
  ) {}

  /** How many are waiting. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** End `item` after the queue's delay. */
  add(item: Expiring): void {
    this.items.push(item);
    this.due.push(this.clock.now() + this.delay);
    if (this.timer === null) this.arm(this.delay);
  }

  /** Forget every deadline without ending anything (the layer is closing and ends them itself). */
  clear(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.items = [];
    this.due = [];
    this.head = 0;
  }

  private arm(ms: number): void {
    this.timer = this.clock.setTimeout(this.fire, Math.max(ms, 1));
  }

  private readonly fire = (): void => {
    this.timer = null;
    const now = this.clock.now();
    while (this.head < this.items.length && this.due[this.head] <= now) {
      const item = this.items[this.head]!;
      this.items[this.head++] = undefined;
      item.terminate();
    }
    // Drop the ended part once it is most of the arrays, so adding stays O(1) amortised.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.due = this.due.slice(this.head);
      this.head = 0;
    }
    if (this.head < this.items.length && this.timer === null) this.arm(this.due[this.head] - now);
  };
}
