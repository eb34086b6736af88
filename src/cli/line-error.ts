/**
 * The one way the command line names a LINEERR_: with its prefix, as the TAPI 2 headers spell it
 * (LINEERR_OPERATIONUNAVAIL), in text and in the `--json` lines' `error` fields alike, so a TAPI
 * developer can look any of them up by that name.
 */
import type { CallCause } from '../../machines/events.js';
import type { XtapiError } from '../phone/errors.js';
import { escapeUnsafe } from './quote.js';

/**
 * The LINEERR_ name of `code`, prefix included.
 *
 * @example
 * ```ts
 * lineErrorName('OPERATIONUNAVAIL'); // 'LINEERR_OPERATIONUNAVAIL'
 * ```
 */
export function lineErrorName(code: string): string {
  return `LINEERR_${code}`;
}

/**
 * The fields of a `--json` line that failed: the LINEERR_ name and the message in words.
 *
 * @example
 * ```ts
 * lineErrorFields(new XtapiError('INVALCALLSTATE', 'not now')); // { error: 'LINEERR_INVALCALLSTATE', message: 'not now' }
 * ```
 */
export function lineErrorFields(error: XtapiError): { error: string; message: string } {
  return { error: lineErrorName(error.code), message: error.message };
}

/**
 * `error` as text for a terminal: the LINEERR_ name, then the message (control characters
 * escaped: over SIP part of it is whatever the far end sent). A message that names the LINEERR_
 * already is not prefixed with it twice.
 *
 * @example
 * ```ts
 * lineErrorText(new XtapiError('INVALCALLSTATE', 'not now')); // 'LINEERR_INVALCALLSTATE: not now'
 * ```
 */
export function lineErrorText(error: Pick<XtapiError, 'code' | 'message'>): string {
  const name = lineErrorName(error.code);
  return error.message.includes(name) ? escapeUnsafe(error.message) : `${name}: ${escapeUnsafe(error.message)}`;
}

/**
 * The TAPI codes of a call's end, for a summary line: its LINEDISCONNECTMODE_ and, when the
 * provider failed, the LINEERR_ it failed with.
 *
 * @example
 * ```ts
 * causeCodes({ mode: 'UNAVAIL', origin: 'provider', state: 'proceeding', connected: false, error: 'OPERATIONFAILED' });
 * // 'LINEDISCONNECTMODE_UNAVAIL, LINEERR_OPERATIONFAILED'
 * ```
 */
export function causeCodes(cause: CallCause): string {
  return `LINEDISCONNECTMODE_${cause.mode}${cause.error ? `, ${lineErrorName(cause.error)}` : ''}`;
}
