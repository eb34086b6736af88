/**
 * The number plan of the simulated switch that `xtapi call` and `xtapi board` run on: one table,
 * shown by `xtapi --help`, printed by `xtapi board`, and used by the README and the docs, so a
 * number does the same wherever a reader meets it.
 */
import type { NumberEntry, Outcome } from '../../providers/simulated/index.js';
import type { CallResult } from './call-result.js';

/** One number of the plan: what the far end does, in words, and what `xtapi call` ends with. */
export interface PlannedNumber extends NumberEntry {
  /** What the far end does, as `--help` says it. */
  note: string;
  /** The result `xtapi call <number>` ends with (its `--json` `result`). */
  result: CallResult;
  /** Who ends a connected call when `--hangup-after` is longer than the far end waits. */
  endedBy?: 'remote';
}

/** The numbers of the simulated switch, by number. */
export const NUMBER_PLAN: Readonly<Record<string, PlannedNumber>> = {
  '5550111': { outcome: 'answer', rings: 2, note: 'answers after two rings', result: 'connected' },
  '5550122': { outcome: 'busy', note: 'is busy', result: 'busy' },
  '5550133': { outcome: 'no-answer', rings: 5, note: 'rings five times, nobody answers', result: 'no-answer' },
  '5550144': { outcome: 'unreachable', note: 'cannot be reached', result: 'unreachable' },
  '5550155': { outcome: 'reject', rings: 1, note: 'rejects the call after one ring', result: 'rejected' },
  '5550166': { outcome: 'answer', rings: 1, hangupAfterMs: 5_000, note: 'answers, hangs up after 5 s', result: 'connected', endedBy: 'remote' },
  '5550177': { outcome: 'answer', rings: 1, note: 'answers after one ring: the transfer target of the examples', result: 'connected' },
  '5550188': { outcome: 'answer', rings: 1, holdAfterMs: 2_000, resumeAfterMs: 2_000, note: 'answers, holds us after 2 s, takes us back 2 s later', result: 'connected' },
};

/** What a number outside the plan does. */
export const OTHER_NUMBERS: { entry: NumberEntry; note: string } = { entry: { outcome: 'answer', rings: 1 }, note: 'any other number answers after one ring' };

/**
 * The caller `xtapi listen --ring-in` is shown with in the help and the docs. It is outside the
 * plan, so called it answers after one ring; ringing in, it gives up after 30 s unanswered and
 * otherwise waits for you to hang up (`ring-in.ts`).
 */
export const EXAMPLE_CALLER = { number: '5550123', name: 'Bob' } as const;

/** The outcomes `--outcome` takes. */
export const OUTCOMES: readonly Outcome[] = ['answer', 'busy', 'no-answer', 'unreachable', 'reject'];

/**
 * The plan as the simulated provider takes it (`simulatedProvider({ numbers })`).
 *
 * @example
 * ```ts
 * simulatedProvider({ numbers: planNumbers(), defaultOutcome: OTHER_NUMBERS.entry });
 * ```
 */
export function planNumbers(): Record<string, NumberEntry> {
  return Object.fromEntries(
    Object.entries(NUMBER_PLAN).map(([number, { outcome, rings, hangupAfterMs, holdAfterMs, resumeAfterMs }]) => [number, { outcome, rings, hangupAfterMs, holdAfterMs, resumeAfterMs }]),
  );
}

/**
 * The plan as text, one number a line, as `--help` and `xtapi board` print it.
 *
 * @example
 * ```ts
 * planLines('  ')[1]; // '  5550122  is busy'
 * ```
 */
export function planLines(indent: string): string[] {
  return [...Object.entries(NUMBER_PLAN).map(([number, { note }]) => `${indent}${number}  ${note}`), `${indent}${OTHER_NUMBERS.note}`];
}

/**
 * What the far end of `address` does, in words, as the switch matches it (the plan's number
 * the address ends with).
 *
 * @example
 * ```ts
 * describePlanned('+1 (425) 555-0122'); // 'is busy'
 * ```
 */
export function describePlanned(address: string): string {
  const digits = address.replace(/[^0-9]/g, '');
  const found = Object.entries(NUMBER_PLAN).find(([number]) => digits.endsWith(number));
  return found ? found[1].note : OTHER_NUMBERS.note.replace(/^any other number /, '');
}
