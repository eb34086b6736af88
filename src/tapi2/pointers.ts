/**
 * What stands in for C's pointer and DWORD checks. A JavaScript caller can pass anything, so
 * every parameter is checked before use and a bad one gives the LINEERR_ TAPI lists for it
 * (usually LINEERR_INVALPOINTER), never an exception.
 */
import type { Out } from './structures.js';

/** Whether `p` can take an out-value: an object whose `value` the library may write. */
export function isOut(p: unknown): p is Out {
  if (typeof p !== 'object' || p === null) return false;
  const own = Object.getOwnPropertyDescriptor(p, 'value');
  if (own) return own.writable === true || typeof own.set === 'function';
  return Object.isExtensible(p);
}

/** Write an out-value; false when the object refuses it (frozen since it was checked). */
export function writeOut<T = number>(p: Out<T>, value: T): boolean {
  try {
    p.value = value;
    return true;
  } catch {
    return false;
  }
}

/** Whether `p` can be filled as a structure (an object the library may add fields to). */
export function isStructure(p: unknown): p is Record<string, unknown> {
  return typeof p === 'object' && p !== null && !Array.isArray(p) && Object.isExtensible(p);
}

/**
 * A DWORD parameter as C would see it: an integer in the 32-bit range, signed or not, read as
 * unsigned (so -1 is 0xFFFFFFFF). Anything else is null.
 */
export function dword(x: unknown): number | null {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < -0x80000000 || x > 0xffffffff) return null;
  return x >>> 0;
}

/** An optional DWORD field of a structure: absent is `fallback`. */
export function dwordField(x: unknown, fallback = 0): number | null {
  return x === undefined || x === null ? fallback : dword(x);
}

/** Whether `x` is a string without control characters (a displayable C string). */
export function isDisplayable(x: unknown): x is string {
  return typeof x === 'string' && !/[\x00-\x1f\x7f]/.test(x);
}
