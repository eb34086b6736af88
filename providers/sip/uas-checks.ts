/**
 * What a UAS checks before it acts on a request, in the order RFC 3261 §8.2 gives, each with the
 * answer the RFC asks for instead of silence:
 *
 * 1. The request can be read (§8.2, §25): its top Via, From, To and CSeq parse, and the CSeq
 *    method is the request's (RFC 4475 §3.1.2.17) → else 400.
 * 2. The method (§8.2.1): one it does not know → 501; one it knows but does not carry (REGISTER,
 *    SUBSCRIBE, MESSAGE, …) → 405; both with Allow.
 * 3. The Request-URI (§8.2.2.1): a scheme other than sip → 416 (RFC 4475 §3.3.2, §3.3.3);
 *    escaped headers in it (§19.1.5, RFC 4475 §3.1.2.11) → 400.
 * 4. Require (§8.2.2.3): this UAS supports no extension, so any option tag → 420 with Unsupported
 *    listing them (RFC 4475 §3.3.5). Not for CANCEL and ACK, which must not carry one.
 * 5. The body (§8.2.3): one without a Content-Type → 400 (§20.15); an encoding other than
 *    identity, or an INVITE body other than SDP → 415 with Accept and Accept-Encoding
 *    (RFC 4475 §3.3.6). Other methods' bodies are not read, so any type passes.
 *
 * Only then does the request reach its dialog or the endpoint's own answers.
 */
import { parseNameAddr, parseVia } from './header-fields.js';
import { header, headerValues, parseCSeq, type SipRequest } from './message.js';
import { parseUri } from './uri.js';

/** The methods this UA carries (the Allow header, §20.5). */
export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY';

const ALLOWED = new Set(ALLOW.split(', '));

/**
 * Methods RFC 3261 and its extensions define that this UA does not carry: 405, not 501 (§8.2.1:
 * 405 when the method is recognised, §21.5.2: 501 when it is not).
 */
const KNOWN = new Set(['REGISTER', 'PRACK', 'SUBSCRIBE', 'PUBLISH', 'MESSAGE', 'UPDATE']);

/** The body types an INVITE may carry here: SDP (§13.2.1: the offer). */
const INVITE_BODIES = new Set(['application/sdp']);

/** An answer that refuses a request: status, reason phrase and extra header fields. */
export interface Refusal {
  status: number;
  reason: string;
  headers: Array<[string, string]>;
}

const refuse = (status: number, reason: string, headers: Array<[string, string]> = []): Refusal => ({ status, reason, headers });

/**
 * `type/subtype` of a Content-Type value, lower-cased; null when it is not one (§20.15).
 *
 * @example
 * ```ts
 * mediaType('Application/SDP; charset=utf-8'); // 'application/sdp'
 * mediaType(';;;'); // null
 * ```
 */
export function mediaType(value: string): string | null {
  const match = /^\s*([A-Za-z0-9\-.!%*_+`'~]+)\s*\/\s*([A-Za-z0-9\-.!%*_+`'~]+)\s*(?:;.*)?$/.exec(value);
  return match ? `${match[1]}/${match[2]}`.toLowerCase() : null;
}

/**
 * The refusal a request gets before anything acts on it, or null when it may go on.
 *
 * @example
 * ```ts
 * checkRequest(optionsWithRequire); // { status: 420, reason: 'Bad Extension', headers: [['unsupported', 'foo']] }
 * checkRequest(inviteWithXmlBody); // { status: 415, reason: 'Unsupported Media Type', headers: [['accept', 'application/sdp'], …] }
 * checkRequest(goodBye); // null
 * ```
 */
export function checkRequest(request: SipRequest): Refusal | null {
  const syntax = unreadable(request);
  if (syntax) return refuse(400, `Bad Request (${syntax})`);
  if (!ALLOWED.has(request.method)) {
    return KNOWN.has(request.method) ? refuse(405, 'Method Not Allowed', [['allow', ALLOW]]) : refuse(501, 'Not Implemented', [['allow', ALLOW]]);
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(request.uri)![1].toLowerCase();
  if (scheme !== 'sip') return refuse(416, 'Unsupported URI Scheme');
  if (parseUri(request.uri)?.hasHeaders) return refuse(400, 'Bad Request (headers in the Request-URI)');
  if (request.method !== 'CANCEL' && request.method !== 'ACK') {
    const required = headerValues(request, 'require');
    if (required.length > 0) return refuse(420, 'Bad Extension', [['unsupported', required.join(', ')]]);
  }
  return body(request);
}

/** Why the fields every answer and every dialog rely on cannot be read, or null. */
function unreadable(request: SipRequest): string | null {
  const top = headerValues(request, 'via')[0];
  if (!top || !parseVia(top)) return 'bad Via';
  const cseq = parseCSeq(header(request, 'cseq')!);
  if (!cseq) return 'bad CSeq';
  if (cseq.method !== request.method) return 'CSeq method differs from the request';
  if (!parseNameAddr(header(request, 'from')!)) return 'bad From';
  if (!parseNameAddr(header(request, 'to')!)) return 'bad To';
  return null;
}

function body(request: SipRequest): Refusal | null {
  if (request.body.length === 0) return null;
  const typeText = header(request, 'content-type');
  if (typeText === undefined) return refuse(400, 'Bad Request (a body without Content-Type)');
  const type = mediaType(typeText);
  if (!type) return refuse(400, 'Bad Request (bad Content-Type)');
  const unsupported = [['accept', [...INVITE_BODIES].join(', ')], ['accept-encoding', 'identity']] as Array<[string, string]>;
  if (headerValues(request, 'content-encoding').some((coding) => coding.toLowerCase() !== 'identity')) return refuse(415, 'Unsupported Media Type', unsupported);
  if (request.method === 'INVITE' && !INVITE_BODIES.has(type)) return refuse(415, 'Unsupported Media Type', unsupported);
  return null;
}
