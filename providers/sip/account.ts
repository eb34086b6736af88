/**
 * A line's SIP account: its address-of-record, where its calls go first (an outbound proxy,
 * RFC 3261 §8.1.2), the registrar it binds to (§10), and the credentials for digest challenges
 * (§22). Options are checked once, when the provider is created, so that a bad account fails
 * at once with a clear message instead of on the first call.
 *
 * The password is captured in a closure behind {@link Account.authorize}: no property of an
 * account holds it, so it cannot leak through a log, an error or `util.inspect`.
 */
import { authorization, type Challenge, pickChallenge } from './digest.js';
import { hasControl, header, headerValues, type SipRequest, type SipResponse } from './message.js';
import { formatHostPort, parseUri, redactUri, type SipUri } from './uri.js';

/** A registrar for a line (§10). */
export interface SipRegistrarOptions {
  /** The registrar's URI (default: `sip:` and the domain of the address-of-record). */
  uri?: string;
  /** Digest username (default: the user part of the address-of-record). */
  username?: string;
  /** Digest password; never logged. */
  password?: string;
  /** Registration interval asked for, in seconds (default 3600). */
  expires?: number;
}

/** One line device of a SIP provider: an account. */
export interface SipLineOptions {
  /** The address-of-record, e.g. `sip:alice@example.com`. */
  aor: string;
  /** The display name in From. */
  displayName?: string;
  /** The host[:port] dialled numbers go to (default: the AOR's host and port). */
  domain?: string;
  /** Outbound proxy URI: every out-of-dialog request goes there first (a loose route). */
  outboundProxy?: string;
  /** Register the AOR when the line opens, and keep it registered while it is open. */
  registrar?: SipRegistrarOptions;
  /** Credentials for challenges on calls (default: the registrar's). */
  credentials?: { username?: string; password: string };
  /** Calls the line holds at once (LINEADDRESSCAPS dwMaxNumActiveCalls; default 4). */
  maxCalls?: number;
  /** The line's name (LINEDEVCAPS LineName; default "SIP <aor>"). */
  name?: string;
  /**
   * Alert the caller (180 Ringing) as soon as a call is offered, as a phone that rings at once
   * does. By default the caller hears ringback only once the call is accepted (lineAccept) or
   * answered, as TAPI's LINECALLSTATE_ACCEPTED describes.
   */
  ringOnOffer?: boolean;
}

/** A checked account. */
export interface Account {
  readonly aor: string;
  readonly user: string;
  readonly displayName: string | null;
  /** host[:port] of dialled numbers. */
  readonly domain: string;
  /** The outbound proxy, and the Route that preloads it (`<uri;lr>`). */
  readonly proxy: { uri: SipUri; route: string } | null;
  readonly registrar: { uri: string; parsed: SipUri; expires: number } | null;
  readonly maxCalls: number;
  readonly name: string;
  /** Send 180 Ringing as a call is offered (else at accept). */
  readonly ringOnOffer: boolean;
  /** Whether there are credentials to answer a challenge with. */
  readonly canAuthenticate: boolean;
  /** The Authorization value for a challenge, or null without credentials. */
  authorize(challenge: Challenge, method: string, uri: string): string | null;
}

/**
 * A sip: URI option, checked. A password in it (`sip:alice:secret@host`) is refused: §19.1.1
 * says not to put one there, and it would travel in every From, To and Contact. No message
 * echoes it ({@link redactUri}).
 */
function sipUri(text: string, what: string): SipUri {
  const parsed = typeof text === 'string' && !hasControl(text) ? parseUri(text) : null;
  const shown = typeof text === 'string' ? JSON.stringify(redactUri(text)) : String(text);
  if (parsed?.hasPassword || (!parsed && typeof text === 'string' && redactUri(text) !== text)) {
    throw new TypeError(`${what} holds a password (${shown}); give it as registrar.password or credentials.password, never in a URI (RFC 3261 §19.1.1)`);
  }
  if (!parsed || parsed.scheme !== 'sip' || parsed.hasHeaders) throw new TypeError(`${what} must be a sip: URI, not ${shown}`);
  return parsed;
}

/**
 * Check a line's options and build its account; throws a TypeError or RangeError that names the
 * bad option (and never shows the password).
 *
 * @example
 * ```ts
 * const account = accountOf({ aor: 'sip:alice@127.0.0.1:5060', registrar: { password: 's3cret' } }, 0);
 * account.registrar?.uri; // 'sip:127.0.0.1:5060'
 * JSON.stringify(account).includes('s3cret'); // false
 * ```
 */
export function accountOf(options: SipLineOptions, index: number): Account {
  const where = `lines[${index}]`;
  const aor = sipUri(options.aor, `${where}.aor`);
  if (!aor.user) throw new TypeError(`${where}.aor must name a user (sip:user@host), not ${JSON.stringify(redactUri(options.aor))}`);
  const hostport = formatHostPort(aor.host, aor.port);
  const domain = options.domain ?? hostport;
  sipUri(`sip:${domain}`, `${where}.domain`);
  const proxyUri = options.outboundProxy === undefined ? null : sipUri(options.outboundProxy, `${where}.outboundProxy`);
  const registrar = options.registrar;
  let registrarUri: SipUri | null = null;
  let expires = 3600;
  if (registrar) {
    registrarUri = sipUri(registrar.uri ?? `sip:${hostport}`, `${where}.registrar.uri`);
    expires = registrar.expires ?? 3600;
    if (!Number.isInteger(expires) || expires < 1 || expires > 2 ** 31 - 1) throw new RangeError(`${where}.registrar.expires must be a whole number of seconds ≥ 1, not ${expires}`);
  }
  const maxCalls = options.maxCalls ?? 4;
  if (!Number.isInteger(maxCalls) || maxCalls < 1) throw new RangeError(`${where}.maxCalls must be a whole number ≥ 1, not ${maxCalls}`);
  const displayName = options.displayName ?? null;
  if (displayName !== null && (typeof displayName !== 'string' || hasControl(displayName))) throw new TypeError(`${where}.displayName holds a control character`);
  const secret = options.credentials ?? (registrar?.password !== undefined ? { username: registrar.username, password: registrar.password } : null);
  const username = secret?.username ?? aor.user;
  const password = secret?.password;
  if (password !== undefined && typeof password !== 'string') throw new TypeError(`${where}: the password must be a string`);
  if (hasControl(username) || /["\\]/.test(username)) throw new TypeError(`${where}: the username holds a character it cannot`);
  return {
    aor: options.aor,
    user: aor.user,
    displayName,
    domain,
    proxy: proxyUri ? { uri: proxyUri, route: proxyUri.params.lr ? `<${options.outboundProxy}>` : `<${options.outboundProxy};lr>` } : null,
    registrar: registrarUri ? { uri: registrar?.uri ?? `sip:${hostport}`, parsed: registrarUri, expires } : null,
    maxCalls,
    name: options.name ?? `SIP ${options.aor}`,
    ringOnOffer: options.ringOnOffer === true,
    canAuthenticate: password !== undefined,
    authorize: (challenge, method, uri) => (password === undefined ? null : authorization(challenge, { username, password, method, uri })),
  };
}

/**
 * §22.2: the request again, answering the challenge of a 401 (Authorization) or a 407
 * (Proxy-Authorization), with the next CSeq number and the Via given (a new branch); null when
 * the response holds no challenge we can answer or the line has no credentials.
 *
 * @example
 * ```ts
 * const retry = answerChallenge(account, register, response401, endpoint.via(newBranch()));
 * retry?.request.headers.get('authorization'); // ['Digest username="alice", …']
 * ```
 */
export function answerChallenge(account: Account, request: SipRequest, response: SipResponse, via: string): { request: SipRequest; credentials: [string, string] } | null {
  const proxy = response.status === 407;
  if (!proxy && response.status !== 401) return null;
  const challenge = pickChallenge(headerValues(response, proxy ? 'proxy-authenticate' : 'www-authenticate'));
  const value = challenge && account.authorize(challenge, request.method, request.uri);
  if (!value) return null;
  const credentials: [string, string] = [proxy ? 'proxy-authorization' : 'authorization', value];
  const headers = new Map(request.headers);
  const seq = Number(header(request, 'cseq')!.split(/\s+/)[0]);
  headers.set('via', [via]);
  headers.set('cseq', [`${seq + 1} ${request.method}`]);
  headers.set(credentials[0], [value]);
  return { request: { ...request, headers }, credentials };
}
