/**
 * `call.gather()`: the far end's digits collected until a rule ends the gathering (TAPI 2's
 * lineGatherDigits, Twilio's `<Gather>`). Each request is a `digitGatherMachine` actor on the
 * telephony's clock, fed the call's `digit` events; it lives as long as the request, and a new
 * request on the same call cancels the one before (lineGatherDigits: one gathering per call).
 * What it keeps is the request's, not the call's: the call's state stays in its chart.
 */
import { type ActorRefFrom, createActor } from 'xstate';
import { type DigitGatherMachine, digitGatherMachine, type GatherInput, type GatherResult } from '../../machines/digit-gather.js';
import type { CallActorRef } from '../../machines/line.js';
import { dtmfOnly, isDtmf } from '../../providers/dtmf.js';
import type { Clock } from '../../providers/provider.js';
import { XtapiError } from './errors.js';

/** What `call.gather()` collects. */
export interface GatherOptions {
  /** The most digits to take (default 32). */
  max?: number;
  /** Keys that end the gathering, kept as its last digit (default `#`; `''` for none). */
  terminators?: string;
  /** How long to wait for the first key and for each next one, ms (default 5000; 0: for ever). */
  timeoutMs?: number;
  /** How long to wait for the first key, ms (default `timeoutMs`). */
  firstTimeoutMs?: number;
  /** How long to wait for each key after the first, ms (default `timeoutMs`). */
  interTimeoutMs?: number;
  /** Aborting it ends the gathering with `CANCEL` (and the digits taken so far). */
  signal?: AbortSignal;
}

/** What a gathering ended with: the digits, and why it ended (TAPI's LINEGATHERTERM_ names). */
export type Gathered = GatherResult;

/** States a call hears keys in. */
const HEARING = new Set(['connected', 'onHold', 'onHoldPendTransfer']);

/** The gathering under way on each call, if any. */
const gatherings = new WeakMap<CallActorRef, ActorRefFrom<DigitGatherMachine>>();

/** The input of a gathering, or why the options are wrong. */
export function gatherInput(options: GatherOptions): GatherInput | string {
  const max = options.max ?? 32;
  if (!Number.isInteger(max) || max < 1) return `max must be a whole number ≥ 1, not ${max}`;
  const terminators = options.terminators ?? '#';
  if (terminators !== '' && !isDtmf(terminators)) return `terminators must be DTMF digits (0-9, A-D, *, #), not ${JSON.stringify(terminators)}`;
  const timeout = options.timeoutMs ?? 5000;
  const firstTimeoutMs = options.firstTimeoutMs ?? timeout;
  const interTimeoutMs = options.interTimeoutMs ?? timeout;
  for (const [name, ms] of [['firstTimeoutMs', firstTimeoutMs], ['interTimeoutMs', interTimeoutMs]] as const) {
    if (!Number.isFinite(ms) || ms < 0 || ms > 2_147_483_647) return `${name} must be 0 … 2147483647 ms, not ${ms}`;
  }
  return { max, terminators: dtmfOnly(terminators), firstTimeoutMs, interTimeoutMs };
}

/** A gathering under way: cancel it (it then ends with `CANCEL` and the digits so far). */
export interface Gathering {
  cancel(): void;
}

/**
 * Start gathering the far end's digits on `actor`'s call, on `clock`, whatever the call's state
 * (TAPI 2's lineGatherDigits takes any state; digits only come while it is connected or held);
 * `onEnd` is called once, within the step that ends it. A gathering already under way on the call
 * is cancelled first. The call ending cancels it.
 *
 * @example
 * ```ts
 * const gathering = startGathering(call.actor, clock, { max: 4, terminators: '#', firstTimeoutMs: 5000, interTimeoutMs: 3000 }, (result) => console.log(result));
 * gathering.cancel(); // { digits: '', termination: 'CANCEL' }
 * ```
 */
export function startGathering(actor: CallActorRef, clock: Clock, input: GatherInput, onEnd: (result: Gathered) => void): Gathering {
  gatherings.get(actor)?.send({ type: 'CANCEL' });
  const gathering = createActor(digitGatherMachine, { input, clock });
  gatherings.set(actor, gathering);
  const cancel = () => {
    if (gathering.getSnapshot().status === 'active') gathering.send({ type: 'CANCEL' });
  };
  const heard = actor.on('digit', ({ digit }) => gathering.send({ type: 'DIGIT', digit }));
  const callEnds = actor.subscribe({ complete: cancel });
  gathering.subscribe({
    complete: () => {
      heard.unsubscribe();
      callEnds.unsubscribe();
      if (gatherings.get(actor) === gathering) gatherings.delete(actor);
      onEnd(gathering.getSnapshot().output as Gathered);
    },
  });
  gathering.start();
  // A call that has ended already: nothing will come.
  if (actor.getSnapshot().status !== 'active') cancel();
  return { cancel };
}

/**
 * Gather the far end's digits on `actor`'s call, on `clock` (`call.gather()`). Rejects with
 * INVALPARAM for bad options and INVALCALLSTATE on a call that is not connected or held;
 * otherwise resolves when the gathering ends, also when the call ends or another gathering
 * replaces it (`CANCEL`).
 *
 * @example
 * ```ts
 * const { digits, termination } = await gatherDigits(call.actor, clock, { max: 4, terminators: '#' });
 * ```
 */
export function gatherDigits(actor: CallActorRef, clock: Clock, options: GatherOptions = {}): Promise<Gathered> {
  const input = gatherInput(options);
  if (typeof input === 'string') return Promise.reject(new XtapiError('INVALPARAM', input));
  const snapshot = actor.getSnapshot();
  if (snapshot.status !== 'active' || !HEARING.has(snapshot.context.state)) {
    return Promise.reject(new XtapiError('INVALCALLSTATE', `digits are gathered on a connected or held call, not one in state ${snapshot.context.state}`));
  }
  const { signal } = options;
  return new Promise((resolve) => {
    let abort = () => {};
    const gathering = startGathering(actor, clock, input, (result) => {
      signal?.removeEventListener('abort', abort);
      resolve(result);
    });
    abort = () => gathering.cancel();
    signal?.addEventListener('abort', abort, { once: true });
    if (signal?.aborted) abort();
  });
}
