/**
 * How long a line out of service waits before it registers again: exponential back-off after
 * consecutive failures, capped, with jitter, as RFC 5626 §4.5 computes it for a UA whose flows
 * have all failed. A registrar that is down, or that refuses us, then hears from each line less
 * and less often instead of at a fixed rate, and lines that failed together do not all come
 * back in the same instant.
 */

/** The retry policy of a registration. */
export interface RetryPolicy {
  /** The wait after the first failure, ms (RFC 5626's base-time). */
  baseMs: number;
  /** The longest wait, ms (RFC 5626's max-time). */
  maxMs: number;
  /** A number in [0, 1): the jitter. */
  random: () => number;
}

/** RFC 5626 §4.5's max-time: 1800 s. */
export const DEFAULT_RETRY_MAX_MS = 1_800_000;

/**
 * The wait before retry number `failures` (1 for the first): `min(max, base · 2^(failures−1))`,
 * then a random 50-100 % of that (RFC 5626 §4.5). The first retry is never later than
 * `baseMs`, so a registrar that comes back quickly is found quickly.
 *
 * @example
 * ```ts
 * const policy = { baseMs: 30_000, maxMs: 1_800_000, random: () => 0.999 };
 * retryDelay(policy, 1); // ≈ 30 000
 * retryDelay(policy, 3); // ≈ 120 000
 * retryDelay(policy, 20); // ≈ 1 800 000 (capped)
 * ```
 */
export function retryDelay(policy: RetryPolicy, failures: number): number {
  const doubling = Math.min(Math.max(failures, 1) - 1, 30);
  const wait = Math.min(policy.maxMs, policy.baseMs * 2 ** doubling);
  return Math.round(wait * (0.5 + policy.random() / 2));
}
