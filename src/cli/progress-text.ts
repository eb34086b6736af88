/**
 * One line of a command's progress as text: the time since start, the call's id, and what
 * happened (a state and its mode, a caller), in columns, as `xtapi call` and `xtapi listen` print it.
 */
import type { CallState } from '../../machines/events.js';
import type { CallMode } from '../../providers/provider.js';

/**
 * A progress line: `ms` right-aligned, the call's id, then `text`.
 *
 * @example
 * ```ts
 * progressText(1850, 'c1', stateText('connected', 'ACTIVE')); // '  1850 ms  c1   connected     ACTIVE'
 * ```
 */
export function progressText(ms: number, callId: string, text: string): string {
  return `${String(ms).padStart(6)} ms  ${callId.padEnd(4)} ${text}`.trimEnd();
}

/**
 * A state and its mode, in columns.
 *
 * @example
 * ```ts
 * stateText('busy', 'STATION'); // 'busy          STATION'
 * ```
 */
export function stateText(state: CallState, mode: CallMode | null): string {
  return `${state.padEnd(13)} ${mode ?? ''}`.trimEnd();
}
