/**
 * A usage error: the command line itself is wrong (an unknown option, a missing or bad value, an
 * address the command cannot place). Every command reports one the same way, in xtapi's words,
 * on stderr with the command's usage line, and exits 2.
 */
import type { CliIo } from './cli-io.js';

/** Exit status of a usage error (and of an invalid address). */
export const USAGE_STATUS = 2;

/** The command line is wrong; `message` says how, in xtapi's words. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Report a usage error: the message, the command's usage line, where the rest is said; returns
 * the exit status.
 *
 * @example
 * ```ts
 * return reportUsage(io, new UsageError('unknown option "--nope"'), 'xtapi call <address> [options]');
 * // stderr: xtapi: unknown option "--nope"
 * //         usage: xtapi call <address> [options]
 * //         Try "xtapi --help".
 * ```
 */
export function reportUsage(io: CliIo, error: Error, usage: string): number {
  io.err(`xtapi: ${error.message}\nusage: ${usage}\nTry "xtapi --help".`);
  return USAGE_STATUS;
}
