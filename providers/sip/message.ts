/**
 * SIP messages: the parser and the serialiser (RFC 3261 §7, §20, §25).
 *
 * A datagram from the network is hostile until proved otherwise. {@link parseMessage} never
 * throws: it returns the message, or why it was dropped (`oversized`, `truncated`,
 * `malformed`), so the transport can count drops instead of crashing on them. Sizes are bounded
 * ({@link MESSAGE_LIMITS}) before any work is done, and no input decides how much is allocated.
 *
 * Header names are kept in their long, lower-case form (`v` becomes `via`, §7.3.3), each with
 * the list of its field values in order. A header that may carry several comma-separated values
 * (Via, Route, Record-Route, Contact, …, §7.3.1) is split by {@link headerValues}, which respects
 * quoted strings and `<…>`.
 */

import { ANSWER_HEADERS, controlsAreQuoted, faultOf, type RequestFault, SINGLE_HEADERS } from './framing.js';

export type { RequestFault } from './framing.js';

/** Header fields, by long lower-case name, each with its values in the order they came. */
export type Headers = Map<string, string[]>;

/** A SIP request. */
export interface SipRequest {
  readonly kind: 'request';
  method: string;
  uri: string;
  headers: Headers;
  body: string;
}

/** A SIP response. */
export interface SipResponse {
  readonly kind: 'response';
  status: number;
  reason: string;
  headers: Headers;
  body: string;
}

/** A SIP request or response. */
export type SipMessage = SipRequest | SipResponse;

/** Why a datagram was dropped. */
export type DropReason = 'oversized' | 'truncated' | 'malformed';

/**
 * The outcome of {@link parseMessage}: a message, or why the datagram is no valid message; a
 * request that can still be answered carries its {@link RequestFault}.
 */
export type ParseOutcome = { ok: true; message: SipMessage } | { ok: false; reason: DropReason; detail: string; fault?: RequestFault };

/**
 * Bounds on what the parser accepts. A UDP datagram is at most 65,507 bytes; a SIP message over
 * UDP should stay under 1,300 (§18.1.1), so 16 KiB leaves room for large SDP and no more.
 */
export const MESSAGE_LIMITS = Object.freeze({
  /** Bytes in one message (start line, headers and body). */
  bytes: 16_384,
  /** Header lines, counting folded continuation lines. */
  headerLines: 128,
  /** Values one comma-separated header may carry. */
  listValues: 64,
});

/** Compact forms (§7.3.3, and the later RFCs that added letters). */
const COMPACT: Readonly<Record<string, string>> = {
  v: 'via',
  i: 'call-id',
  f: 'from',
  t: 'to',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  k: 'supported',
  s: 'subject',
  e: 'content-encoding',
  o: 'event',
  r: 'refer-to',
  b: 'referred-by',
  u: 'allow-events',
  x: 'session-expires',
  a: 'accept-contact',
  j: 'reject-contact',
  d: 'request-disposition',
  y: 'identity',
};

/**
 * Headers whose grammar is a comma-separated list (§7.3.1; §20 for each, and the later RFCs that
 * defined them): written as one line with commas or as several lines, they mean the same.
 * WWW-Authenticate, Authorization, Proxy-Authenticate and Proxy-Authorization are not lists
 * (§7.3.1 names them): their values carry commas of their own.
 */
export const LIST_HEADERS: ReadonlySet<string> = new Set([
  'via',
  'route',
  'record-route',
  'contact',
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'accept',
  'accept-encoding',
  'accept-language',
  'alert-info',
  'call-info',
  'content-encoding',
  'content-language',
  'error-info',
  'in-reply-to',
  'allow-events',
  'reason',
  'warning',
  'path',
  'service-route',
]);

/** Display names that title-casing would get wrong. */
const DISPLAY: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
};

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/** The long lower-case name of a header, from any spelling or compact form. */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

const shown = new Map<string, string>(Object.entries(DISPLAY));

/** The name a header is written with (remembered: a serialiser writes the same few all day). */
export function displayName(name: string): string {
  let display = shown.get(name);
  if (display === undefined) {
    display = name.replace(/(^|-)([a-z])/g, (_, dash: string, ch: string) => dash + ch.toUpperCase());
    // Bounded: names come from our own messages and from peers' (at most the headers we parse).
    if (shown.size < 1024) shown.set(name, display);
  }
  return display;
}

const drop = (reason: DropReason, detail: string): ParseOutcome => ({ ok: false, reason, detail });

function headerEnd(data: Buffer, from: number): { end: number; gap: number } {
  const crlf = data.indexOf('\r\n\r\n', from);
  const lf = data.indexOf('\n\n', from);
  // Tolerate bare LF line ends (robustness: some stacks send them), but prefer CRLF.
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { end: crlf, gap: 4 };
  if (lf >= 0) return { end: lf, gap: 2 };
  return { end: -1, gap: 0 };
}

/**
 * Parse one datagram as a SIP message; never throws.
 *
 * @example
 * ```ts
 * const outcome = parseMessage(Buffer.from('SIP/2.0 180 Ringing\r\nv: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKx\r\nl: 0\r\n\r\n'));
 * outcome.ok && outcome.message.kind; // 'response'
 * outcome.ok && header(outcome.message, 'content-length'); // '0'
 * ```
 */
export function parseMessage(data: Buffer | string): ParseOutcome {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (buf.length > MESSAGE_LIMITS.bytes) return drop('oversized', `${buf.length} bytes`);
  // Keep-alives (RFC 5626 §3.5.1: CRLF) and empty datagrams are no messages at all.
  let start = 0;
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
  if (start === buf.length) return drop('malformed', 'empty');
  const { end, gap } = headerEnd(buf, start);
  if (end < start) return drop('truncated', 'no end of headers');
  const head = buf.toString('utf8', start, end);
  // No control character but the line ends may stand in the headers (§25.1): a bare CR copied
  // into a response (Via, From, To are echoed, §8.2.6.2) would forge header lines. The one place
  // §25.1 allows them is a quoted-pair inside a quoted string (`"NUL:\<NUL>"`, RFC 4475
  // §3.1.1.2), which is no line break and is echoed as it came.
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)/.test(head) && !controlsAreQuoted(head)) return drop('malformed', 'control character in the headers');
  const lines = head.split('\n');
  if (lines.length > MESSAGE_LIMITS.headerLines + 1) return drop('oversized', `${lines.length - 1} header lines`);
  const first = trimCr(lines[0]);
  const headers: Headers = new Map();
  let last: string[] | null = null;
  for (let i = 1; i < lines.length; i++) {
    const line = trimCr(lines[i]);
    if (line.length === 0) return drop('malformed', 'empty header line');
    if (line[0] === ' ' || line[0] === '\t') {
      // Folded continuation of the previous value (§7.3.1): one space replaces the line break.
      if (!last) return drop('malformed', 'continuation before any header');
      last[last.length - 1] += ' ' + trimLws(line);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return drop('malformed', 'header line without a name');
    const rawName = line.slice(0, colon).trimEnd();
    if (!TOKEN.test(rawName)) return drop('malformed', 'bad header name');
    const name = canonicalName(rawName);
    const value = trimLws(line.slice(colon + 1));
    last = headers.get(name) ?? null;
    if (last) last.push(value);
    else headers.set(name, (last = [value]));
  }
  const bodyStart = end + gap;
  const response = first.startsWith('SIP/');
  /** A request that can be answered gets its fault; anything else is only dropped. */
  const refuse = (reason: DropReason, detail: string, status: 400 | 505 = 400): ParseOutcome =>
    response ? drop(reason, detail) : { ok: false, reason, detail, ...faultOf(first, headers, status, detail) };
  for (const name of SINGLE_HEADERS) {
    if ((headers.get(name)?.length ?? 0) > 1) return refuse('malformed', `more than one ${displayName(name)}`);
  }
  const lengthText = headers.get('content-length')?.[0];
  let bodyEnd = buf.length;
  if (lengthText !== undefined) {
    if (!/^\d{1,6}$/.test(lengthText)) return refuse('malformed', 'bad Content-Length');
    const length = Number(lengthText);
    // §18.3: on UDP, a datagram shorter than its Content-Length is an error (a request gets
    // 400, a response is dropped); bytes after the body are ignored (RFC 4475 §3.1.1.8).
    if (bodyStart + length > buf.length) return refuse('truncated', `body shorter than Content-Length ${length}`);
    bodyEnd = bodyStart + length;
  }
  const body = bodyEnd > bodyStart ? buf.toString('utf8', bodyStart, bodyEnd) : '';
  if (response) return parseResponseLine(first, headers, body);
  const request = parseRequestLine(first, headers, body);
  return 'fault' in request ? refuse('malformed', request.fault, request.status) : mandatory(request);
}

/**
 * A value without the linear white space around it: SP and HT only (§25.1 LWS). JavaScript's
 * `trim()` would also take a leading U+FEFF or U+00A0, which are text in SIP (RFC 4475 §3.1.1.2).
 *
 * @example
 * ```ts
 * trimLws(' \t\uFEFF大停電 '); // '\uFEFF大停電'
 * ```
 */
export function trimLws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function trimCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Whether text holds a control character other than tab (§25.1 allows none in these places). */
export function hasControl(text: string): boolean {
  return /[\x00-\x08\x0a-\x1f\x7f]/.test(text);
}

function parseResponseLine(line: string, headers: Headers, body: string): ParseOutcome {
  // A status beyond 699 (RFC 4475 §3.1.2.19) or another version: dropped, there is no answer.
  const match = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/.exec(line);
  if (!match) return drop('malformed', 'bad status line');
  const message: SipResponse = { kind: 'response', status: Number(match[1]), reason: match[2] ?? '', headers, body };
  return mandatory(message);
}

/**
 * The request line (§7.1, §25.1: `Method SP Request-URI SP SIP-Version`, single spaces, no
 * brackets or spaces in the URI). Anything else is a fault to answer with 400 (RFC 4475
 * §3.1.2.7-10); a version other than 2.0 is one to answer with 505 (§8.2, RFC 4475 §3.1.2.16).
 */
function parseRequestLine(line: string, headers: Headers, body: string): SipRequest | { fault: string; status: 400 | 505 } {
  const parts = line.split(' ');
  if (parts.length !== 3) return { fault: 'bad request line', status: 400 };
  const [method, uri, version] = parts;
  if (!TOKEN.test(method) || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(uri)) return { fault: 'bad request line', status: 400 };
  if (version !== 'SIP/2.0') return /^SIP\/\d+\.\d+$/i.test(version) ? { fault: `version ${version}`, status: 505 } : { fault: 'bad request line', status: 400 };
  return { kind: 'request', method, uri, headers, body };
}

/** §8.1.1 / §8.2.2: without these a message cannot be matched or answered. */
function mandatory(message: SipMessage): ParseOutcome {
  for (const name of ANSWER_HEADERS) {
    const values = message.headers.get(name);
    if (!values || values[0].length === 0) return drop('malformed', `no ${displayName(name)} header`);
  }
  // A request's CSeq is checked where it is answered (400, `uas-checks.ts`); a response with a
  // bad one matches nothing (RFC 4475 §3.1.2.5).
  if (message.kind === 'response' && !parseCSeq(message.headers.get('cseq')![0])) return drop('malformed', 'bad CSeq');
  return { ok: true, message };
}

/** A CSeq value: sequence number and method (§20.16). */
export interface CSeq {
  seq: number;
  method: string;
}

/** Parse a CSeq value; null when it is not one. */
export function parseCSeq(value: string): CSeq | null {
  const match = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(value.trim());
  if (!match) return null;
  const seq = Number(match[1]);
  return seq < 2 ** 31 ? { seq, method: match[2] } : null;
}

/** The first value of a header, or undefined. */
export function header(message: Pick<SipMessage, 'headers'>, name: string): string | undefined {
  return message.headers.get(name)?.[0];
}

/**
 * Every value of a header, with comma-separated lists split (§7.3.1) for the headers whose
 * grammar is a list; at most {@link MESSAGE_LIMITS}.listValues.
 *
 * @example
 * ```ts
 * const headers = new Map([['record-route', ['<sip:p1;lr>, <sip:p2;lr>', '<sip:p3;lr>']]]);
 * headerValues({ headers }, 'record-route'); // ['<sip:p1;lr>', '<sip:p2;lr>', '<sip:p3;lr>']
 * ```
 */
export function headerValues(message: Pick<SipMessage, 'headers'>, name: string): string[] {
  const lines = message.headers.get(name);
  if (!lines) return [];
  if (!LIST_HEADERS.has(name)) return lines.slice();
  const out: string[] = [];
  for (const line of lines) {
    for (const value of splitList(line)) {
      if (out.length >= MESSAGE_LIMITS.listValues) return out;
      out.push(value);
    }
  }
  return out;
}

/**
 * The index of `ch` at or after `from`, outside quoted strings (with their `\` escapes) and
 * outside `<…>`; -1 when there is none (§25.1: a comma or `<` inside either is just text).
 */
export function indexOutside(text: string, ch: string, from = 0): number {
  let quoted = false;
  let angle = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === ch && !angle) return i;
    else if (c === '"') quoted = true;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
  }
  return -1;
}

/** Split a comma-separated header value, respecting quoted strings and `<…>` (§7.3.1, §25.1). */
export function splitList(value: string): string[] {
  const out: string[] = [];
  for (let from = 0; ; ) {
    const comma = indexOutside(value, ',', from);
    const part = trimLws(value.slice(from, comma < 0 ? undefined : comma));
    if (part) out.push(part);
    if (comma < 0) return out;
    from = comma + 1;
  }
}

/**
 * Serialise a message: start line, headers in order, a Content-Length that always matches the
 * body (mandatory on UDP in practice, §20.14), CRLF line ends.
 *
 * @example
 * ```ts
 * const text = serialise({ kind: 'request', method: 'OPTIONS', uri: 'sip:127.0.0.1', headers: new Map([['max-forwards', ['70']]]), body: '' });
 * text.startsWith('OPTIONS sip:127.0.0.1 SIP/2.0\r\nMax-Forwards: 70\r\n'); // true
 * ```
 */
export function serialise(message: SipMessage): string {
  let text = message.kind === 'request' ? `${message.method} ${message.uri} SIP/2.0\r\n` : `SIP/2.0 ${message.status} ${message.reason}\r\n`;
  for (const [name, values] of message.headers) {
    if (name === 'content-length') continue;
    const shown = displayName(name);
    for (const value of values) text += `${shown}: ${value}\r\n`;
  }
  return `${text}Content-Length: ${Buffer.byteLength(message.body)}\r\n\r\n${message.body}`;
}
