/**
 * The provider conformance kit: runs the generated call paths (`call-model.ts`) against the
 * running system (telephony root → line supervisor and its provider service → call actor → the
 * provider under test), with a driver making the provider produce each provider event of the path, and
 * checks the invariants (`invariants.ts`) at every step.
 *
 * A provider author implements {@link ConformanceDriver}; `describeConformance` (in
 * `conformance-suite.ts`) turns it into one vitest test per path.
 */
import { type Actor, type AnyStateMachine, type InspectionEvent, createActor } from 'xstate';
import { TestModel } from 'xstate/graph';
import { callMachine } from '../../machines/call.js';
import type { CallCommand, CallEmitted, CallEvent } from '../../machines/events.js';
import type { CallActorRef } from '../../machines/line.js';
import { lineMachine } from '../../machines/line.js';
import type { LineActorRef } from '../../machines/telephony.js';
import { bindProviders } from '../../machines/resources.js';
import { telephonyMachine } from '../../machines/telephony.js';
import { type Clock, type IncomingCall, type LineFeatures, type Provider, type ProviderEvent, defaultCallParams, realClock } from '../../providers/provider.js';
import {
  CALL_MODEL_VARIANTS,
  MODEL_CALLER,
  type CallModelOptions,
  type CallModelTimers,
  type CallSnapshot,
  DEFAULT_TIMERS,
  type ModelEvent,
  type ModelView,
  type ProducibleEvent,
  callModelLogic,
  serializeModelState,
  stepKind,
} from './call-model.js';
import { type CallPath, generateCallPaths } from './call-paths.js';
import type { ChartCoverage } from './coverage.js';
import { PROBES, checkEnd, checkFeatures, checkNotEnded, checkReplies, commandKey, compareSequence, emitKey } from './invariants.js';
import { type SpiedCall, spyProvider } from './provider-spy.js';

/** A clock a test moves by hand (such as `ManualClock`): the run is then on simulated time. */
export interface SteppedClock extends Clock {
  advance(ms: number): void;
  /** Timers waiting to run, if the clock can tell. */
  readonly pending?: number;
}

/** What a driver is told when asked to produce an event. */
export interface ProduceContext {
  path: CallPath;
  /** Index of the step in `path.steps`. */
  step: number;
  /** The provider's side of the call, as seen so far (its request, commands, reports). */
  call: SpiedCall | undefined;
}

/** One path's provider, set up by the driver. */
export interface DriverSession {
  /** The provider under test; the path's call is made on its line 0. */
  provider: Provider;
  /** A clock moved by hand for simulated time; without one the path runs on real time. */
  clock?: SteppedClock;
  /** The address to call (default "5550111"); a partial-address path dials more digits later. */
  destination?: string;
  /**
   * Make the provider produce `event` for the call now: move the clock until it does, or tell the
   * far end what to do. A provider that produces the event by itself (a peer on its own
   * schedule) may do nothing here; the kit waits for the event either way.
   */
  produce(event: ProviderEvent, context: ProduceContext): void | Promise<void>;
  /**
   * Make a call arrive on line 0 from `caller` (the far end calls the line), for the paths of a
   * call that arrives (the `incoming` variant). A session without it skips those paths.
   */
  offer?(caller: IncomingCall): void | Promise<void>;
  /** Release what the session holds (peers, ports); called after the path, pass or fail. */
  close?(): void | Promise<void>;
}

/** What a provider author implements to run the kit against a provider. */
export interface ConformanceDriver {
  /** Shown in test names, e.g. "simulated". */
  readonly name: string;
  /** Names of the {@link CALL_MODEL_VARIANTS} to run (default: all). */
  readonly variants?: readonly string[];
  /**
   * Which events the provider can be made to produce with the call in a state (default: all).
   * Paths are generated from these only. `SILENCE` = saying nothing until a call timer fires.
   */
  canProduce?(event: ProducibleEvent, at: ModelView): boolean;
  /**
   * Whether the provider can run this whole path (say, a scripted peer that has a scenario for
   * it). When given, each transition is also tried through other ways into its source state
   * until one is accepted.
   */
  canRun?(path: CallPath): boolean;
  /**
   * Set up a fresh provider for `path`; a string instead skips the path, saying why. A path whose
   * variant needs what the provider's line 0 does not declare (hold, transfer: `LineDevice.features`)
   * is skipped too.
   */
  start(path: CallPath): DriverSession | string | Promise<DriverSession | string>;
}

/** Options of a conformance run. */
export interface ConformanceOptions {
  /** The call timers the paths run with (on real time, keep them short). */
  timers?: CallModelTimers;
  /** Also feed the call events the chart calls impossible (core robustness, not conformance). */
  impossibleEvents?: boolean;
  /** How long to wait for an event on real time (ms, default 5000). */
  eventTimeout?: number;
  /** Run the paths against another call chart (to show the suite catches a broken one). */
  callMachine?: AnyStateMachine;
  /** Where to record what the running call actors covered. */
  coverage?: ChartCoverage;
}

/** The outcome of one path (a violated invariant throws instead). */
export type PathResult = { status: 'passed' } | { status: 'skipped'; reason: string };

/**
 * The paths a driver runs: every variant it takes, from what it can produce.
 *
 * @example
 * ```ts
 * const paths = conformancePaths(scriptedDriver());
 * paths[0].name; // 'DROP'; each path is a call from its creation to its end
 * ```
 */
export function conformancePaths(driver: ConformanceDriver, options: ConformanceOptions = {}): CallPath[] {
  const modelOptions: CallModelOptions = {
    timers: options.timers,
    impossibleEvents: options.impossibleEvents,
    canProduce: driver.canProduce?.bind(driver),
    accept: driver.canRun?.bind(driver),
  };
  return CALL_MODEL_VARIANTS.filter((v) => !driver.variants || driver.variants.includes(v.name)).flatMap((v) => generateCallPaths(v, modelOptions));
}

/**
 * The commands that are requests, answered with a reply (TAPI's asynchronous functions); the
 * others (CANCEL_TRANSFER: the consultation call ended) are news for the call, not requests.
 */
const REQUESTS: ReadonlySet<string> = new Set<CallCommand['type']>(['MAKE', 'DIAL', 'GENERATE_DIGITS', 'ACCEPT', 'ANSWER', 'DROP', 'HOLD', 'UNHOLD', 'BLIND_TRANSFER', 'SETUP_TRANSFER', 'COMPLETE_TRANSFER']);

/** The states where a hold, unhold or transfer is pending without a state of its own (ADR 0010). */
const HOLD_STATES: ReadonlySet<string> = new Set(['connected', 'onHold', 'onHoldPendTransfer']);

class Violation extends Error {
  constructor(problems: string[]) {
    super(problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'InvariantViolation';
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Wait until `ready()` (or give up): at once on simulated time, polling on real time. */
async function until(ready: () => boolean, realMs: number, simulated: boolean): Promise<boolean> {
  for (let i = 0; i < 5 && !ready(); i++) await flush();
  if (ready() || simulated) return ready();
  const deadline = Date.now() + realMs;
  while (!ready() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  return ready();
}

/** What the path's variant needs of the line (hold, transfer) that the provider's line 0 does not declare. */
function missingFeatures(path: CallPath, provider: Provider): string[] {
  const declared = provider.lines[0]?.features ?? {};
  return Object.entries(path.variant.features ?? {})
    .filter(([name, needed]) => needed && !declared[name as keyof LineFeatures])
    .map(([name]) => name);
}

/**
 * The telephony root over one provider, on the given call chart. Its line 0 is opened with the
 * features the path's variant models (which the provider declares, `missingFeatures`), no more:
 * the core then asks the provider for nothing the model's call cannot do.
 */
function startSystem(provider: Provider, features: LineFeatures | undefined, clock: Clock, timers: CallModelTimers, inspect: (e: InspectionEvent) => void, chart?: AnyStateMachine) {
  // A broken chart is swapped in where the line spawns its calls, so everything else is real.
  const machine = chart
    ? telephonyMachine.provide({ actors: { line: lineMachine.provide({ actors: { call: chart as typeof callMachine } }) } })
    : telephonyMachine;
  const device = { ...provider.lines[0], features: features ?? {} };
  const devices = [{ deviceId: 0, providerIndex: 0, providerName: provider.name, lineIndex: 0, device }];
  const root = createActor(machine, { input: { devices, providerTimeout: timers.providerTimeout }, clock, inspect });
  bindProviders(root.system, [provider]);
  root.start();
  return root;
}

/**
 * Run one generated path against the driver's provider; throws with every violated invariant,
 * and the path, when the provider or the system does not do what the chart says.
 *
 * @example
 * ```ts
 * for (const path of conformancePaths(myDriver)) await runConformancePath(myDriver, path);
 * ```
 */
export async function runConformancePath(driver: ConformanceDriver, path: CallPath, options: ConformanceOptions = {}): Promise<PathResult> {
  const started = await driver.start(path);
  if (typeof started === 'string') return { status: 'skipped', reason: started };
  const session = started;
  const lacking = missingFeatures(path, session.provider);
  if (lacking.length) {
    await session.close?.();
    return { status: 'skipped', reason: `${driver.name}'s line does not declare ${lacking.join(', ')} (LineDevice.features)` };
  }
  const timers = options.timers ?? DEFAULT_TIMERS;
  const chart = options.callMachine ?? callMachine;
  const clock: Clock = session.clock ?? realClock;
  const simulated = session.clock !== undefined;
  const wait = options.eventTimeout ?? 5_000;
  const spy = spyProvider(session.provider);
  const emitted: CallEmitted[] = [];
  let callRef: CallActorRef | undefined;
  const inspect = (event: InspectionEvent) => {
    options.coverage?.observe(event);
    // The call is caught as it is created: a call that fails to start is gone before CALL.CREATE returns.
    if (event.type === '@xstate.actor' && (event.actorRef as Actor<AnyStateMachine>).logic === chart) callRef ??= event.actorRef as CallActorRef;
    if (event.type !== '@xstate.action' || event.action.type !== 'xstate.emit') return;
    if ((event.actorRef as Actor<AnyStateMachine>).logic !== chart) return;
    emitted.push((event.action.params as { event: CallEmitted }).event);
  };
  const root = startSystem(spy.provider, path.variant.features, clock, timers, inspect, options.callMachine);
  const problems: string[] = [];
  try {
    // Open the line and create the call, as the façades do.
    root.send({ type: 'LINE.OPEN', deviceId: 0, autoAnswer: path.variant.autoAnswer, transferRequests: path.variant.transferRequests });
    const lineOf = () => root.getSnapshot().context.lines['line-0'] as LineActorRef | undefined;
    if (!(await until(() => lineOf()?.getSnapshot().matches('open') === true, wait, simulated))) {
      throw new Violation([`the line did not open (it is ${JSON.stringify(lineOf()?.getSnapshot().value)})`]);
    }
    const line = lineOf() as LineActorRef;
    const baselineTimers = session.clock?.pending;
    if (path.variant.incoming) {
      // The far end calls the line; the call actor is the one the line takes it into.
      if (!session.offer) return { status: 'skipped', reason: `${driver.name} cannot make a call arrive` };
      await session.offer(MODEL_CALLER);
      if (!(await until(() => callRef !== undefined, wait, simulated))) throw new Violation(['no call arrived on the line']);
    } else {
      line.send({
        type: 'CALL.CREATE',
        callId: `${path.id}`,
        address: session.destination ?? '5550111',
        destination: session.destination ?? '5550111',
        complete: path.variant.complete,
        autoClear: path.variant.autoClear,
        params: { ...defaultCallParams, noAnswerTimeout: timers.noAnswerTimeout },
      });
    }
    if (!callRef) throw new Violation(['the line did not create the call']);
    const call = callRef;
    const providerCall = () => spy.calls[0];

    const requests = new Map<number, string>();
    let request = 0;
    const expected = { emits: path.start.emitted.map(emitKey), commands: path.start.commands.map(commandKey), reports: [] as string[] };
    const model = new TestModel(callModelLogic(path.variant, timers), { serializeState: serializeModelState });
    /** Which step of `path.steps` the run is at (-1: the call's start). */
    let index = -1;

    /** When the hold, unhold or transfer pending now was sent (the watchdog counts from there). */
    let pendingSince = 0;
    const execute = async (event: ModelEvent) => {
      const kind = stepKind(event);
      if (kind === 'command' && !REQUESTS.has(event.type)) {
        call.send(event as CallEvent);
      } else if (kind === 'command') {
        const n = ++request;
        requests.set(n, event.type);
        const before = call.getSnapshot().context.pending;
        call.send({ ...(event as CallEvent), request: n } as CallEvent);
        if (call.getSnapshot().context.pending !== before) pendingSince = clock.now();
      } else if (kind === 'provider') {
        expected.reports.push(event.type);
        const arrived = () => (providerCall()?.reports.length ?? 0) >= expected.reports.length;
        if (!arrived()) await session.produce(event as ProviderEvent, { path, step: index, call: providerCall() });
        if (!(await until(arrived, wait, simulated))) {
          throw new Violation([`the provider did not produce ${event.type} (it reported [${(providerCall()?.reports ?? []).map((e) => e.type).join(', ')}])`]);
        }
      } else if (kind === 'timeout') {
        await elapse(event);
      }
    };

    // A call timer fires by itself: move a simulated clock to its deadline, or wait for it.
    const elapse = async (event: ModelEvent) => {
      const before = emitted.length;
      let due: number;
      if (event.type === 'NOANSWER_TIMEOUT') {
        const states = emitted.filter((e): e is Extract<CallEmitted, { type: 'state' }> => e.type === 'state');
        let since = states[states.length - 1]?.at ?? clock.now();
        for (let i = states.length - 1; i >= 0 && (states[i].state === 'proceeding' || states[i].state === 'ringback'); i--) since = states[i].at;
        due = since + timers.noAnswerTimeout;
      } else {
        // The watchdog counts from the command it waits on: a make, answer or drop enters its
        // state; a hold or unhold leaves the call where it is (and the far end may re-enter it).
        const { pending, state, enteredAt } = call.getSnapshot().context;
        due = (pending && HOLD_STATES.has(state) ? pendingSince : enteredAt) + timers.providerTimeout;
      }
      const ms = Math.max(0, due - clock.now());
      if (session.clock) session.clock.advance(ms);
      else await until(() => emitted.length > before, ms + wait, false);
    };

    const check = async (modelSnapshot: CallSnapshot) => {
      const step = index >= 0 ? path.steps[index] : path.start;
      if (index >= 0) {
        expected.emits.push(...step.emitted.map(emitKey));
        expected.commands.push(...step.commands.map(commandKey));
      }
      await flush();
      const actual = {
        emits: emitted.map(emitKey),
        commands: (providerCall()?.commands ?? []).map(commandKey),
        reports: (providerCall()?.reports ?? []).map((e) => e.type),
      };
      const last = index === path.steps.length - 1;
      const found = [
        ...compareSequence('emitted', expected.emits, actual.emits, false),
        ...compareSequence('commands to the provider', expected.commands, actual.commands, false),
        ...compareSequence('provider events', expected.reports, actual.reports, false),
      ];
      // In sync: the system has done exactly what the path did so far, no more. (A system may be
      // ahead: a provider on its own schedule, a call that fails as it is created.)
      const inSync =
        actual.emits.length === expected.emits.length && actual.commands.length === expected.commands.length && actual.reports.length === expected.reports.length;
      if (inSync && !last) found.push(...checkNotEnded(emitted));
      const sut = call.getSnapshot();
      if (found.length === 0 && inSync && sut.status === 'active') {
        if (sut.context.state !== modelSnapshot.context.state) found.push(`the call is in ${sut.context.state}, the chart says ${modelSnapshot.context.state}`);
        found.push(...checkFeatures(modelSnapshot, sut));
        // A command the call cannot do now reaches nobody and changes nothing.
        for (const probe of PROBES) {
          if (modelSnapshot.can(probe as CallEvent)) continue;
          const value = JSON.stringify(call.getSnapshot().value);
          const counts = [emitted.length, providerCall()?.commands.length ?? 0];
          call.send(probe as CallEvent);
          if (emitted.length !== counts[0] || (providerCall()?.commands.length ?? 0) !== counts[1] || JSON.stringify(call.getSnapshot().value) !== value) {
            found.push(`${probe.type} is refused by can() in ${sut.context.state}, yet it changed the call or reached the provider`);
          }
        }
      }
      if (found.length) throw new Violation([`after step ${index + 1} (${index >= 0 ? path.steps[index].event.type : 'start'}):`, ...found]);
    };

    await model.testPath(path.statePath, {
      states: { '*': (snapshot: CallSnapshot) => check(snapshot) },
      events: new Proxy({} as Record<string, (step: { event: ModelEvent }) => Promise<void>>, {
        get: () => async (step: { event: ModelEvent }) => {
          if ((step.event.type as string) === 'xstate.init') return;
          index++;
          await execute(step.event);
        },
      }),
    });

    // The end: everything the chart said happened, exactly, and nothing is left.
    const lineHolds = () =>
      (Object.values(line.getSnapshot().children) as unknown[]).includes(call);
    await until(() => !lineHolds(), wait, simulated);
    problems.push(
      ...compareSequence('emitted', expected.emits, emitted.map(emitKey), true),
      ...compareSequence('commands to the provider', expected.commands, (providerCall()?.commands ?? []).map(commandKey), true),
      ...compareSequence('provider events', expected.reports, (providerCall()?.reports ?? []).map((e) => e.type), true),
      ...checkEnd({
        emitted,
        snapshot: call.getSnapshot() as never,
        everConnected: emitted.some((e) => e.type === 'state' && e.state === 'connected'),
        lineHoldsCall: lineHolds(),
        provider: providerCall(),
        // Timers the provider had before the call (a registration refresh, say) are not the call's.
        pendingTimers: session.clock?.pending === undefined ? undefined : session.clock.pending - (baselineTimers ?? 0),
      }),
      ...checkReplies(emitted, requests),
    );
    if (problems.length) throw new Violation(['at the end:', ...problems]);
  } catch (error) {
    if (error instanceof Error) error.message = `${path.id} (${path.variant.name}) ${path.name}\n${error.message}`;
    throw error;
  } finally {
    await stopSystem(root, session, wait, simulated);
  }
  return { status: 'passed' };
}

async function stopSystem(root: Actor<typeof telephonyMachine>, session: DriverSession, wait: number, simulated: boolean): Promise<void> {
  if (root.getSnapshot().status === 'active') {
    root.send({ type: 'SHUTDOWN' });
    // Calls still alive are dropped; on simulated time let the provider answer.
    for (let i = 0; i < 100 && root.getSnapshot().status === 'active' && session.clock; i++) {
      session.clock.advance(1_000);
      await flush();
    }
    await until(() => root.getSnapshot().status !== 'active', wait, simulated);
  }
  root.stop();
  await session.provider.shutdown();
  await session.close?.();
}
