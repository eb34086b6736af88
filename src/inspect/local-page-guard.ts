/**
 * Who may use a page xtapi serves on this host (the call board, the inspector relay). A web page
 * on any site the user visits can open a WebSocket to 127.0.0.1; browsers send its Origin but do
 * not stop it. Over the board's socket such a page could place calls (toll fraud on a SIP line),
 * so every request is checked here:
 *
 * - Host: on a loopback bind, the Host header must name this host and port (127.0.0.1, localhost,
 *   [::1]), which defeats DNS rebinding (a hostile name that resolves to 127.0.0.1 carries its
 *   own name in Host; RFC 9110 §7.2).
 * - Origin: a browser's request must come from the page's own origin (RFC 6455 §10.2: "servers
 *   that are not intended to process input from any web page … SHOULD verify the Origin field").
 *   A request without Origin is not from a browser page and passes this check.
 * - Token: where the server has one, the request's `token` query parameter must be it: a secret
 *   made at each start and printed only to the user, in the address to open.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Why a request was refused, or null when it may go on. */
export type Refusal = 'host' | 'origin' | 'token' | null;

/** What the guard knows of the server. */
export interface LocalPageGuardOptions {
  /** The interface the server is bound to. */
  host: string;
  /** The port it listens on (read when a request comes: it may have been 0 at start). */
  port(): number;
  /** The secret every request must carry as `?token=`; none: no token is asked for. */
  token?: string;
}

/**
 * Whether `host` is a loopback interface: only this host's programs reach a server bound there.
 *
 * @example
 * ```ts
 * isLoopback('127.0.0.1'); // true
 * isLoopback('0.0.0.0');   // false
 * ```
 */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * A fresh secret for a page's address: 128 random bits, URL-safe.
 *
 * @example
 * ```ts
 * const token = newToken(); // e.g. 'q3Jx0V…' (22 characters)
 * ```
 */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The check of one request (HTTP or WebSocket upgrade) against the rules above.
 *
 * @example
 * ```ts
 * const guard = localPageGuard({ host: '127.0.0.1', port: () => server.port, token });
 * http.on('upgrade', (req, socket) => {
 *   if (guard(req) !== null) return socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
 *   // … accept the WebSocket
 * });
 * ```
 */
export function localPageGuard(options: LocalPageGuardOptions): (request: IncomingMessage) => Refusal {
  const loopback = isLoopback(options.host);
  return (request) => {
    const authority = (request.headers.host ?? '').toLowerCase();
    const port = options.port();
    if (loopback) {
      const names = ['127.0.0.1', 'localhost', '[::1]', options.host.includes(':') ? `[${options.host}]` : options.host];
      if (!names.some((name) => authority === `${name}:${port}`)) return 'host';
    } else if (authority === '') {
      return 'host';
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== `http://${authority}`) return 'origin';
    if (options.token !== undefined) {
      const given = new URL(request.url ?? '/', 'http://local').searchParams.get('token');
      if (given === null || !sameSecret(given, options.token)) return 'token';
    }
    return null;
  };
}
