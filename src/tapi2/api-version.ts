/**
 * The TAPI versions xtapi's line API speaks, and their negotiation (Microsoft, "TAPI
 * Versioning"; lineNegotiateAPIVersion). xtapi implements TAPI 2.0 to 2.2: lineInitializeEx,
 * LINEMESSAGE and every rule here are 2.0 rules, so older versions are refused.
 */

/** The lowest API version xtapi's line API negotiates: TAPI 2.0. */
export const TAPI2_LOW_API_VERSION = 0x00020000;
/** The highest API version xtapi's line API negotiates: TAPI 2.2. */
export const TAPI2_HIGH_API_VERSION = 0x00020002;

/** Whether `version` is one xtapi speaks (lineOpen, lineGetDevCaps). */
export function isSupportedVersion(version: number): boolean {
  return version >= TAPI2_LOW_API_VERSION && version <= TAPI2_HIGH_API_VERSION;
}

/**
 * The highest version both sides speak, or null when the ranges do not meet
 * (LINEERR_INCOMPATIBLEAPIVERSION).
 *
 * @example
 * ```ts
 * negotiateVersion(0x00010004, 0x00030001); // 0x00020002
 * negotiateVersion(0x00010003, 0x00010004); // null
 * ```
 */
export function negotiateVersion(low: number, high: number): number | null {
  if (low > high) return null;
  const version = Math.min(high, TAPI2_HIGH_API_VERSION);
  return version >= Math.max(low, TAPI2_LOW_API_VERSION) ? version : null;
}
