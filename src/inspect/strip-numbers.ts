/**
 * Phone numbers out of what leaves the process. Inspection sends the actors' context and events
 * to a viewer; in a telephony those carry the numbers dialled, the digits sent and the lines'
 * own numbers. This removes them by the names xtapi gives them, and masks number-like runs in
 * free text (provider messages, SIP reasons).
 */

/** Keys whose values are numbers or addresses (xtapi's own names, and common SIP ones). */
export const NUMBER_KEYS: ReadonlySet<string> = new Set([
  'address',
  'destination',
  'digits',
  'dialled',
  'dialString',
  'dtmf',
  'origination',
  'callerId',
  'calledId',
  'number',
  'uri',
  'aor',
  'contact',
  'from',
  'to',
]);

/** Keys whose text may mention a number (a caller's display name may be one). */
const TEXT_KEYS: ReadonlySet<string> = new Set(['message', 'reason', 'text', 'name']);

/** What a removed value is replaced with. */
export const REDACTED = '[number]';

/**
 * Mask SIP/tel URIs and runs of 4 or more digits (with the separators numbers are written with).
 * Three-digit runs stay: they are SIP status codes far more often than numbers.
 *
 * @example
 * ```ts
 * maskText('404 Not Found: sip:5550111@pbx.example'); // '404 Not Found: [number]'
 * ```
 */
export function maskText(text: string): string {
  return text
    .replace(/\b(?:sips?|tel):[^\s"'<>,;]+/gi, REDACTED)
    .replace(/\+?\d(?:[\d\s().-]*\d){3,}/g, REDACTED);
}

/**
 * A copy of `value` without phone numbers: values under {@link NUMBER_KEYS} become
 * {@link REDACTED}, text under `message`/`reason` is masked. Objects with a `toJSON` (XState
 * snapshots and actor refs) are read through it. Safe on cycles.
 *
 * @example
 * ```ts
 * stripNumbers({ type: 'CALL.CREATE', callId: 'c1', address: '+1 425 555 0111' });
 * // { type: 'CALL.CREATE', callId: 'c1', address: '[number]' }
 * ```
 */
export function stripNumbers<T>(value: T): T {
  const seen = new WeakMap<object, unknown>();
  const walk = (v: unknown, key: string | undefined, depth: number): unknown => {
    if (key !== undefined && NUMBER_KEYS.has(key) && v !== null && v !== undefined && v !== '') {
      return REDACTED;
    }
    if (typeof v === 'string') return key !== undefined && TEXT_KEYS.has(key) ? maskText(v) : v;
    if (v === null || typeof v !== 'object' || depth > 32) return v;
    if (seen.has(v)) return seen.get(v);
    const json = (v as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function' && !Array.isArray(v)) {
      const plain = json.call(v);
      if (plain !== v) return walk(plain, key, depth + 1);
    }
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const item of v) out.push(walk(item, undefined, depth + 1));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, item] of Object.entries(v)) {
      if (typeof item === 'function') continue;
      out[k] = walk(item, k, depth + 1);
    }
    return out;
  };
  return walk(value, undefined, 0) as T;
}
