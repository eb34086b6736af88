/**
 * `--trace`: every SIP message in and out, for the user to see what the network says, with the
 * credentials masked. A digest response (RFC 3261 §22.4, RFC 8760) is a hash of the password that
 * an eavesdropper on the terminal or a pasted log could attack offline, so it is never shown.
 */
import type { TraceEntry } from '../../providers/sip/index.js';

/** What stands in for a masked value. */
export const MASK = '****';

/** Authorization and Proxy-Authorization (and their compact forms, none defined): masked. */
const CREDENTIALS = /^((?:proxy-)?authorization:[ \t]*\S+)(.*)$/i;

/**
 * A SIP message with its credentials masked: in Authorization and Proxy-Authorization only the
 * scheme, username, realm and algorithm stay; the password itself is masked wherever it would
 * appear (it never should).
 *
 * @example
 * ```ts
 * maskCredentials('Authorization: Digest username="alice", realm="x", nonce="n1", response="3f1c9a"', 'pw');
 * // 'Authorization: Digest username="alice", realm="x", ****'
 * ```
 */
export function maskCredentials(text: string, password?: string): string {
  const masked = text
    .split('\r\n')
    .map((line) => {
      const match = CREDENTIALS.exec(line);
      if (!match) return line;
      const kept = [...match[2].matchAll(/\b(username|realm|algorithm)=("[^"]*"|[^,\s]*)/gi)].map((m) => `${m[1]}=${m[2]}`);
      return `${match[1]} ${[...kept, MASK].join(', ')}`;
    })
    .join('\r\n');
  return password ? masked.split(password).join(MASK) : masked;
}

/**
 * The trace printer for `sipProvider({ trace })`: a header line (direction and peer), then the
 * message, credentials masked.
 *
 * @example
 * ```ts
 * sipProvider({ lines, trace: sipTracer((line) => console.error(line), password) });
 * // SIP → 127.0.0.1:5060
 * // REGISTER sip:127.0.0.1:5060 SIP/2.0
 * // …
 * ```
 */
export function sipTracer(print: (line: string) => void, password?: string): (entry: TraceEntry) => void {
  return (entry) => {
    const arrow = entry.direction === 'out' ? '→' : '←';
    print(`SIP ${arrow} ${entry.peer.host.includes(":") ? `[${entry.peer.host}]` : entry.peer.host}:${entry.peer.port}\n${maskCredentials(entry.text, password).replace(/\r\n/g, '\n').trimEnd()}\n`);
  };
}
