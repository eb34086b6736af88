/**
 * Text a user typed, shown back safely: a terminal must not ring (BEL), move the cursor, change
 * colours or be split across lines by an address or an option value it echoes.
 */

/** C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional overrides. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` in double quotes, with every control character written as an escape (`\n`, `\u0007`),
 * so what reaches the terminal is exactly what the user typed and nothing it would act on.
 *
 * @example
 * ```ts
 * quoted('555\u0007\n'); // '"555\\u0007\\n"'
 * quoted('5550111');     // '"5550111"'
 * ```
 */
export function quoted(text: string): string {
  return `"${escapeUnsafe(text.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
}

/**
 * `text` with every control character written as an escape, for messages that may carry what a
 * user typed (a provider's or the address parser's message).
 *
 * @example
 * ```ts
 * escapeUnsafe('"\u202e" cannot stand here'); // '"\\u202e" cannot stand here'
 * ```
 */
export function escapeUnsafe(text: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return text.replace(UNSAFE, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
