/**
 * The address that names no host: 0.0.0.0, or :: in IPv6. In SDP it is RFC 2543's hold, which RFC
 * 3264 §8.4 still asks every agent to understand: "neither RTP nor RTCP should be sent to the peer".
 */
import { isIP } from 'node:net';

/**
 * Whether `address` is the unspecified address of IPv4 or IPv6.
 *
 * @example
 * ```ts
 * isUnspecifiedAddress('0.0.0.0'); // true
 * isUnspecifiedAddress('::'); // true
 * isUnspecifiedAddress('127.0.0.1'); // false
 * ```
 */
export function isUnspecifiedAddress(address: string): boolean {
  const version = isIP(address);
  return version === 4 ? address === '0.0.0.0' : version === 6 && /^[0:]+$/.test(address);
}
