/** VARIANT_BOOL arguments (fSync, fHold, fMonitor, fOwner): COM's true and false, or JavaScript's. */
import { VARIANT_FALSE, VARIANT_TRUE } from './constants.js';

/**
 * A VARIANT_BOOL or boolean as a boolean; null when it is neither (the method then returns
 * E_INVALIDARG).
 *
 * @example
 * ```ts
 * toBool(VARIANT_TRUE); // true
 * toBool(1);            // null: VARIANT_TRUE is -1
 * ```
 */
export function toBool(value: unknown): boolean | null {
  if (value === true || value === VARIANT_TRUE) return true;
  if (value === false || value === VARIANT_FALSE) return false;
  return null;
}
