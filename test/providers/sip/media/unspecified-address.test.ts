/**
 * The unspecified address, IPv4 and IPv6 (RFC 3264 §8.4's old hold), told from every other: a
 * string that only looks like it (no IP address at all) is not it.
 */
import { describe, expect, it } from 'vitest';
import { isUnspecifiedAddress } from '../../../../providers/sip/media/unspecified-address.js';

describe('isUnspecifiedAddress', () => {
  it('is 0.0.0.0 and :: in their spellings, and nothing else', () => {
    for (const address of ['0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0']) expect(isUnspecifiedAddress(address)).toBe(true);
    for (const address of ['127.0.0.1', '0.0.0.1', '::1', '0', '00', ':', '', 'pbx.example']) expect(isUnspecifiedAddress(address)).toBe(false);
  });
});
