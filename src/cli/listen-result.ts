/**
 * What a call that arrived came to, in one word, and the lines `xtapi listen --json` prints. The
 * shapes are documented as a JSON Schema in `docs/cli-json.schema.json`, which a test holds them
 * to; the state lines are those of `xtapi call` (`call-result.ts`).
 */
import type { CallCause } from '../../machines/events.js';
import type { Caller } from '../phone/call.js';

/** The first line: the line listens. */
export interface ListeningLine {
  listening: {
    /** The line's device id. */
    line: number;
    name: string;
    /** The line's own address (its number, or a SIP account's address of record). */
    address: string;
    provider: string;
  };
}

/** A call arrived: who calls, and which address. */
export interface IncomingLine {
  t: number;
  call: string;
  caller: Caller;
  called: string | null;
}

/** The one-word result of a call that arrived, as `--json` prints it. */
export type IncomingResult = 'answered' | 'missed' | 'rejected' | 'error';

/** The last line of each call that arrived. */
export interface IncomingEndLine {
  t: number;
  call: string;
  result: IncomingResult;
  cause: CallCause;
  /** How long the call was connected, ms (0 if never). */
  connectedMs: number;
}

/**
 * The result a cause stands for: answered (it was connected, whoever hung up), missed (the caller
 * went before it was answered), rejected (we turned it down, or stopped listening first), error
 * (the provider failed).
 *
 * @example
 * ```ts
 * incomingResultOf({ mode: 'CANCELLED', origin: 'remote', state: 'offering', connected: false }); // 'missed'
 * ```
 */
export function incomingResultOf(cause: CallCause): IncomingResult {
  if (cause.connected) return 'answered';
  if (cause.origin === 'remote') return 'missed';
  if (cause.origin === 'local') return 'rejected';
  return 'error';
}

/** Each result in words, for the text summary. */
export const INCOMING_REASONS: Readonly<Record<IncomingResult, string>> = {
  answered: 'answered',
  missed: 'missed: the caller hung up before it was answered',
  rejected: 'not answered: turned down by us',
  error: 'failed',
};
