/**
 * HTTP Digest authentication for SIP (RFC 3261 §22.4, RFC 2617, RFC 7616; SHA-256 in SIP by
 * RFC 8760). A 401 carries WWW-Authenticate, a 407 Proxy-Authenticate; the UAC answers with
 * Authorization or Proxy-Authorization on a new request (§22.2). When a server offers several
 * challenges, the strongest algorithm we know wins (RFC 8760 §2.4: SHA-256 before MD5).
 *
 * The password goes into a hash and nowhere else: no function here returns it, logs it or puts
 * it in an error.
 */
import { createHash } from 'node:crypto';
import { randomHex } from './ids.js';

/** The algorithms this provider answers. */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

/** A Digest challenge. */
export interface Challenge {
  realm: string;
  nonce: string;
  opaque: string | null;
  algorithm: DigestAlgorithm;
  /** The qop values offered (`auth`, `auth-int`), empty for an RFC 2069 challenge. */
  qop: string[];
  stale: boolean;
}

/** What a response to a challenge is computed from. */
export interface DigestInput {
  username: string;
  password: string;
  method: string;
  /** The digest-uri: the Request-URI of the request (§22.4). */
  uri: string;
  /** The body, for qop=auth-int. */
  body?: string;
  /** Client nonce; random when absent (tests pass the RFC's). */
  cnonce?: string;
  /** Nonce count (default 1: each challenge is answered once). */
  nc?: number;
}

const ALGORITHMS: Readonly<Record<string, DigestAlgorithm>> = {
  md5: 'MD5',
  'md5-sess': 'MD5-sess',
  'sha-256': 'SHA-256',
  'sha-256-sess': 'SHA-256-sess',
};

const STRENGTH: Readonly<Record<DigestAlgorithm, number>> = { 'SHA-256': 4, 'SHA-256-sess': 3, MD5: 2, 'MD5-sess': 1 };

/** Parse `name=value, name="quoted, value"` auth parameters. */
function authParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /\s*([A-Za-z0-9\-_]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)\s*,?/gy;
  for (let match = pattern.exec(text); match && match[0].length > 0; match = pattern.exec(text)) {
    params.set(match[1].toLowerCase(), match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[2]);
  }
  return params;
}

/**
 * Parse a WWW-Authenticate or Proxy-Authenticate value; null for another scheme, an algorithm we
 * do not know, or a challenge without realm and nonce.
 *
 * @example
 * ```ts
 * parseChallenge('Digest realm="xtapi", nonce="abc", algorithm=SHA-256, qop="auth"');
 * // { realm: 'xtapi', nonce: 'abc', opaque: null, algorithm: 'SHA-256', qop: ['auth'], stale: false }
 * ```
 */
export function parseChallenge(value: string): Challenge | null {
  const match = /^\s*Digest\s+(.*)$/is.exec(value);
  if (!match) return null;
  const params = authParams(match[1]);
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const algorithm = ALGORITHMS[(params.get('algorithm') ?? 'MD5').toLowerCase()];
  if (realm === undefined || !nonce || !algorithm) return null;
  const qop = (params.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase()).filter((q) => q === 'auth' || q === 'auth-int');
  return { realm, nonce, opaque: params.get('opaque') ?? null, algorithm, qop, stale: params.get('stale')?.toLowerCase() === 'true' };
}

/** The strongest challenge we can answer among several header values, or null. */
export function pickChallenge(values: readonly string[]): Challenge | null {
  let best: Challenge | null = null;
  for (const value of values) {
    const challenge = parseChallenge(value);
    if (challenge && (!best || STRENGTH[challenge.algorithm] > STRENGTH[best.algorithm])) best = challenge;
  }
  return best;
}

function hash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
    .update(text, 'utf8')
    .digest('hex');
}

const quote = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;

/**
 * The Authorization (or Proxy-Authorization) value answering a challenge (RFC 7616 §3.4.1).
 *
 * @example
 * ```ts
 * // RFC 2617 §3.5, with SIP's method: response is computed exactly as HTTP's.
 * const challenge = parseChallenge('Digest realm="testrealm@host.com", qop="auth", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')!;
 * authorization(challenge, { username: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b' });
 * // 'Digest username="Mufasa", realm="testrealm@host.com", …, response="6629fae49393a05397450978507c4ef1", …'
 * ```
 */
export function authorization(challenge: Challenge, input: DigestInput): string {
  const { algorithm, realm, nonce } = challenge;
  const qop = challenge.qop.includes('auth') ? 'auth' : challenge.qop.includes('auth-int') ? 'auth-int' : null;
  const cnonce = input.cnonce ?? randomHex(8);
  const nc = (input.nc ?? 1).toString(16).padStart(8, '0');
  let ha1 = hash(algorithm, `${input.username}:${realm}:${input.password}`);
  if (algorithm.endsWith('-sess')) ha1 = hash(algorithm, `${ha1}:${nonce}:${cnonce}`);
  const a2 = qop === 'auth-int' ? `${input.method}:${input.uri}:${hash(algorithm, input.body ?? '')}` : `${input.method}:${input.uri}`;
  const ha2 = hash(algorithm, a2);
  const response = qop ? hash(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : hash(algorithm, `${ha1}:${nonce}:${ha2}`);
  let value = `Digest username=${quote(input.username)}, realm=${quote(realm)}, nonce=${quote(nonce)}, uri=${quote(input.uri)}, response="${response}", algorithm=${algorithm}`;
  if (qop) value += `, cnonce=${quote(cnonce)}, qop=${qop}, nc=${nc}`;
  if (challenge.opaque !== null) value += `, opaque=${quote(challenge.opaque)}`;
  return value;
}
