/**
 * Options that take a time in milliseconds (`--hangup-after`, `--answer-after`): a whole number,
 * 0 or more, that a timer can hold (Node's timers take at most 2^31 - 1 ms, about 24.8 days).
 */
import { quoted } from './quote.js';
import { UsageError } from './usage-error.js';

/** The longest delay a timer takes (setTimeout's limit). */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * The milliseconds `value` says, or a {@link UsageError} naming `option` and what was typed.
 *
 * @example
 * ```ts
 * readMilliseconds('--hangup-after', '500'); // 500
 * readMilliseconds('--hangup-after', '-5');  // throws: --hangup-after takes a whole number of milliseconds (0 or more), not "-5"
 * ```
 */
export function readMilliseconds(option: string, value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(ms) || ms > MAX_DELAY) {
    throw new UsageError(`${option} takes a whole number of milliseconds (0 or more), not ${quoted(value)}`);
  }
  return ms;
}
