/**
 * Random identifiers: branches (§8.1.1.7: unique over space and time, with the magic cookie),
 * tags (§19.3: at least 32 random bits) and Call-IDs (§8.1.1.4). Each gets 64 random bits from
 * the operating system's generator, drawn from a pool so that a busy provider does not pay for
 * a system call per identifier.
 */
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let offset = pool.length;

/** `bytes` random bytes as lower-case hex. */
export function randomHex(bytes = 8): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** The magic cookie that marks an RFC 3261 branch (§8.1.1.7). */
export const MAGIC_COOKIE = 'z9hG4bK';

/**
 * A new Via branch.
 *
 * @example
 * ```ts
 * newBranch(); // e.g. 'z9hG4bK4f1c2a9be07d3310'
 * ```
 */
export function newBranch(): string {
  return MAGIC_COOKIE + randomHex(8);
}

/** A new From/To tag. */
export function newTag(): string {
  return randomHex(6);
}

/** A new Call-ID (`@host` keeps it unique across hosts, §8.1.1.4). */
export function newCallId(host: string): string {
  return `${randomHex(10)}@${host.includes(':') ? 'xtapi' : host}`;
}
