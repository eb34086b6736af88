/**
 * The call model: test paths generated with `xstate/graph` from the real call machine.
 *
 * Why not `createTestModel(callMachine)`: it refuses a machine that has `after` transitions
 * (`validateMachine` in xstate's graph code), and the call machine has them on purpose (placing
 * and dropping time out). Writing a second, timer-free copy of the chart would test the copy,
 * not the chart.
 * Instead the model's logic *is* the call machine, stepped by XState's own pure functions:
 * `initialTransition(callMachine, input)` and `transition(callMachine, snapshot, event)`. They
 * run the real transitions, guards and `always` steps, and return the actions (emits, commands
 * to the provider, timers) without executing them, so nothing is sent and no timer runs. That
 * logic goes into a plain `TestModel`, which accepts any actor logic.
 *
 * What the traversal cannot see it is told, from the chart's own definitions:
 * - the events to try in a state are the event descriptors of its active state nodes
 *   (`ownEvents`, the same source `createTestModel` uses), the `PROVIDER.*` wildcard spelled
 *   out as the provider events, each with a representative payload (none in `idle`: the
 *   provider hears of a call only with its make, so it has nothing to report before);
 * - a timer fires as its own event (`PROVIDER_TIMEOUT` from the line's provider service,
 *   `NOANSWER_TIMEOUT` from the call), which the system under test produces by moving its clock.
 *
 * A provider that throws from a command is, to the call, a provider reporting `PROVIDER.FAILED`
 * (the line service turns one into the other), so it needs no event of its own.
 *
 * A state of the graph is the chart's state value plus the context its guards read
 * (`dialComplete`, `released`, the request pending, the connected mode, whether a transfer
 * request waits); the rest of the context
 * (timestamps, causes) would only multiply identical states. The input (partial or complete
 * address, autoClear, a call that arrives, what the line can do) is fixed per model, so paths are
 * generated once per {@link CallModelVariant}.
 *
 * `call-paths.ts` turns the graph into paths.
 */
import { type AnyStateNode, type AnyTransitionDefinition, type ActorLogic, type SnapshotFrom, getStateNodes, initialTransition, transition } from 'xstate';
import { TestModel } from 'xstate/graph';
import { type CallInput, callMachine } from '../../machines/call.js';
import type { TransferRequests } from '../../machines/call-context.js';
import type { CallCommand, CallEvent, CallState, RequestKind } from '../../machines/events.js';
import { type IncomingCall, type LineFeatures, type ProviderEvent, type ProviderEventType, defaultCallParams } from '../../providers/provider.js';
import type { CallPath } from './call-paths.js';

/** A snapshot of the call chart. */
export type CallSnapshot = SnapshotFrom<typeof callMachine>;

/** An event of a path: a command, a provider event, or a timer. */
export type ModelEvent = CallEvent;

/** The input a model is generated for. */
export interface CallModelVariant {
  /** A short name, used in test names. */
  name: string;
  /** Whether the address is complete (false: partial, the call waits for `DIAL`). */
  complete: boolean;
  /** Whether the call drops itself once the far end has gone (busy, disconnected). */
  autoClear: boolean;
  /** A call that arrives (offered by the provider) rather than one the application makes. */
  incoming?: boolean;
  /** A call that arrives on a line that answers everything at once (`autoAnswer`). */
  autoAnswer?: boolean;
  /** What the line can do beyond make and drop (hold, transfer); none when absent. */
  features?: LineFeatures;
  /** Whether the far end's transfer requests are put to the application (`ask`) or refused at once (absent). */
  transferRequests?: TransferRequests;
}

/**
 * The variants paths are generated for. Together they reach every transition: `DIAL` needs a
 * partial address, the `always` steps of busy and disconnected need autoClear, the drops from
 * busy and disconnected need it off, and offering, accepted and answering need a call that
 * arrives (and one on a line that answers everything at once, for offering's own answer), and
 * hold, unhold and the transfers need a line that can do them (whose applications are also asked
 * about the far end's transfer requests; the others refuse them at once).
 */
export const CALL_MODEL_VARIANTS: readonly CallModelVariant[] = Object.freeze([
  { name: 'partial', complete: false, autoClear: false },
  { name: 'complete', complete: true, autoClear: false },
  { name: 'autoclear', complete: true, autoClear: true },
  { name: 'incoming', complete: true, autoClear: false, incoming: true },
  { name: 'auto-answered', complete: true, autoClear: false, incoming: true, autoAnswer: true },
  { name: 'hold and transfer', complete: true, autoClear: false, features: { hold: true, blindTransfer: true, transfer: true }, transferRequests: 'ask' },
]);

/** Who calls in the `incoming` variant. */
export const MODEL_CALLER: Required<IncomingCall> = Object.freeze({ from: '5550123', name: 'Model caller', to: '100', origin: 'EXTERNAL', reason: 'DIRECT' });

/** Timer lengths the paths run with (ms). */
export interface CallModelTimers {
  /** The call's `providerTimeout` (default 30 000). */
  providerTimeout: number;
  /** dwNoAnswerTimeout (default 60 000); it must be set, or `NOANSWER_TIMEOUT` cannot happen. */
  noAnswerTimeout: number;
}

/** The default timers. */
export const DEFAULT_TIMERS: CallModelTimers = Object.freeze({ providerTimeout: 30_000, noAnswerTimeout: 60_000 });

/** The input of the call machine for a variant. */
export function modelInput(variant: CallModelVariant, timers: CallModelTimers = DEFAULT_TIMERS, destination = '5550111'): CallInput {
  const params = { ...defaultCallParams, noAnswerTimeout: timers.noAnswerTimeout };
  const features = variant.features ?? {};
  const transferRequests = variant.transferRequests ?? 'refuse';
  if (variant.incoming) return { callId: 'model', lineIndex: 0, incoming: MODEL_CALLER, address: null, destination: '', complete: true, autoClear: variant.autoClear, autoAnswer: variant.autoAnswer, params, features, transferRequests };
  return { callId: 'model', lineIndex: 0, address: destination, destination, complete: variant.complete, autoClear: variant.autoClear, params, features, transferRequests };
}

/**
 * One representative payload per provider event; the chart's control flow reads none of them
 * (but the connected mode: see {@link CONTROL_EVENTS}).
 */
const PROVIDER_EVENTS: readonly ProviderEvent[] = [
  { type: 'PROVIDER.DIALTONE', mode: 'NORMAL' },
  { type: 'PROVIDER.DIALING' },
  { type: 'PROVIDER.PROCEEDING' },
  { type: 'PROVIDER.RINGBACK', ring: 1 },
  { type: 'PROVIDER.BUSY', mode: 'STATION' },
  { type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' },
  { type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' },
  { type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED', message: 'model' },
  { type: 'PROVIDER.IDLE' },
  { type: 'PROVIDER.REDIRECTED', to: 'sip:elsewhere@model.invalid', detail: { code: 302, reason: 'Moved Temporarily' } },
];

/**
 * The provider's answers to hold and transfer (rule 10 of the provider contract), tried only in
 * the variants whose line declares features: the other variants have the same transitions, and
 * trying them everywhere would multiply the paths without reaching one more. The far end's hold
 * (CONNECTED with LINECONNECTEDMODE_ACTIVEHELD) is tried only on a call that is connected or held,
 * the states that read the mode; anywhere else it is one more way into `connected`.
 */
const CONTROL_EVENTS: readonly ProviderEvent[] = [
  { type: 'PROVIDER.ONHOLD' },
  { type: 'PROVIDER.TRANSFERRED', to: '5550199' },
  { type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error: 'OPERATIONFAILED', message: 'model' },
];

/**
 * The far end asking us to transfer ourselves (rule 11 of the provider contract), tried only on a
 * call that is connected or held, the states that take it (anywhere else the chart calls it
 * impossible): refused at once in the variants whose line does not ask its applications, waiting
 * for ACCEPT_TRANSFER_REQUEST or REFUSE_TRANSFER_REQUEST in the one that does.
 */
const TRANSFER_REQUEST: ProviderEvent = { type: 'PROVIDER.TRANSFER_REQUESTED', to: '5550177', by: 'sip:model@model.invalid' };
const FAR_END_HOLDS: ProviderEvent = { type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' };
const MODE_STATES: readonly CallState[] = ['connected', 'onHold', 'onHoldPendTransfer'];

/**
 * The far end pressing a key (rule 12 of the provider contract), tried where the chart takes it:
 * on a call that is connected or held (reported), and one that has just been disconnected (a
 * press that crossed the hang-up, ignored); anywhere else it is one more impossible event.
 */
const KEY_PRESS: ProviderEvent = { type: 'PROVIDER.DIGIT', digit: '5', via: 'rfc4733' };
const KEY_STATES: readonly CallState[] = [...MODE_STATES, 'disconnected'];

/**
 * The requests the line service's watchdog times out (`provider-watchdog.ts`): a hold and an
 * unhold (a setup transfer is a hold). A transfer waits on the target, which may take long, so it
 * is never timed out: `PROVIDER_TIMEOUT` cannot happen while one is pending.
 */
const WATCHED: ReadonlySet<RequestKind | undefined> = new Set<RequestKind | undefined>(['hold', 'unhold', 'setupTransfer']);

/**
 * The consultation call the model's COMPLETE_TRANSFER names. The model has one call, so the line
 * carries no call by that id: the line service refuses the transfer itself, at once, without
 * asking the provider (`provider-service.ts`), with this event. A consultation transfer that
 * reaches the provider needs two calls; the provider's own tests cover it.
 */
export const UNKNOWN_CONSULTATION: ProviderEvent = Object.freeze({
  type: 'PROVIDER.REQUEST_FAILED',
  kind: 'transfer',
  error: 'OPERATIONUNAVAIL',
  message: 'the provider cannot transfer this call',
});

/** Payloads for the commands: a DIAL that keeps the address partial and one that completes it. */
const COMMANDS: Readonly<Record<CallCommand['type'], readonly CallCommand[]>> = {
  // Drop first: the traversal prefers it, so paths end the way applications end calls. It is a
  // request with a number, as every face sends it, so it is answered at the end.
  DROP: [{ type: 'DROP', request: 1 }],
  MAKE: [{ type: 'MAKE' }],
  DIAL: [
    { type: 'DIAL', digits: '5', complete: false },
    { type: 'DIAL', digits: '0111', complete: true },
  ],
  GENERATE_DIGITS: [{ type: 'GENERATE_DIGITS', digits: '1#' }],
  ACCEPT: [{ type: 'ACCEPT' }],
  ANSWER: [{ type: 'ANSWER' }],
  HOLD: [{ type: 'HOLD', request: 2 }],
  UNHOLD: [{ type: 'UNHOLD', request: 3 }],
  BLIND_TRANSFER: [{ type: 'BLIND_TRANSFER', to: '5550199', request: 4 }],
  SETUP_TRANSFER: [{ type: 'SETUP_TRANSFER', request: 5 }],
  COMPLETE_TRANSFER: [{ type: 'COMPLETE_TRANSFER', consultationCallId: 'consultation', request: 6 }],
  CANCEL_TRANSFER: [{ type: 'CANCEL_TRANSFER' }],
  ACCEPT_TRANSFER_REQUEST: [{ type: 'ACCEPT_TRANSFER_REQUEST' }],
  REFUSE_TRANSFER_REQUEST: [{ type: 'REFUSE_TRANSFER_REQUEST' }],
};

/** What a driver is asked to produce, and what `canProduce` filters. */
export type ProducibleEvent = ProviderEventType | 'SILENCE';

/** What kind of step an event is. */
export type StepKind = 'start' | 'command' | 'provider' | 'timeout';

/**
 * The kind of a model event.
 *
 * @example
 * ```ts
 * stepKind({ type: 'PROVIDER.BUSY' }); // 'provider': the driver makes the provider produce it
 * stepKind({ type: 'NOANSWER_TIMEOUT' }); // 'timeout': the clock moves
 * ```
 */
export function stepKind(event: { type: string }): StepKind {
  if (event.type === 'xstate.init') return 'start';
  if (event.type.startsWith('PROVIDER.')) return 'provider';
  if (event.type === 'NOANSWER_TIMEOUT' || event.type === 'PROVIDER_TIMEOUT') return 'timeout';
  return 'command';
}

/** Whether the chart handles `event` in `snapshot` only through its root `PROVIDER.*` catch-all (a provider lying). */
export function isImpossible(snapshot: CallSnapshot, event: ModelEvent): boolean {
  if (!event.type.startsWith('PROVIDER.')) return false;
  const taken = callMachine.getTransitionData(snapshot, event as CallEvent) as AnyTransitionDefinition[];
  return taken.length > 0 && taken.every((t) => t.source === callMachine.root);
}

/** Options of the model. */
export interface CallModelOptions {
  timers?: CallModelTimers;
  /**
   * Also try provider events the chart calls impossible in a state (handled only by its
   * catch-all, which ignores them with a warning). For testing the core's robustness against a
   * lying provider; never in a provider's conformance run, where a warning is a failure.
   */
  impossibleEvents?: boolean;
  /**
   * Which events the provider under test can be made to produce, in a state. Paths only use
   * producible events. `SILENCE` is the provider saying nothing until a timer fires (providerTimeout
   * in placing or dropping, dwNoAnswerTimeout in alerting).
   */
  canProduce?: (event: ProducibleEvent, at: ModelView) => boolean;
  /**
   * Whether the provider under test can run a whole path. When given, each transition is tried
   * with other ways into its source state (through each state that leads there) until one is
   * accepted, so a provider with a fixed script still reaches what it can.
   */
  accept?: (path: CallPath) => boolean;
}

/** What `canProduce` sees of the model state. */
export interface ModelView {
  state: CallState;
  variant: CallModelVariant;
  /** Whether dialling is complete (a partial address is waiting for DIAL). */
  dialComplete: boolean;
  /** Whether the provider has released the call (after a far-end disconnect). */
  released: boolean;
}

/** The producible event a model event needs from the provider, if any. */
export function producibleOf(event: ModelEvent): ProducibleEvent | null {
  switch (stepKind(event)) {
    case 'provider':
      return event.type as ProviderEventType;
    case 'timeout':
      return 'SILENCE';
    default:
      return null;
  }
}

/** An action XState's pure `transition` returns without running it. */
type ModelAction = ReturnType<typeof transition>[1][number];

/**
 * One step of the model: the chart's own transition, and, for a COMPLETE_TRANSFER the chart
 * takes, what the line service does with it (see {@link UNKNOWN_CONSULTATION}): the command
 * reaches no provider, and the refusal reaches the call.
 *
 * @example
 * ```ts
 * const [next, actions] = modelTransition(snapshot, { type: 'DROP', request: 1 });
 * ```
 */
export function modelTransition(snapshot: CallSnapshot, event: ModelEvent): [CallSnapshot, ModelAction[]] {
  const [next, actions] = transition(callMachine, snapshot, event as CallEvent);
  if (event.type !== 'COMPLETE_TRANSFER' || next.context.pending?.kind !== 'completeTransfer') return [next, actions];
  const toLine = actions.filter((a) => !(a.type === 'xstate.sendTo' && (a.params as { event?: { type?: string } } | undefined)?.event?.type === 'TRANSFER'));
  const [refused, more] = transition(callMachine, next, UNKNOWN_CONSULTATION as CallEvent);
  return [refused, [...toLine, ...more]];
}

/** The call machine as actor logic stepped by XState's pure functions (see the file comment). */
export function callModelLogic(variant: CallModelVariant, timers: CallModelTimers = DEFAULT_TIMERS): ActorLogic<CallSnapshot, ModelEvent, unknown> {
  const input = modelInput(variant, timers);
  return {
    transition: (snapshot, event) => modelTransition(snapshot, event)[0],
    getInitialSnapshot: () => initialTransition(callMachine, input)[0],
    getPersistedSnapshot: (snapshot) => snapshot,
  } as ActorLogic<CallSnapshot, ModelEvent, unknown>;
}

/**
 * The graph state: the value plus what the guards read (the request pending, and the connected
 * mode that `modeChanges` compares with).
 */
export function serializeModelState(snapshot: CallSnapshot): string {
  const { dialComplete, released, pending, state, mode, transferRequest } = snapshot.context;
  return JSON.stringify([snapshot.value, snapshot.status === 'done' ? null : [dialComplete, released, pending?.kind ?? null, state === 'connected' ? mode : null, transferRequest !== null]]);
}

function eventsIn(snapshot: CallSnapshot, variant: CallModelVariant, timers: CallModelTimers): ModelEvent[] {
  if (snapshot.status !== 'active') return [];
  const { state, pending } = snapshot.context;
  const types = new Set<string>();
  for (const node of getStateNodes(callMachine.root, snapshot.value) as AnyStateNode[]) for (const type of node.ownEvents) types.add(type);
  const events: ModelEvent[] = [...COMMANDS.DROP];
  for (const type of types) {
    if (type === 'DROP') continue;
    if (type in COMMANDS) events.push(...COMMANDS[type as CallCommand['type']]);
    else if (type === 'PROVIDER.*') continue;
    else if (type.startsWith('PROVIDER.')) continue;
    else if (type === 'PROVIDER_TIMEOUT') {
      if (pending === null || WATCHED.has(pending.kind)) events.push({ type, ms: timers.providerTimeout });
    } else events.push({ type } as ModelEvent);
  }
  // Provider events: every one, once; the filter decides which the chart (or the provider) takes.
  // Before its make the provider has not heard of the call, so it has nothing to report on.
  if (state !== 'idle') events.push(...PROVIDER_EVENTS);
  if (state !== 'idle' && variant.features) events.push(...CONTROL_EVENTS);
  if (variant.features && MODE_STATES.includes(state)) events.push(FAR_END_HOLDS);
  if (MODE_STATES.includes(state)) events.push(TRANSFER_REQUEST);
  if (KEY_STATES.includes(state)) events.push(KEY_PRESS);
  return events;
}

function viewOf(snapshot: CallSnapshot, variant: CallModelVariant): ModelView {
  return { state: snapshot.context.state, variant, dialComplete: snapshot.context.dialComplete, released: snapshot.context.released };
}

/**
 * The test model of the call chart for one variant: an `xstate/graph` `TestModel` over the real
 * call machine.
 *
 * @example
 * ```ts
 * const model = createCallModel(CALL_MODEL_VARIANTS[1]);
 * Object.keys(model.getAdjacencyMap()).length; // the states of the call, as the graph sees them
 * ```
 */
export function createCallModel(variant: CallModelVariant, options: CallModelOptions = {}): TestModel<CallSnapshot, ModelEvent, unknown> {
  const timers = options.timers ?? DEFAULT_TIMERS;
  return new TestModel(callModelLogic(variant, timers), {
    serializeState: serializeModelState,
    events: (snapshot) => eventsIn(snapshot, variant, timers),
    filterEvents: (snapshot, event) => {
      // Not `can()`: it says false for a transition that does nothing (`'PROVIDER.DIALTONE': {}`
      // in dialtone), and those are part of the chart too: an expected event, no warning.
      if ((callMachine.getTransitionData(snapshot, event as CallEvent) as unknown[]).length === 0) return false;
      if (!options.impossibleEvents && isImpossible(snapshot, event)) return false;
      const needed = producibleOf(event);
      return needed === null || !options.canProduce || options.canProduce(needed, viewOf(snapshot, variant));
    },
  });
}
