/**
 * Who calls, as an incoming INVITE tells it: the caller ID and called ID of LINECALLINFO
 * (dwCallerIDFlags, dwCalledIDFlags), and why the call came here (dwReason).
 *
 * - The caller is the From (RFC 3261 §8.1.1.3): its display name, and its user part when that is
 *   a phone number, else the whole URI without parameters (so it can be called back).
 * - A withheld identity (RFC 3323: `Privacy: id` or `header`, or the anonymous URI of §4.1.1.3)
 *   gives no caller: LINECALLPARTYID_BLOCKED.
 * - A call forwarded to us carries a Diversion header (RFC 5806 §3) whose `reason` names the
 *   forwarding: user-busy, no-answer, unconditional, deflection.
 */
import type { CallReason, IncomingCall } from '../provider.js';
import { parseNameAddr } from './header-fields.js';
import { cleanText } from './mapping.js';
import { header, headerValues, type SipRequest, splitList } from './message.js';
import { decodeUser, formatHostPort, parseUri } from './uri.js';

/** RFC 5806 §3 diversion reasons, as LINECALLREASON_. */
const DIVERSION: Record<string, CallReason> = {
  'user-busy': 'FWDBUSY',
  'no-answer': 'FWDNOANSWER',
  unconditional: 'FWDUNCOND',
  deflection: 'REDIRECT',
};

/** A phone number as a user part may hold one (RFC 3966 digits, with `+`, `*` and `#`). */
const NUMBER = /^\+?[0-9*#A-D]+$/;

/**
 * What the core is told of an INVITE that arrives.
 *
 * @example
 * ```ts
 * incomingOf(invite); // { from: '5550123', name: 'Bob', to: 'alice', reason: 'DIRECT' }
 * ```
 */
export function incomingOf(invite: SipRequest): IncomingCall {
  const from = parseNameAddr(header(invite, 'from') ?? '');
  const to = parseNameAddr(header(invite, 'to') ?? '');
  const privacy = headerValues(invite, 'privacy').join(';').toLowerCase();
  const withheld = /\b(id|header|user)\b/.test(privacy) || /^sips?:anonymous@anonymous\.invalid$/i.test(from?.uri ?? '');
  const name = from?.display ? cleanText(from.display) : null;
  return {
    from: withheld || !from ? null : partyOf(from.uri),
    name: withheld || !name || /^anonymous$/i.test(name) ? null : name,
    to: to ? partyOf(to.uri) : null,
    reason: reasonOf(invite),
  };
}

/** A number for a URI whose user part is one, else the URI without its parameters. */
function partyOf(uri: string): string {
  const parsed = parseUri(uri);
  if (!parsed) return cleanText(uri);
  const user = parsed.user === null ? null : decodeUser(parsed.user.split(';')[0]);
  if (user !== null && NUMBER.test(user)) return user;
  return `${parsed.scheme}:${parsed.user === null ? '' : `${parsed.user}@`}${formatHostPort(parsed.host, parsed.port)}`;
}

function reasonOf(invite: SipRequest): CallReason {
  // The first value is the latest diversion (RFC 5806 §3: each one is added on top).
  const line = header(invite, 'diversion');
  if (line === undefined) return 'DIRECT';
  const diversion = splitList(line)[0] ?? '';
  const reason = parseNameAddr(diversion)?.params.reason;
  return (typeof reason === 'string' && DIVERSION[reason.replace(/^"|"$/g, '').toLowerCase()]) || 'UNKNOWN';
}
