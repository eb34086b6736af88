/**
 * SIP URIs (RFC 3261 §19.1): just what a UAC needs. Parse one to find where a request goes
 * (host and port, §19.1.4 defaults) and whether a route is a loose router (`;lr`, §19.1.1), and
 * build the Request-URI for a dialled number.
 */

/** A parsed `sip:`/`sips:` URI. */
export interface SipUri {
  scheme: 'sip' | 'sips';
  /** The user part, still %-escaped as it was written, or null. */
  user: string | null;
  /** Host name, IPv4 address, or IPv6 address without brackets. */
  host: string;
  /** The port, or null when absent (5060 for sip, 5061 for sips, §19.1.2). */
  port: number | null;
  /** URI parameters (`;lr`, `;transport=udp`, …), names lower-cased; `true` for a bare name. */
  params: Record<string, string | true>;
  /** Whether the URI had `?headers` (§19.1.1); the provider never sends those. */
  hasHeaders: boolean;
  /**
   * Whether the user part carried a password (`sip:user:password@host`, which §19.1.1 and §23.2
   * say not to use). The password itself is dropped at once and kept nowhere.
   */
  hasPassword: boolean;
}

const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?)$/;
/** Characters of a user part: unreserved, escaped and user-unreserved (§25.1). */
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
const PARAM = /^[A-Za-z0-9\-_.!~*'()[\]/:&+$%]+$/;

/**
 * Parse a SIP URI; null when it is not one this provider can use.
 *
 * @example
 * ```ts
 * parseUri('sip:bob@127.0.0.1:5080;transport=udp');
 * // { scheme: 'sip', user: 'bob', host: '127.0.0.1', port: 5080, params: { transport: 'udp' }, hasHeaders: false, hasPassword: false }
 * ```
 */
export function parseUri(text: string): SipUri | null {
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips') return null;
  let rest = text.slice(colon + 1);
  // The user part may hold `?` and `;` (§25.1 user-unreserved, RFC 4475 §3.1.1.2), so it is cut
  // off first, at the last `@` (one in the headers is escaped as %40); `?headers` follow the host.
  const at = rest.lastIndexOf('@');
  let user: string | null = null;
  let hasPassword = false;
  if (at >= 0) {
    user = rest.slice(0, at);
    // A password in the URI is NOT RECOMMENDED (§19.1.1); keep only the user.
    const password = user.indexOf(':');
    hasPassword = password >= 0;
    if (hasPassword) user = user.slice(0, password);
    if (!USER.test(user)) return null;
    rest = rest.slice(at + 1);
  }
  const question = rest.indexOf('?');
  const hasHeaders = question >= 0;
  if (hasHeaders) rest = rest.slice(0, question);
  const semi = rest.indexOf(';');
  const hostport = semi >= 0 ? rest.slice(0, semi) : rest;
  const params: Record<string, string | true> = {};
  if (semi >= 0) {
    for (const param of rest.slice(semi + 1).split(';')) {
      if (!param) continue;
      const eq = param.indexOf('=');
      const name = (eq >= 0 ? param.slice(0, eq) : param).toLowerCase();
      const value = eq >= 0 ? param.slice(eq + 1) : true;
      if (!PARAM.test(name) || (value !== true && !PARAM.test(value))) return null;
      params[name] = value;
    }
  }
  const split = splitHostPort(hostport);
  if (!split) return null;
  return { scheme, user, host: split.host, port: split.port, params, hasHeaders, hasPassword };
}

/**
 * A URI as it may be shown in a message or a log: a password in its user part (§19.1.1) is
 * replaced by `***`, whatever else is wrong with the text.
 *
 * @example
 * ```ts
 * redactUri('sip:alice:s3cret@example.com'); // 'sip:alice:***@example.com'
 * ```
 */
export function redactUri(text: string): string {
  return text.replace(/^(\s*[A-Za-z][A-Za-z0-9+.-]*:[^:@;?\s]*):[^@]*@/, '$1:***@');
}

/** Split `host[:port]` (IPv6 in brackets); null when either part is not valid. */
export function splitHostPort(hostport: string): { host: string; port: number | null } | null {
  let host = hostport;
  let port: number | null = null;
  const close = hostport.lastIndexOf(']');
  const colon = hostport.lastIndexOf(':');
  if (colon > close && (close >= 0 || hostport.indexOf(':') === colon)) {
    host = hostport.slice(0, colon);
    const digits = hostport.slice(colon + 1);
    if (!/^\d{1,5}$/.test(digits) || Number(digits) > 65535 || Number(digits) === 0) return null;
    port = Number(digits);
  }
  if (!HOST.test(host)) return null;
  if (host.startsWith('[')) host = host.slice(1, -1);
  return { host, port };
}

/** `host:port` as written in a URI or Via (brackets around IPv6). */
export function formatHostPort(host: string, port: number | null): string {
  const shown = host.includes(':') ? `[${host}]` : host;
  return port === null ? shown : `${shown}:${port}`;
}

/** Where a request to this URI is sent over UDP: its host and port (RFC 3263 aside, §19.1.2). */
export function destinationOf(uri: SipUri): { host: string; port: number } {
  const maddr = uri.params.maddr;
  return { host: typeof maddr === 'string' ? maddr : uri.host, port: uri.port ?? (uri.scheme === 'sips' ? 5061 : 5060) };
}

/**
 * The user part for dialled digits: the digits as they are, `+` kept for a global number, and
 * `#` escaped, since it is not allowed in a user part (§25.1; RFC 3966 §5.1.2 for `;user=phone`).
 *
 * @example
 * ```ts
 * userPartOfDigits('*72#'); // '*72%23'
 * ```
 */
export function userPartOfDigits(digits: string): string {
  return digits.replace(/#/g, '%23');
}

/**
 * A user part with its %-escapes decoded, for comparing (§19.1.4: `%61lice` is `alice`); a
 * broken escape leaves the text as it is.
 *
 * @example
 * ```ts
 * decodeUser('%61lice'); // 'alice'
 * decodeUser('100%'); // '100%'
 * ```
 */
export function decodeUser(user: string): string {
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}
