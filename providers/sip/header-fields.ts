/**
 * The structured header values a UAC reads: Via (§20.42), name-addr with its parameters (From,
 * To, Contact, Route, Record-Route: §20.10, §20.20, §20.39), and generic `;name=value` lists.
 * Every parser returns null for what it cannot read, so a caller drops the message instead of
 * throwing.
 */
import { indexOutside } from './message.js';
import { splitHostPort } from './uri.js';

/** Header parameters, names lower-cased; `true` for a bare name. */
export type Params = Record<string, string | true>;

/** A Via value. */
export interface Via {
  /** `UDP`, `TCP`, … (upper-case). */
  transport: string;
  host: string;
  port: number | null;
  params: Params;
}

/** A name-addr or addr-spec with its header parameters. */
export interface NameAddr {
  /** The display name, unquoted, or null. */
  display: string | null;
  /** The URI inside `<…>`, or the addr-spec. */
  uri: string;
  params: Params;
}

/** Parse `;a=1;b;c="x y"` into params; null when malformed. */
export function parseParams(text: string): Params | null {
  const params: Params = {};
  let rest = text.trim();
  while (rest.length > 0) {
    if (rest[0] !== ';') return null;
    rest = rest.slice(1).trimStart();
    const match = /^([A-Za-z0-9\-.!%*_+`'~]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^;\s]*))?\s*/.exec(rest);
    if (!match) return null;
    const value = match[2];
    params[match[1].toLowerCase()] = value === undefined ? true : value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
    rest = rest.slice(match[0].length);
  }
  return params;
}

/**
 * Parse one Via value (§20.42).
 *
 * @example
 * ```ts
 * parseVia('SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKabc;rport');
 * // { transport: 'UDP', host: '127.0.0.1', port: 5062, params: { branch: 'z9hG4bKabc', rport: true } }
 * ```
 */
export function parseVia(value: string): Via | null {
  const match = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+([^;\s]+)\s*(.*)$/i.exec(value.trim());
  if (!match) return null;
  const hostport = splitHostPort(match[2]);
  const params = parseParams(match[3]);
  if (!hostport || !params) return null;
  return { transport: match[1].toUpperCase(), host: hostport.host, port: hostport.port, params };
}

/**
 * An unquoted display name: tokens separated by white space (§25.1 `*(token LWS)`), where UTF-8
 * beyond ASCII is let through (real phones send it) but no separator is: `Bell, Alexander`
 * without quotes is malformed (RFC 4475 §3.1.2.15).
 */
const BARE_DISPLAY = /^[^\s()<>@,;:\\"/[\]?={}]+(?:\s+[^\s()<>@,;:\\"/[\]?={}]+)*$/u;

/** A complete quoted string (§25.1), with its quoted-pairs. */
const QUOTED = /^"(?:[^"\\]|\\[\s\S])*"$/;

/**
 * Parse a name-addr (`"Bob" <sip:bob@host>;tag=1`) or an addr-spec (`sip:bob@host;tag=1`, where
 * every `;` parameter belongs to the header, §20.10). Linear white space may stand around every
 * `;` and `=` (§25.1, §7.3.1; RFC 4475 §3.1.1.1: `sip:vivekg@host ;   tag    = 1918181833n`).
 *
 * @example
 * ```ts
 * parseNameAddr('"Bob" <sip:bob@127.0.0.1:5080>;tag=a1');
 * // { display: 'Bob', uri: 'sip:bob@127.0.0.1:5080', params: { tag: 'a1' } }
 * ```
 */
export function parseNameAddr(value: string): NameAddr | null {
  const text = value.trim();
  const open = indexOutside(text, '<');
  if (open >= 0) {
    const close = text.indexOf('>', open);
    if (close < 0) return null;
    const params = parseParams(text.slice(close + 1));
    if (!params) return null;
    let display: string | null = text.slice(0, open).trim();
    if (QUOTED.test(display)) display = display.slice(1, -1).replace(/\\([\s\S])/g, '$1');
    else if (display && !BARE_DISPLAY.test(display)) return null;
    return { display: display || null, uri: text.slice(open + 1, close).trim(), params };
  }
  const semi = text.indexOf(';');
  const uri = semi >= 0 ? text.slice(0, semi).trimEnd() : text;
  const params = parseParams(semi >= 0 ? text.slice(semi) : '');
  if (!params || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(uri)) return null;
  return { display: null, uri, params };
}

/** The `tag` parameter of a From or To value, or null (§19.3). */
export function tagOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  const tag = parseNameAddr(value)?.params.tag;
  return typeof tag === 'string' && tag.length > 0 ? tag : null;
}

/** A From/To value with its `tag` set to `tag`. */
export function withTag(value: string, tag: string): string {
  return `${value};tag=${tag}`;
}

/** The branch of a request's top Via (§8.1.1.7); the request is one we built, so it has one. */
export function branchOf(request: { headers: Map<string, string[]> }): string {
  return /;\s*branch=([^;\s]+)/i.exec(request.headers.get('via')![0])![1];
}
