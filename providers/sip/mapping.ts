/**
 * From what the far end says in SIP to what the call chart hears: provider events and TAPI's
 * LINEDISCONNECTMODE_ / LINEBUSYMODE_ ("LINEDISCONNECTMODE_ Constants", "LINEBUSYMODE_ Constants"). The SIP status and any Reason header
 * (RFC 3326) ride along as the event's `detail`, and so stay on the call's cause.
 *
 * | SIP | event, mode |
 * | --- | --- |
 * | INVITE sent | DIALING |
 * | 100, other 1xx | PROCEEDING |
 * | 180, 183 | RINGBACK |
 * | 2xx | CONNECTED |
 * | 486, 600 | BUSY (STATION) |
 * | 404, 484, 485, 604 | DISCONNECTED BADADDRESS |
 * | 300, 301, 302 with a Contact | followed (`redirect.ts`): the INVITE again there, PROCEEDING |
 * | 410, 301 not followed | DISCONNECTED NUMBERCHANGED; other 3xx: FORWARDED |
 * | 480, 408, Timer B | DISCONNECTED NOANSWER once the far end rang, else UNREACHABLE |
 * | 403, 603, 401/407 unanswerable, other 6xx | DISCONNECTED REJECT |
 * | 488, 606, 415, 420 | DISCONNECTED INCOMPATIBLE |
 * | 503 | DISCONNECTED CONGESTION; other 5xx: UNAVAIL |
 * | 482, 483, 502, 504, transport error | DISCONNECTED UNREACHABLE |
 * | 487 after our CANCEL | IDLE (the drop is done); without one: DISCONNECTED CANCELLED |
 * | BYE from the far end | DISCONNECTED NORMAL |
 *
 * A hold, unhold or transfer the far end refuses (contract rule 10) is REQUEST_FAILED: 503, 486,
 * 600 and 480 RESOURCEUNAVAIL (try later), 405, 501 and 420 OPERATIONUNAVAIL (it cannot),
 * anything else OPERATIONFAILED.
 */
import type { DisconnectMode, LineErrorName, ProviderDetail, ProviderEvent, ProviderRequest } from '../provider.js';
import { header, type SipMessage, type SipResponse } from './message.js';

/** What the far end's text may hold once it reaches a cause: no control characters, bounded. */
const MAX_REASON = 200;

/** Far-end text made safe for logs and causes (it is hostile input). */
export function cleanText(text: string): string {
  const clean = text.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ').trim();
  return clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON - 1)}…` : clean;
}

/** The provider event for a provisional response, or null for one that says nothing new. */
export function provisionalEvent(status: number, ringing: boolean): ProviderEvent | null {
  if (status === 180 || status === 183) return { type: 'PROVIDER.RINGBACK' };
  // 100 and the others (181 forwarded, 182 queued) say the call is on its way; once the far end
  // rings, a later 1xx does not take the call back to proceeding.
  return ringing ? null : { type: 'PROVIDER.PROCEEDING' };
}

/**
 * The detail of a message: the status code and reason phrase, with the Reason header (RFC 3326)
 * after it when there is one.
 *
 * @example
 * ```ts
 * detailOf({ kind: 'response', status: 486, reason: 'Busy Here', headers: new Map([['reason', ['Q.850;cause=17']]]), body: '' });
 * // { code: 486, reason: 'Busy Here (Reason: Q.850;cause=17)' }
 * ```
 */
export function detailOf(message: SipMessage): ProviderDetail {
  const reasonHeader = header(message, 'reason');
  const phrase = message.kind === 'response' ? message.reason : message.method;
  const reason = cleanText(reasonHeader ? `${phrase} (Reason: ${reasonHeader})` : phrase);
  return message.kind === 'response' ? { code: message.status, reason } : { reason };
}

/** LINEDISCONNECTMODE_ for a final failure status; `ringing` says whether the far end rang. */
export function disconnectMode(status: number, ringing: boolean): DisconnectMode {
  switch (status) {
    case 404:
    case 484:
    case 485:
    case 604:
      return 'BADADDRESS';
    case 301:
    case 410:
      return 'NUMBERCHANGED';
    case 408:
    case 480:
      return ringing ? 'NOANSWER' : 'UNREACHABLE';
    case 401:
    case 403:
    case 407:
    case 603:
      return 'REJECT';
    case 415:
    case 420:
    case 488:
    case 606:
      return 'INCOMPATIBLE';
    case 482:
    case 483:
    case 502:
    case 504:
      return 'UNREACHABLE';
    case 487:
      return 'CANCELLED';
    case 503:
      return 'CONGESTION';
  }
  if (status >= 600) return 'REJECT';
  if (status >= 300 && status < 400) return 'FORWARDED';
  return 'UNAVAIL';
}

/**
 * The provider event for a final failure response to our INVITE (3xx-6xx).
 *
 * @example
 * ```ts
 * failureEvent(response486, false); // { type: 'PROVIDER.BUSY', mode: 'STATION', detail: { code: 486, reason: 'Busy Here' } }
 * ```
 */
export function failureEvent(response: SipResponse, ringing: boolean): ProviderEvent {
  const detail = detailOf(response);
  if (response.status === 486 || response.status === 600) return { type: 'PROVIDER.BUSY', mode: 'STATION', detail };
  return { type: 'PROVIDER.DISCONNECTED', mode: disconnectMode(response.status, ringing), detail };
}

/** The event for an INVITE that got no final response: Timer B, or a transport that failed. */
export function noResponseEvent(failure: 'timeout' | 'transport', ringing: boolean): ProviderEvent {
  if (failure === 'transport') return { type: 'PROVIDER.DISCONNECTED', mode: 'UNREACHABLE', detail: { reason: 'the request could not be sent' } };
  return { type: 'PROVIDER.DISCONNECTED', mode: ringing ? 'NOANSWER' : 'UNREACHABLE', detail: { code: 408, reason: 'no final response (Timer B)' } };
}

/**
 * The event for a far end that broke the protocol in a way that ends the call: the provider has
 * released the call itself (e.g. ACKed and BYEd a 2xx without a To tag, §12.1.2), so the call
 * fails at once with LINEERR_OPERATIONFAILED, the rule broken in `message`, and the SIP status
 * and reason as `detail`.
 *
 * @example
 * ```ts
 * protocolErrorEvent('the 200 OK has no To tag (RFC 3261 §12.1.2)', ok200);
 * // { type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED', message: 'protocol error: the 200 OK has no To tag (RFC 3261 §12.1.2)', detail: { code: 200, reason: 'OK' } }
 * ```
 */
export function protocolErrorEvent(rule: string, response: SipResponse): ProviderEvent {
  return { type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED', message: `protocol error: ${rule}`, detail: detailOf(response) };
}

/** The LINEERR_ for a hold, unhold or transfer the far end refused with `status`. */
export function refusalError(status: number): LineErrorName {
  if (status === 503 || status === 486 || status === 600 || status === 480) return 'RESOURCEUNAVAIL';
  if (status === 405 || status === 501 || status === 420) return 'OPERATIONUNAVAIL';
  return 'OPERATIONFAILED';
}

/**
 * The event for a request of rule 10 that failed: refused by the far end with a status (`detail`
 * carries it), or for a reason of our own (`error`).
 *
 * @example
 * ```ts
 * requestFailed('hold', 'the far end refused the hold', { code: 488, reason: 'Not Acceptable Here' });
 * // { type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error: 'OPERATIONFAILED', message: 'the far end refused the hold', detail: { code: 488, … } }
 * ```
 */
export function requestFailed(kind: ProviderRequest, message: string, detail?: ProviderDetail, error?: LineErrorName): ProviderEvent {
  const named = error ?? (detail?.code !== undefined ? refusalError(detail.code) : 'OPERATIONFAILED');
  return { type: 'PROVIDER.REQUEST_FAILED', kind, error: named, message, ...(detail ? { detail } : {}) };
}
