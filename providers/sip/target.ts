/**
 * Where a call goes: the Request-URI for what the application dialled. A `sip:` URI passes
 * through after validation; dialled digits become `sip:<digits>@<the line's domain>`.
 *
 * The core has already refused CR, LF and control characters (LINEERR_INVALADDRESS); this checks
 * again, because a provider must never let a line break reach a message (it would forge header
 * lines, RFC 3261 §7.3.1), whoever calls it.
 */
import { hasControl } from './message.js';
import { parseUri, type SipUri, userPartOfDigits } from './uri.js';
import { isDtmf } from '../dtmf.js';

/** The longest Request-URI the provider sends (the core's limit is 256). */
export const MAX_URI_LENGTH = 512;

/** The Request-URI, or why there is none. */
export type TargetResult = { ok: true; uri: string; parsed: SipUri } | { ok: false; message: string };

/** TAPI dial modifiers that mean nothing on SIP (pulse/tone select, pause, hookflash). */
const MODIFIERS = /[!PpTt,]/g;

/**
 * The Request-URI for a dial string on a line whose domain is `domain` (`host[:port]`).
 *
 * @example
 * ```ts
 * requestUri('5550111', '127.0.0.1:5060'); // { ok: true, uri: 'sip:5550111@127.0.0.1:5060', … }
 * requestUri('sip:bob@127.0.0.1:5080', 'example.com'); // { ok: true, uri: 'sip:bob@127.0.0.1:5080', … }
 * requestUri('555\r\n0111', 'example.com'); // { ok: false, message: 'the address holds a control character' }
 * ```
 */
export function requestUri(dialled: string, domain: string): TargetResult {
  if (hasControl(dialled) || dialled.includes('\t')) return { ok: false, message: 'the address holds a control character' };
  if (dialled.length > MAX_URI_LENGTH) return { ok: false, message: `the address is longer than ${MAX_URI_LENGTH} characters` };
  if (/^sips?:/i.test(dialled)) return uriTarget(dialled);
  const digits = dialled.replace(MODIFIERS, '');
  if (!isDtmf(digits.startsWith('+') ? digits.slice(1) : digits)) return { ok: false, message: `"${digits}" is no phone number (digits 0-9, A-D, *, #, a leading +)` };
  return uriTarget(`sip:${userPartOfDigits(digits)}@${domain}`);
}

function uriTarget(uri: string): TargetResult {
  if (/[\s<>"]/.test(uri)) return { ok: false, message: 'a URI cannot hold spaces, quotes or angle brackets' };
  const parsed = parseUri(uri);
  if (!parsed) return { ok: false, message: 'not a valid sip: URI' };
  if (parsed.scheme === 'sips') return { ok: false, message: 'sips: needs TLS, which this provider does not carry' };
  if (parsed.hasHeaders) return { ok: false, message: 'a URI with ?headers is not dialled (RFC 3261 §19.1.5)' };
  // §19.1.1: a password has no place in a URI; it would go out in the Request-URI and the To.
  if (parsed.hasPassword) return { ok: false, message: 'a URI with a password (user:password@) is not dialled (RFC 3261 §19.1.1)' };
  const transport = parsed.params.transport;
  if (transport !== undefined && String(transport).toLowerCase() !== 'udp') return { ok: false, message: `transport=${String(transport)} is not carried; this provider speaks UDP` };
  return { ok: true, uri, parsed };
}
