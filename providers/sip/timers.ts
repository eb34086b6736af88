/**
 * The RFC 3261 timers (§17.1.1.1, §17.1.2.2, §17.2; Table 4 in Appendix A), and RFC 6026's
 * Timers L and M. Everything derives from T1, T2 and T4, which tests may shrink: a peer test with
 * T1 = 50 ms runs the same rules ten times faster. Timer D uses 64·T1 (32 s with the RFC's T1,
 * the "> 32 s" Table 4 asks for on UDP), so it scales with T1 like the others.
 */
import type { Clock } from '../provider.js';

/** RTT estimate (ms): the first retransmission interval. */
export const T1 = 500;
/** The longest retransmission interval for non-INVITE requests and INVITE responses (ms). */
export const T2 = 4000;
/** The longest time a message stays in the network (ms). */
export const T4 = 5000;

/** The three base values; everything else is derived from them. */
export interface SipTimers {
  t1: number;
  t2: number;
  t4: number;
}

/** The RFC's values. */
export const rfcTimers: SipTimers = Object.freeze({ t1: T1, t2: T2, t4: T4 });

/**
 * Timers A-M by name (Table 4), for one set of base values.
 *
 * @example
 * ```ts
 * timerValues(rfcTimers).B; // 32000: an INVITE with no answer at all times out after 32 s
 * timerValues({ t1: 50, t2: 400, t4: 500 }).B; // 3200
 * ```
 */
export function timerValues(t: SipTimers) {
  return {
    /** The cap on non-INVITE request and INVITE response retransmission intervals. */
    T2: t.t2,
    /** INVITE retransmit, first interval (doubles each time). */
    A: t.t1,
    /** INVITE transaction timeout. */
    B: 64 * t.t1,
    /** Wait for response retransmits after a non-2xx final (Completed). */
    D: 64 * t.t1,
    /** Non-INVITE retransmit, first interval (doubles up to T2). */
    E: t.t1,
    /** Non-INVITE transaction timeout. */
    F: 64 * t.t1,
    /** INVITE response retransmit, first interval (server). */
    G: t.t1,
    /** Wait for ACK receipt (server). */
    H: 64 * t.t1,
    /** Wait for ACK retransmits (server). */
    I: t.t4,
    /** Wait for non-INVITE request retransmits (server). */
    J: 64 * t.t1,
    /** Wait for response retransmits (non-INVITE client). */
    K: t.t4,
    /** RFC 6026: wait for resent INVITEs in Accepted (server). */
    L: 64 * t.t1,
    /** RFC 6026: wait for 2xx retransmits in Accepted. */
    M: 64 * t.t1,
  };
}

/** Check base values given by an application; throws a RangeError for nonsense. */
export function checkTimers(t: SipTimers): SipTimers {
  for (const [name, value] of Object.entries(t)) {
    if (!Number.isFinite(value) || value < 1 || value > 600_000) throw new RangeError(`timer ${name} must be 1 to 600000 ms, not ${value}`);
  }
  if (t.t2 < t.t1) throw new RangeError(`T2 (${t.t2}) must not be less than T1 (${t.t1})`);
  return Object.freeze({ ...t });
}

/**
 * The longest delay a timer takes, in ms: Node's limit (a signed 32-bit integer, about 24.8
 * days). Node runs a longer delay, a negative one or NaN after 1 ms instead, so an unclamped
 * refresh of a long registration would fire at once, again and again.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A delay made safe for any clock: at least 0, at most {@link MAX_TIMER_MS}. NaN (a bug
 * upstream, never an option: those are checked) waits the longest, since firing at once is
 * what turns a bad value into a flood.
 *
 * @example
 * ```ts
 * clampDelay(4_294_968_000); // 2147483647
 * clampDelay(-5); // 0
 * clampDelay(NaN); // 2147483647
 * ```
 */
export function clampDelay(ms: number): number {
  if (Number.isNaN(ms)) return MAX_TIMER_MS;
  return Math.min(Math.max(ms, 0), MAX_TIMER_MS);
}

/** One named timer on a clock: set replaces, clear is idempotent; every delay is clamped. */
export class Timer {
  private id: unknown = null;

  constructor(private readonly clock: Clock) {}

  get running(): boolean {
    return this.id !== null;
  }

  set(ms: number, fn: () => void): void {
    this.clear();
    this.id = this.clock.setTimeout(() => {
      this.id = null;
      fn();
    }, clampDelay(ms));
  }

  clear(): void {
    if (this.id === null) return;
    this.clock.clearTimeout(this.id);
    this.id = null;
  }
}
