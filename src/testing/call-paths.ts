/**
 * Paths through the call chart, from the model of `call-model.ts`: one per transition of the
 * graph (the shortest way to its source state, the transition, then the way to the end, a drop
 * first), so every edge is taken and every path ends in `ended`, where the end invariants are
 * checked. Each path is stepped once more through the real chart, so it carries what the chart
 * does at each step: what the call emits and which commands it sends its provider.
 */
import { initialTransition } from 'xstate';
import type { StatePath } from 'xstate/graph';
import { callMachine } from '../../machines/call.js';
import type { CallEmitted } from '../../machines/events.js';
import type { LineServiceCommand } from '../../machines/provider-service.js';
import type { ProviderCommand } from '../../providers/provider.js';
import {
  type CallModelOptions,
  type CallModelTimers,
  type CallModelVariant,
  type CallSnapshot,
  DEFAULT_TIMERS,
  type ModelEvent,
  createCallModel,
  modelInput,
  modelTransition,
  serializeModelState,
  stepKind,
} from './call-model.js';

/** One step of a path, with what the chart says it does. */
export interface CallPathStep {
  event: ModelEvent;
  /** The chart's snapshot after the step. */
  state: CallSnapshot;
  /** What the call emits in this step, in order (state changes, replies, the end, warnings). */
  emitted: CallEmitted[];
  /** The commands the call sends its provider in this step, in order. */
  commands: ProviderCommand[];
}

/** A generated path: from a new call to its end. */
export interface CallPath {
  /** Stable, readable id: `<variant>/<n>`. */
  id: string;
  variant: CallModelVariant;
  /** The events, readably: `MAKE → ‹DIALTONE› → DROP → ‹IDLE›` (‹ › marks the provider's). */
  name: string;
  /** The chart's snapshot at the start (the call in `idle`). */
  initial: CallSnapshot;
  /** What the call does as it starts (it announces `idle`). */
  start: CallPathStep;
  steps: CallPathStep[];
  /** The same path as `xstate/graph` represents it (first step `xstate.init`), for `TestModel.testPath`. */
  statePath: StatePath<CallSnapshot, ModelEvent>;
}

/**
 * A readable name for an event in a path.
 *
 * @example
 * ```ts
 * eventLabel({ type: 'PROVIDER.RINGBACK' }); // '‹RINGBACK›'
 * eventLabel({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' }); // '‹CONNECTED ACTIVEHELD›'
 * eventLabel({ type: 'DIAL', digits: '5', complete: false }); // 'DIAL 5;'
 * ```
 */
export function eventLabel(event: ModelEvent): string {
  switch (stepKind(event)) {
    case 'provider':
      // The far end's hold is a connected mode the chart reads: it names the step.
      return `‹${event.type.slice('PROVIDER.'.length)}${event.type === 'PROVIDER.CONNECTED' && event.mode && event.mode !== 'ACTIVE' ? ` ${event.mode}` : ''}›`;
    case 'timeout':
      return event.type === 'NOANSWER_TIMEOUT' ? '⏱noAnswer' : '⏱providerTimeout';
    default:
      return event.type === 'DIAL' ? `DIAL ${(event as { digits: string }).digits}${(event as { complete: boolean }).complete ? '' : ';'}` : event.type;
  }
}

/** The command a provider receives for a command the call sends its line service (none for the rest). */
function providerCommand(command: LineServiceCommand): ProviderCommand[] {
  switch (command.type) {
    case 'MAKE':
      return [{ type: 'MAKE' }];
    case 'DIAL':
      return [{ type: 'DIAL', digits: command.digits, complete: command.complete }];
    case 'GENERATE_DIGITS':
      return [{ type: 'GENERATE_DIGITS', digits: command.digits }];
    case 'ACCEPT':
      return [{ type: 'ACCEPT' }];
    case 'ANSWER':
      return [{ type: 'ANSWER' }];
    case 'DROP':
      return [{ type: 'DROP' }];
    case 'HOLD':
      return [{ type: 'HOLD' }];
    case 'UNHOLD':
      return [{ type: 'UNHOLD' }];
    case 'BLIND_TRANSFER':
      return [{ type: 'BLIND_TRANSFER', to: command.to }];
    case 'TRANSFER':
      return [{ type: 'TRANSFER', consultationCallId: command.consultationCallId }];
    case 'ANSWER_TRANSFER_REQUEST':
      return [{ type: 'ANSWER_TRANSFER_REQUEST', accept: command.accept }];
    default:
      return [];
  }
}

/** Step the real chart through `events` from its initial snapshot, recording what each step does. */
export function replay(
  variant: CallModelVariant,
  events: readonly ModelEvent[],
  timers: CallModelTimers = DEFAULT_TIMERS,
): { initial: CallSnapshot; start: CallPathStep; steps: CallPathStep[] } {
  type Action = { type: string; params?: unknown };
  const params = (a: Action) => (a.params ?? {}) as Record<string, unknown>;
  const effects = (actions: readonly Action[]) => ({
    emitted: actions.filter((a) => a.type === 'xstate.emit').map((a) => params(a).event as CallEmitted),
    commands: actions.filter((a) => a.type === 'xstate.sendTo').flatMap((a) => providerCommand(params(a).event as LineServiceCommand)),
  });
  const [initial, initialActions] = initialTransition(callMachine, modelInput(variant, timers));
  const start: CallPathStep = { event: { type: 'xstate.init' } as unknown as ModelEvent, state: initial, ...effects(initialActions) };
  const steps: CallPathStep[] = [];
  let snapshot = initial;
  for (const event of events) {
    const [next, actions] = modelTransition(snapshot, event);
    steps.push({ event, state: next, ...effects(actions) });
    snapshot = next;
  }
  return { initial, start, steps };
}

/**
 * Generate the paths of one variant: for every transition of the graph, the shortest way to its
 * source, the transition, and the shortest way from there to the end.
 *
 * @example
 * ```ts
 * const paths = generateCallPaths(CALL_MODEL_VARIANTS[1], { canProduce: (event) => event !== 'SILENCE' });
 * paths.map((p) => p.name); // ['DROP', 'MAKE → DROP → ‹IDLE›', 'MAKE → ‹DIALTONE› → DROP → ‹IDLE›', …]
 * ```
 */
export function generateCallPaths(variant: CallModelVariant, options: CallModelOptions = {}): CallPath[] {
  const timers = options.timers ?? DEFAULT_TIMERS;
  const model = createCallModel(variant, options);
  // Keyed by serialised state (a branded string in xstate's types).
  const adjacency = model.getAdjacencyMap() as unknown as Record<string, { state: CallSnapshot; transitions: Record<string, { event: ModelEvent; state: CallSnapshot }> }>;
  const prefixes = new Map<string, ModelEvent[]>();
  for (const path of model.getShortestPaths({ allowDuplicatePaths: true })) {
    prefixes.set(serializeModelState(path.state), path.steps.slice(1).map((s) => s.event));
  }
  // The way to the end from a state: the application drops the call and the provider confirms,
  // as calls usually end; where that is not possible (or not producible), the shortest way.
  const toEnd = new Map<string, ModelEvent[] | null>();
  const preferred = (key: string): { event: ModelEvent; state: CallSnapshot } | undefined => {
    const options = Object.values(adjacency[key]?.transitions ?? {});
    const value = adjacency[key]?.state.context.state;
    const want = value === 'dropping' ? 'PROVIDER.IDLE' : 'DROP';
    return options.find((t) => t.event.type === want);
  };
  const completion = (snapshot: CallSnapshot): ModelEvent[] | null => {
    const start = serializeModelState(snapshot);
    if (toEnd.has(start)) return toEnd.get(start) ?? null;
    const events: ModelEvent[] = [];
    const visited = new Set<string>();
    let key = start;
    while (adjacency[key] && adjacency[key].state.status !== 'done' && !visited.has(key)) {
      visited.add(key);
      const next = preferred(key);
      if (!next) break;
      events.push(next.event);
      key = serializeModelState(next.state);
    }
    let rest: ModelEvent[] | null = adjacency[key]?.state.status === 'done' ? [] : null;
    if (rest === null) {
      // Breadth first over the graph, in the order events were tried.
      const queue: Array<[string, ModelEvent[]]> = [[key, []]];
      const seen = new Set([key]);
      while (queue.length && rest === null) {
        const [at, path] = queue.shift() as [string, ModelEvent[]];
        for (const t of Object.values(adjacency[at]?.transitions ?? {})) {
          const to = serializeModelState(t.state);
          if (t.state.status === 'done') {
            rest = [...path, t.event];
            break;
          }
          if (!seen.has(to)) {
            seen.add(to);
            queue.push([to, [...path, t.event]]);
          }
        }
      }
    }
    const result = rest === null ? null : [...events, ...rest];
    toEnd.set(start, result);
    return result;
  };

  // Other ways into a state: the shortest way to each state that leads there, then that step.
  const ways = new Map<string, ModelEvent[][]>();
  for (const [key, { transitions }] of Object.entries(adjacency)) {
    const prefix = prefixes.get(key);
    if (!prefix) continue;
    for (const { event, state } of Object.values(transitions)) {
      const to = serializeModelState(state);
      ways.set(to, [...(ways.get(to) ?? []), [...prefix, event]]);
    }
  }
  const waysInto = (key: string): ModelEvent[][] => {
    const shortest = prefixes.get(key) as ModelEvent[];
    if (!options.accept) return [shortest];
    return [shortest, ...(ways.get(key) ?? []).sort((a, b) => a.length - b.length)];
  };
  const accepted = new Map<string, CallPath>();
  const pathOf = (events: ModelEvent[]): CallPath => {
    const id = JSON.stringify(events);
    const built = accepted.get(id) ?? buildPath(variant, events, timers);
    accepted.set(id, built);
    return built;
  };

  const seen = new Set<string>();
  const sequences: ModelEvent[][] = [];
  for (const [key, { transitions }] of Object.entries(adjacency)) {
    if (!prefixes.has(key)) continue;
    for (const { event, state } of Object.values(transitions)) {
      const rest = state.status === 'done' ? [] : completion(state);
      if (rest === null) continue;
      const events = waysInto(key)
        .map((prefix) => [...prefix, event, ...rest])
        .find((candidate) => !options.accept || options.accept(pathOf(candidate)));
      if (!events) continue;
      const id = JSON.stringify(events);
      if (seen.has(id)) continue;
      seen.add(id);
      sequences.push(events);
    }
  }
  // A path that is the start of a longer one adds nothing: its steps are checked there.
  const keys = sequences.map((events) => `${events.map((e) => JSON.stringify(e)).join('\u0001')}\u0001`);
  const kept = sequences.filter((_, i) => !keys.some((other, j) => j !== i && other.length > keys[i].length && other.startsWith(keys[i])));
  return kept.map((events, n) => ({ ...pathOf(events), id: `${variant.name}/${String(n + 1).padStart(3, '0')}` }));
}

/** A path from its events, stepped through the real chart. */
function buildPath(variant: CallModelVariant, events: ModelEvent[], timers: CallModelTimers): CallPath {
  const { initial, start, steps } = replay(variant, events, timers);
  const statePath: StatePath<CallSnapshot, ModelEvent> = {
    state: steps.length ? steps[steps.length - 1].state : initial,
    weight: steps.length,
    steps: [{ state: initial, event: { type: 'xstate.init' } as unknown as ModelEvent }, ...steps.map((s) => ({ state: s.state, event: s.event }))],
  };
  return { id: variant.name, variant, name: events.map(eventLabel).join(' → '), initial, start, steps, statePath };
}
