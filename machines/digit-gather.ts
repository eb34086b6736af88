/**
 * Gathering digits: the far end's key presses collected into a buffer until a rule ends the
 * gathering (TAPI 2's lineGatherDigits and LINE_GATHERDIGITS; TSPI_lineGatherDigits). One actor
 * per request: it is fed the call's digits (`DIGIT`) and ends with the digits and why it ended,
 * TAPI's LINEGATHERTERM_ names:
 *
 * - `BUFFERFULL`: `max` digits are in;
 * - `TERMDIGIT`: one of `terminators` came, and is the last digit of the buffer (lineGatherDigits:
 *   "the termination digit is placed in the buffer");
 * - `FIRSTTIMEOUT`: no digit within `firstTimeoutMs` (the buffer is empty);
 * - `INTERTIMEOUT`: no further digit within `interTimeoutMs` of the last one (the buffer has at
 *   least one);
 * - `CANCEL`: the request was cancelled (a new one replaced it, the application asked, the call
 *   ended).
 *
 * A timeout of 0 means none: the lineGatherDigits page does not say what 0 does, and waiting for
 * ever is the reading that never cuts a caller short. Time is the clock the actor is created with:
 * the telephony's, so tests run it on simulated time.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { digitGatherMachine } from 'xtapi/machines';
 *
 * const gather = createActor(digitGatherMachine, { input: { max: 4, terminators: '#', firstTimeoutMs: 5000, interTimeoutMs: 3000 } }).start();
 * for (const digit of '12#') gather.send({ type: 'DIGIT', digit });
 * gather.getSnapshot().output; // { digits: '12#', termination: 'TERMDIGIT' }
 * ```
 */
import { assign, setup } from 'xstate';

/** Why a gathering ended (LINEGATHERTERM_ constants). */
export type GatherTermination = 'BUFFERFULL' | 'TERMDIGIT' | 'FIRSTTIMEOUT' | 'INTERTIMEOUT' | 'CANCEL';

/** What a gathering is asked to collect. */
export interface GatherInput {
  /** The most digits to collect (lineGatherDigits dwNumDigits), at least 1. */
  max: number;
  /** Digits that end the gathering (lpszTerminationDigits); '' for none. */
  terminators: string;
  /** How long to wait for the first digit, ms; 0 for ever (dwFirstDigitTimeout). */
  firstTimeoutMs: number;
  /** How long to wait for each further digit, ms; 0 for ever (dwInterDigitTimeout). */
  interTimeoutMs: number;
}

/** What a gathering ends with. */
export interface GatherResult {
  digits: string;
  termination: GatherTermination;
}

/** What a gathering is fed. */
export type GatherEvent = { type: 'DIGIT'; digit: string } | { type: 'CANCEL' };

interface GatherContext extends GatherInput {
  digits: string;
  termination: GatherTermination;
}

/** The gathering machine. */
export const digitGatherMachine = setup({
  types: {
    context: {} as GatherContext,
    events: {} as GatherEvent,
    input: {} as GatherInput,
    output: {} as GatherResult,
  },
  delays: {
    first: ({ context }) => context.firstTimeoutMs,
    inter: ({ context }) => context.interTimeoutMs,
  },
  guards: {
    firstTimeout: ({ context }) => context.firstTimeoutMs > 0,
    interTimeout: ({ context }) => context.interTimeoutMs > 0,
    /** The digit just taken ends it: a terminator, or the buffer is full. */
    ends: ({ context }) => context.digits.length >= context.max || context.terminators.includes(context.digits.at(-1) ?? ''),
  },
  actions: {
    take: assign({ digits: ({ context, event }) => (event.type === 'DIGIT' ? context.digits + event.digit : context.digits) }),
    endWhy: assign({
      termination: ({ context }) => (context.terminators.includes(context.digits.at(-1) ?? '') ? 'TERMDIGIT' : 'BUFFERFULL'),
    }),
    end: assign({ termination: (_, params: { termination: GatherTermination }) => params.termination }),
  },
}).createMachine({
  id: 'digitGather',
  description: 'One lineGatherDigits request: the far end\'s digits collected until the buffer is full, a termination digit comes, a timeout runs out, or it is cancelled.',
  context: ({ input }) => ({ ...input, digits: '', termination: 'CANCEL' }),
  initial: 'waitingForFirst',
  on: {
    CANCEL: { target: '.done', actions: { type: 'end', params: { termination: 'CANCEL' } } },
  },
  states: {
    waitingForFirst: {
      description: 'No digit yet; dwFirstDigitTimeout counts (LINEGATHERTERM_FIRSTTIMEOUT when it runs out).',
      after: { first: { guard: 'firstTimeout', target: 'done', actions: { type: 'end', params: { termination: 'FIRSTTIMEOUT' } } } },
      on: { DIGIT: { target: 'checking', actions: 'take' } },
    },
    gathering: {
      description: 'At least one digit is in; dwInterDigitTimeout counts from the last one (LINEGATHERTERM_INTERTIMEOUT).',
      after: { inter: { guard: 'interTimeout', target: 'done', actions: { type: 'end', params: { termination: 'INTERTIMEOUT' } } } },
      on: { DIGIT: { target: 'checking', actions: 'take' } },
    },
    checking: {
      description: 'A digit was just taken: it ends the gathering (buffer full, termination digit) or the next is awaited.',
      always: [{ guard: 'ends', target: 'done', actions: 'endWhy' }, { target: 'gathering' }],
    },
    done: {
      type: 'final',
      description: 'The gathering has ended; its output has the digits and why (LINE_GATHERDIGITS).',
    },
  },
  output: ({ context }) => ({ digits: context.digits, termination: context.termination }),
});

/** The machine type, for typing refs. */
export type DigitGatherMachine = typeof digitGatherMachine;
