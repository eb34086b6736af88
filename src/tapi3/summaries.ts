/**
 * How TAPI 3 objects print: `console.log(event)` showed 248 lines of XState actor internals (a
 * call holds its actor). Calls, addresses, the TAPI object and the event objects print instead as
 * one line of what a TAPI programmer reads (`util.inspect.custom`), with each enumerated value
 * by its C name, and turn into the same fields for `JSON.stringify` (`toJSON`).
 */
import { inspect } from 'node:util';
import * as constants from './constants.js';

const byName = constants as Readonly<Record<string, number>>;

/**
 * The C name of a TAPI 3 constant with `prefix` and `value` (the first one declared, so
 * CS_QUEUED, not CS_LASTITEM), or the number itself when there is none.
 *
 * @example
 * ```ts
 * constantName('CS_', 2);   // 'CS_CONNECTED'
 * constantName('CEC_', 99); // '99'
 * ```
 */
export function constantName(prefix: string, value: number): string {
  for (const [name, constant] of Object.entries(byName)) if (name.startsWith(prefix) && constant === value && !name.endsWith('_LASTITEM')) return name;
  return String(value);
}

/** The names of the TE_ bits set in `mask`, joined with `|` (`0` for none). */
export function teBits(mask: number): string {
  const names = Object.entries(byName).filter(([name, bit]) => name.startsWith('TE_') && name !== 'TE_ALL' && (mask & bit) !== 0).map(([name]) => name);
  return names.length ? names.join(' | ') : '0';
}

/**
 * One line: the interface name and the fields given, as `util.inspect` writes an object, never
 * broken over lines.
 *
 * @example
 * ```ts
 * oneLine('ITCall', { CallState: 'CS_CONNECTED' }); // "ITCall { CallState: 'CS_CONNECTED' }"
 * ```
 */
export function oneLine(name: string, fields: Record<string, unknown>): string {
  return `${name} ${inspect(fields, { breakLength: Infinity, depth: 1 })}`;
}

/** The `util.inspect.custom` symbol, for the classes that print themselves. */
export const INSPECT = inspect.custom;
