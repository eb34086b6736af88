/**
 * The DTMF digits, defined once: 0-9, A-D, * and # (the sixteen tones of a telephone keypad;
 * "Dialable Addresses" and lineGenerateDigits on learn.microsoft.com, RFC 4733 §3.2's events
 * 0-15). Lower-case a-d are the same digits. Every layer that reads or sends digits uses this.
 *
 * @example
 * ```ts
 * isDtmf('1#');            // true
 * dtmfOnly('1, 2-3a');     // '123A'
 * ```
 */

/** One DTMF digit, either case. */
export const DTMF_DIGIT = /[0-9A-Da-d*#]/;

/** Whether `text` is one or more DTMF digits and nothing else. */
export function isDtmf(text: string): boolean {
  return /^[0-9A-Da-d*#]+$/.test(text);
}

/** The DTMF digits of `text`, upper-case, everything else dropped. */
export function dtmfOnly(text: string): string {
  return text.replace(/[^0-9A-Da-d*#]/g, '').toUpperCase();
}
