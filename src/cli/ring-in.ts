/**
 * `xtapi listen --ring-in <number>[,<name>]`: the simulated switch rings the line, so that the
 * command can be tried (and tested) with no network. The calls ring one after the other, the
 * first once the line listens and each next one as soon as the last has ended, so a run is the
 * same every time.
 */
import { isDtmf } from '../../providers/dtmf.js';
import type { SimulatedCaller } from '../../providers/simulated/index.js';
import { KEY_INTERVAL_MS, type SaidDigits } from '../../providers/simulated/key-presses.js';
import { NUMBER_PLAN } from './number-plan.js';
import { quoted } from './quote.js';
import { UsageError } from './usage-error.js';

/** How long a caller rung in lets the line ring before it gives up (a SIP caller's CANCEL). */
export const CALLER_PATIENCE_MS = 30_000;

/** How long after the greeting (or the answer, with none) a caller rung in presses its first key. */
export const CALLER_KEYS_AFTER_MS = 500;

/** A caller's number: digits, with `+` first for an international one. */
const NUMBER = /^\+?\d{1,32}$/;

/**
 * The caller `--ring-in` names: its number and, after the first comma, its name. The caller gives
 * up after {@link CALLER_PATIENCE_MS} if nobody answers; once answered it hangs up as the number
 * plan says for its number (5550166: after 5 s), else it waits for us to hang up.
 *
 * @example
 * ```ts
 * readRingIn('5550123,Bob Smith'); // { from: '5550123', name: 'Bob Smith', abandonAfterMs: 30000 }
 * readRingIn('5550166');           // { from: '5550166', abandonAfterMs: 30000, hangupAfterMs: 5000 }
 * readRingIn('bob');               // throws a UsageError
 * ```
 */
export function readRingIn(value: string): SimulatedCaller {
  const comma = value.indexOf(',');
  const from = comma < 0 ? value : value.slice(0, comma);
  const name = comma < 0 ? undefined : value.slice(comma + 1);
  if (!NUMBER.test(from)) throw new UsageError(`--ring-in takes the caller's number (digits, "+" first for an international one) and, after a comma, a name, not ${quoted(value)}`);
  if (name === '') throw new UsageError(`--ring-in: the caller's name after the comma is empty in ${quoted(value)}; leave the comma out for a caller with no name`);
  const caller: SimulatedCaller = { from, abandonAfterMs: CALLER_PATIENCE_MS };
  if (name !== undefined) caller.name = name;
  const hangupAfterMs = NUMBER_PLAN[from]?.hangupAfterMs;
  if (hangupAfterMs !== undefined) caller.hangupAfterMs = hangupAfterMs;
  return caller;
}

/**
 * The keys `--caller-keys` has the caller press once answered: after it has heard the greeting
 * (`greetingMs`, 0 with none) and {@link CALLER_KEYS_AFTER_MS} more, one every
 * {@link KEY_INTERVAL_MS}, so that the gathering, which starts when the greeting ends, gets them.
 *
 * @example
 * ```ts
 * readCallerKeys('12#', 300); // { digits: '12#', afterMs: 800, intervalMs: 250 }
 * readCallerKeys('12x', 0);   // throws a UsageError
 * ```
 */
export function readCallerKeys(value: string, greetingMs: number): SaidDigits {
  if (!isDtmf(value)) throw new UsageError(`--caller-keys takes the keys the caller presses (0-9, A-D, *, #), not ${quoted(value)}`);
  return { digits: value, afterMs: greetingMs + CALLER_KEYS_AFTER_MS, intervalMs: KEY_INTERVAL_MS };
}

/**
 * Rings the line `count` times from `caller`, one call after the other: `next()` rings the next
 * one, if any is left (the first at start, then each time a call has ended).
 *
 * @example
 * ```ts
 * const ringer = new RingIn((caller) => sim.offerCall(0, caller), readRingIn('5550123'), 2);
 * ringer.next(); // the first call rings
 * ```
 */
export class RingIn {
  private rung = 0;

  constructor(
    private readonly offer: (caller: SimulatedCaller) => string | null,
    private readonly caller: SimulatedCaller,
    private readonly count: number,
  ) {}

  /** Ring the next call; false when every call has rung (or the line would take none). */
  next(): boolean {
    if (this.rung >= this.count) return false;
    this.rung++;
    return this.offer(this.caller) !== null;
  }
}
