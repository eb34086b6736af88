/**
 * Framing: what turns a datagram into no message at all, and what leaves a request bad but still
 * answerable (RFC 3261 §8.2, §18.3, §25; RFC 4475 §3.1.2). `message.ts` parses; this decides,
 * for a request that breaks a rule, whether a response can be formed (it needs the five header
 * fields a response copies, §8.2.6.2) and which: 400, or 505 for another SIP version.
 */
import type { Headers, SipRequest } from './message.js';

/**
 * A request that is framed well enough to be answered but is not valid: the answer RFC 3261 asks
 * for (400, or 505 for another SIP version) and what of the request could be read. It has the
 * five header fields a response copies (Via, From, To, Call-ID, CSeq, §8.2.6.2); its `method`
 * is the start line's, else the CSeq's.
 */
export interface RequestFault {
  status: 400 | 505;
  reason: string;
  request: SipRequest;
}

/**
 * Headers that a message carries at most once (their grammar is no list, §7.3.1, §20): a second
 * From, To, Call-ID or CSeq leaves the message meaning two things (RFC 4475 §3.3.8), and a
 * second Content-Length leaves its framing unknown (§3.3.9).
 */
export const SINGLE_HEADERS = ['from', 'to', 'call-id', 'cseq', 'content-length', 'content-type', 'max-forwards'];

/** What a response to a request copies, so without them a request cannot be answered (§8.2.6.2). */
export const ANSWER_HEADERS = ['via', 'from', 'to', 'call-id', 'cseq'];

/**
 * Whether every control character in `head` is the second half of a quoted-pair inside a
 * quoted string (§25.1), and no CR stands alone. Only called when a control character is there.
 *
 * @example
 * ```ts
 * controlsAreQuoted('To: "NUL:\\\u0000" <sip:a@b>'); // true (RFC 4475 §3.1.1.2)
 * controlsAreQuoted('To: <sip:a@b>\rX-Evil: 1'); // false: a bare CR would forge a line
 * ```
 */
export function controlsAreQuoted(head: string): boolean {
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0x0a) {
      // A new header line ends any quoted string; a folded one (SP or HT next) goes on.
      if (head.charCodeAt(i + 1) !== 0x20 && head.charCodeAt(i + 1) !== 0x09) quoted = false;
    } else if (c === 0x0d) {
      if (head.charCodeAt(i + 1) !== 0x0a) return false;
    } else if (quoted && c === 0x5c) {
      const next = head.charCodeAt(++i);
      if (next === 0x0d || next === 0x0a) return false;
    } else if (c === 0x22) {
      quoted = !quoted;
    } else if ((c < 0x20 && c !== 0x09) || c === 0x7f) {
      return false;
    }
  }
  return true;
}

/**
 * The fault of a request that can be answered, or nothing when it lacks what an answer copies
 * (or is an ACK, which is never answered, §17.2.1).
 *
 * @example
 * ```ts
 * faultOf('OPTIONS sip:a@b SIP/7.0', headers, 505, 'version SIP/7.0').fault?.reason; // 'Version Not Supported'
 * faultOf('INVITE <sip:a@b> SIP/2.0', headersWithoutCallId, 400, 'bad request line'); // {}
 * ```
 */
export function faultOf(first: string, headers: Headers, status: 400 | 505, detail: string): { fault?: RequestFault } {
  for (const name of ANSWER_HEADERS) if (!headers.get(name)?.[0]) return {};
  const cseqMethod = /\S+$/.exec(headers.get('cseq')![0])?.[0] ?? '';
  const startMethod = /^([A-Za-z0-9\-.!%*_+`'~]+) /.exec(first)?.[1];
  const method = startMethod ?? cseqMethod;
  // §17.2.1: an ACK is never answered, whatever is wrong with it.
  if (method === 'ACK' || cseqMethod === 'ACK') return {};
  const reason = status === 505 ? 'Version Not Supported' : `Bad Request (${detail})`;
  return { fault: { status, reason, request: { kind: 'request', method, uri: '', headers, body: '' } } };
}

