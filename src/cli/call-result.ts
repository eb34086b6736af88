/**
 * What a call came to, in one word, and the lines `xtapi call --json` prints. The shapes are
 * documented as a JSON Schema in `docs/cli-json.schema.json`, which a test holds them to.
 */
import type { CallCause, CallState } from '../../machines/events.js';
import type { CallMode } from '../../providers/provider.js';

/** The one-word result of a call, as `--json` prints it. */
export type CallResult = 'connected' | 'busy' | 'no-answer' | 'unreachable' | 'rejected' | 'error';

/** A state change, one per line: time since start (ms), the call's id, its state and mode. */
export interface StateLine {
  t: number;
  call: string;
  state: CallState;
  mode: CallMode | null;
}

/**
 * What became of a hold, an unhold or a transfer the command line asked for (`--hold-after`, …):
 * `error` null when it was done, else the LINEERR_ name with its prefix, and `message` in words.
 */
export interface RequestLine {
  t: number;
  call: string;
  request: 'hold' | 'unhold' | 'transfer';
  /** The transfer's target. */
  to?: string;
  error: string | null;
  message?: string;
}

/** The last line of a call that was placed: its result, its cause, how long it was connected (ms). */
export interface ResultLine {
  result: CallResult;
  cause: CallCause;
  connectedMs: number;
}

/** The last line of a call that could not be placed: the LINEERR_ and its message. */
export interface ErrorLine {
  result: 'error';
  cause: null;
  error: string;
  message: string;
}

/**
 * The result a cause stands for.
 *
 * @example
 * ```ts
 * resultOf({ mode: 'BUSY', origin: 'remote', state: 'busy', connected: false }); // 'busy'
 * ```
 */
export function resultOf(cause: CallCause): CallResult {
  if (cause.connected) return 'connected';
  switch (cause.mode) {
    case 'BUSY':
      return 'busy';
    case 'NOANSWER':
      return 'no-answer';
    case 'UNREACHABLE':
      return 'unreachable';
    case 'REJECT':
      return 'rejected';
    default:
      return 'error';
  }
}

/** Each result in words, for the text summary. */
export const REASONS: Readonly<Record<CallResult, string>> = {
  connected: 'connected',
  busy: 'the far end is busy',
  'no-answer': 'no answer',
  unreachable: 'the far end cannot be reached',
  rejected: 'the far end rejected the call',
  error: 'the call failed',
};
