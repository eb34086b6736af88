/**
 * The call model: test paths generated with `xstate/graph` from the real call machine.
 *
 * Why not `createTestModel(callMachine)`: it refuses a machine that invokes services or has
 * `after` transitions (`validateMachine` in xstate's graph code), and the call machine does
 * both, on purpose (the provider is invoked for the call's whole life; placing and dropping time
 * out). Writing a second, provider-free copy of the chart would test the copy, not the chart.
 * Instead the model's logic *is* the call machine, stepped by XState's own pure functions:
 * `initialTransition(callMachine, input)` and `transition(callMachine, snapshot, event)`. They
 * run the real transitions, guards and `always` steps, and return the actions (emits, commands
 * to the provider, timers) without executing them, so nothing is invoked and no timer runs. That
 * logic goes into a plain `TestModel`, which accepts any actor logic.
 *
 * What the traversal cannot see it is told, from the chart's own definitions:
 * - the events to try in a state are the event descriptors of its active state nodes
 *   (`ownEvents`, the same source `createTestModel` uses), the `PROVIDER.*` wildcard spelled
 *   out as the nine provider events, each with a representative payload;
 * - a delayed transition fires on its own event (`xstate.after.providerTimeout.call.placing`),
 *   which the system under test produces by moving its clock;
 * - the invoked provider can fail only when it starts (the call service throws from
 *   `createCall`; later errors become `PROVIDER.FAILED`), so `xstate.error.actor.provider` is
 *   tried in `idle` only.
 *
 * A state of the graph is the chart's state value plus the context its guards read
 * (`dialComplete`, `released`); the rest of the context (timestamps, causes) would only multiply
 * identical states. The input (partial or complete address, autoClear) is fixed per model, so
 * paths are generated once per {@link CallModelVariant}.
 *
 * `call-paths.ts` turns the graph into paths.
 */
import { type AnyStateNode, type AnyTransitionDefinition, type ActorLogic, type SnapshotFrom, initialTransition, transition } from 'xstate';
import { TestModel } from 'xstate/graph';
import { type CallInput, callMachine } from '../../machines/call.js';
import type { CallCommand, CallEvent, CallState } from '../../machines/events.js';
import { type ProviderEvent, type ProviderEventType, defaultCallParams } from '../../providers/provider.js';
import type { CallPath } from './call-paths.js';

/** A snapshot of the call chart. */
export type CallSnapshot = SnapshotFrom<typeof callMachine>;

/** The delayed transitions of the chart, by their event type. */
export type ProviderTimeoutEvent = { type: 'xstate.after.providerTimeout.call.placing' } | { type: 'xstate.after.providerTimeout.call.dropping' };

/** The invoked provider failed as it started (`createCall` threw). */
export interface CreateFailureEvent {
  type: 'xstate.error.actor.provider';
  error: unknown;
}

/** An event of a path: a command, a provider event, a timer, or the provider failing to start. */
export type ModelEvent = CallEvent | ProviderTimeoutEvent | CreateFailureEvent;

/** The input a model is generated for. */
export interface CallModelVariant {
  /** A short name, used in test names. */
  name: string;
  /** Whether the address is complete (false: partial, the call waits for `DIAL`). */
  complete: boolean;
  /** Whether the call drops itself once the far end has gone (busy, disconnected). */
  autoClear: boolean;
}

/**
 * The variants paths are generated for. Together they reach every transition: `DIAL` needs a
 * partial address, the `always` steps of busy and disconnected need autoClear, and the drops
 * from busy and disconnected need it off.
 */
export const CALL_MODEL_VARIANTS: readonly CallModelVariant[] = Object.freeze([
  { name: 'partial', complete: false, autoClear: false },
  { name: 'complete', complete: true, autoClear: false },
  { name: 'autoclear', complete: true, autoClear: true },
]);

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
  return {
    callId: 'model',
    lineIndex: 0,
    address: destination,
    destination,
    complete: variant.complete,
    autoClear: variant.autoClear,
    providerTimeout: timers.providerTimeout,
    params: { ...defaultCallParams, noAnswerTimeout: timers.noAnswerTimeout },
  };
}

/** One representative payload per provider event; the chart's control flow reads none of them. */
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
];

/** Payloads for the commands: a DIAL that keeps the address partial and one that completes it. */
const COMMANDS: Readonly<Record<CallCommand['type'], readonly CallCommand[]>> = {
  // Drop first: the traversal prefers it, so paths end the way applications end calls.
  DROP: [{ type: 'DROP' }],
  MAKE: [{ type: 'MAKE' }],
  DIAL: [
    { type: 'DIAL', digits: '5', complete: false },
    { type: 'DIAL', digits: '0111', complete: true },
  ],
  GENERATE_DIGITS: [{ type: 'GENERATE_DIGITS', digits: '1#' }],
};

/** What a driver is asked to produce, and what `canProduce` filters. */
export type ProducibleEvent = ProviderEventType | 'CREATE_FAILURE' | 'SILENCE';

/** What kind of step an event is. */
export type StepKind = 'start' | 'command' | 'provider' | 'timeout' | 'create-failure';

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
  if (event.type === 'NOANSWER_TIMEOUT' || event.type.startsWith('xstate.after.')) return 'timeout';
  if (event.type === 'xstate.error.actor.provider') return 'create-failure';
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
   * in placing or dropping, dwNoAnswerTimeout in alerting); `CREATE_FAILURE` is `createCall` throwing.
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
    case 'create-failure':
      return 'CREATE_FAILURE';
    default:
      return null;
  }
}

/** The call machine as actor logic stepped by XState's pure functions (see the file comment). */
export function callModelLogic(variant: CallModelVariant, timers: CallModelTimers = DEFAULT_TIMERS): ActorLogic<CallSnapshot, ModelEvent, unknown> {
  const input = modelInput(variant, timers);
  return {
    transition: (snapshot, event) => transition(callMachine, snapshot, event as CallEvent)[0],
    getInitialSnapshot: () => initialTransition(callMachine, input)[0],
    getPersistedSnapshot: (snapshot) => snapshot,
  } as ActorLogic<CallSnapshot, ModelEvent, unknown>;
}

/** The graph state: the value plus what the guards read. */
export function serializeModelState(snapshot: CallSnapshot): string {
  const { dialComplete, released } = snapshot.context;
  return JSON.stringify([snapshot.value, snapshot.status === 'done' ? null : [dialComplete, released]]);
}

function eventsIn(snapshot: CallSnapshot): ModelEvent[] {
  if (snapshot.status !== 'active') return [];
  const types = new Set<string>();
  for (const node of snapshot._nodes as AnyStateNode[]) for (const type of node.ownEvents) types.add(type);
  const events: ModelEvent[] = [...COMMANDS.DROP];
  for (const type of types) {
    if (type === 'DROP') continue;
    if (type in COMMANDS) events.push(...COMMANDS[type as CallCommand['type']]);
    else if (type === 'PROVIDER.*') continue;
    else if (type.startsWith('PROVIDER.')) continue;
    else if (type === 'xstate.error.actor.provider') {
      if (snapshot.context.state === 'idle') events.push({ type, error: new Error('createCall failed') });
    } else events.push({ type } as ModelEvent);
  }
  // Provider events: every one, once; the filter decides which the chart (or the provider) takes.
  events.push(...PROVIDER_EVENTS);
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
    events: eventsIn,
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
