/**
 * The conformance driver of the simulated switch. The switch plays a script (dial tone, digits,
 * proceeding, rings, then what its directory says the far end does) and has a few faults; the
 * driver makes it produce a path's provider events by choosing, per path, the far end's
 * behaviour, the fault, the destination and the step timing, then moving the manual clock until
 * each event comes.
 *
 * Which configuration produces a path is found by trying it on the real switch first: a dry
 * run that hands the switch the commands the chart sends at each step (the path says which) and
 * checks it reports the path's provider events, in order, and nothing else. A path no script
 * plays (dial tone on a connected call, a release nobody asked for, a far end that goes silent
 * at just that moment) runs on a switch whose every step is slower than any call timer and is
 * told, event by event, what the network reports (`SimulatedProvider.inject`); it still takes
 * every command and is disposed like any other call.
 */
import type { CallModelTimers } from '../../src/testing/call-model.js';
import type { CallPath } from '../../src/testing/call-paths.js';
import { DEFAULT_TIMERS, stepKind } from '../../src/testing/call-model.js';
import type { ConformanceDriver, DriverSession } from '../../src/testing/conformance.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { type CallRequest, type ProviderCall, type ProviderCommand, type ProviderEvent, type ProviderLine, defaultCallParams } from '../../providers/provider.js';
import { simulatedProvider, type Fault, type NumberEntry, type Timing } from '../../providers/simulated/index.js';

interface SimConfig {
  destination: string;
  nonDialed: boolean;
  entry: NumberEntry;
  /** What the blind transfer's target (the model's 5550199) does. */
  target?: NumberEntry;
  fault?: Fault;
  timing: Timing;
}

const QUICK: Timing = { dialtone: 10, digit: 10, proceeding: 10, ring: 10, drop: 10, answer: 10, hold: 10, transfer: 10 };
/** The blind transfer's target in the model's paths. */
const TARGET = '5550199';
/** Longer than any call timer: the switch stays silent while one runs out. */
const FOREVER = 100_000;

/** Move the clock until `done()`: 1 ms steps first (every switch step is 10 ms), then coarser. */
export function advanceUntil(clock: ManualClock, done: () => boolean, limit = 250_000): boolean {
  for (let t = 0; !done() && t < limit; ) {
    const step = t < 200 ? 1 : 100;
    clock.advance(step);
    t += step;
  }
  return done();
}

/** Hand the switch a command, as the line service does; the make creates the call. */
function run(line: ProviderLine, request: CallRequest, call: ProviderCall | null, command: ProviderCommand): ProviderCall | null {
  if (command.type === 'MAKE') return line.makeCall(request);
  if (command.type === 'DIAL') call?.dial(command.digits, command.complete);
  else if (command.type === 'GENERATE_DIGITS') call?.generateDigits(command.digits);
  else if (command.type === 'HOLD') call?.hold?.();
  else if (command.type === 'UNHOLD') call?.unhold?.();
  else if (command.type === 'BLIND_TRANSFER') call?.blindTransfer?.(command.to);
  else call?.drop();
  return call;
}

/** The state the chart was in before step `i`. */
const before = (path: CallPath, i: number) => (i === 0 ? path.initial : path.steps[i - 1].state).context.state;

/** Configurations that might produce `path`, from what it asks of the far end. */
function candidates(path: CallPath): SimConfig[] {
  const events = path.steps.map((s, i) => ({ type: s.event.type, in: before(path, i) }));
  const has = (type: string, state?: string) => events.some((e) => e.type === type && (state === undefined || e.in === state));
  let fault: Fault | undefined;
  if (has('PROVIDER.FAILED', 'placing')) fault = 'throw-on-make';
  else if (has('xstate.after.providerTimeout.call.placing')) fault = 'silent';
  else if (has('xstate.after.providerTimeout.call.dropping')) fault = 'silent-drop';
  else if (has('PROVIDER.CONNECTED', 'dropping')) fault = 'answer-crosses-drop';
  const rings = Math.max(1, events.filter((e) => e.type === 'PROVIDER.RINGBACK').length);
  const timing: Timing = { ...QUICK };
  const entries: NumberEntry[] = [];
  if (has('PROVIDER.BUSY')) entries.push({ outcome: 'busy' });
  if (has('PROVIDER.DISCONNECTED', 'proceeding')) entries.push({ outcome: 'unreachable' });
  if (has('PROVIDER.DISCONNECTED', 'ringback')) entries.push({ outcome: 'reject', rings }, { outcome: 'no-answer', rings });
  if (has('NOANSWER_TIMEOUT', 'proceeding')) timing.proceeding = FOREVER;
  if (has('NOANSWER_TIMEOUT', 'ringback')) timing.ring = FOREVER;
  const answered = has('PROVIDER.CONNECTED');
  const hangup = has('PROVIDER.DISCONNECTED', 'connected') ? 10 : has('PROVIDER.DISCONNECTED', 'dropping') ? 5 : undefined;
  // Hold and transfer: the far end refuses our hold, or holds us (and takes us back) by itself.
  const farEnd: NumberEntry = {
    outcome: 'answer',
    rings,
    hangupAfterMs: hangup,
    refuseHold: has('PROVIDER.REQUEST_FAILED') || undefined,
    holdAfterMs: has('PROVIDER.CONNECTED', 'connected') ? 5 : undefined,
    resumeAfterMs: events.filter((e) => e.type === 'PROVIDER.CONNECTED' && e.in === 'connected').length > 1 ? 5 : undefined,
  };
  entries.push(farEnd);
  if (!answered) entries.push({ outcome: 'no-answer', rings: rings + 1 });
  const nonDialed = events.find((e) => e.type.startsWith('PROVIDER.'))?.type === 'PROVIDER.CONNECTED' && has('PROVIDER.CONNECTED', 'placing');
  // A blind transfer's target takes the call, or refuses it (603 Decline).
  const targets: Array<NumberEntry | undefined> = has('PROVIDER.REQUEST_FAILED') ? [undefined, { outcome: 'reject' }] : [undefined];
  return ['', '5550111'].flatMap((destination) => entries.flatMap((entry) => targets.map((target) => ({ destination, nonDialed, entry, target, fault, timing }))));
}

function simulator(config: SimConfig) {
  return simulatedProvider({
    timing: config.timing,
    nonDialed: config.nonDialed,
    fault: config.fault,
    defaultOutcome: config.entry,
    numbers: config.target ? { [TARGET]: config.target } : undefined,
    maxCallsPerLine: 1,
  });
}

/** Whether the real switch, so configured, reports exactly the path's provider events. */
function produces(path: CallPath, config: SimConfig, timers: CallModelTimers): boolean {
  const clock = new ManualClock();
  const reports: string[] = [];
  const request: CallRequest = {
    callId: 'plan',
    lineIndex: 0,
    destination: config.destination,
    complete: path.variant.complete,
    params: { ...defaultCallParams, noAnswerTimeout: timers.noAnswerTimeout },
  };
  const line = simulator(config).openLine(0, { clock, report: (_callId, e) => reports.push(reportKey(e)), service: () => {}, offer: () => null });
  let call: ProviderCall | null = null;
  let consumed = 0;
  for (const step of path.steps) {
    const kind = stepKind(step.event);
    // A report the switch made at once, within a command, reaches the call before anything else
    // can: if the path's next step is not that report, the script does not play the path.
    if (kind !== 'provider' && reports.length > consumed) return false;
    if (kind === 'provider') {
      if (!advanceUntil(clock, () => reports.length > consumed, 250_000) || reports[consumed] !== reportKey(step.event as ProviderEvent)) return false;
      consumed++;
    } else if (kind === 'timeout') {
      clock.advance(step.event.type === 'NOANSWER_TIMEOUT' ? timers.noAnswerTimeout : timers.providerTimeout);
      if (reports.length > consumed) return false;
    }
    for (const command of step.commands) {
      try {
        call = run(line, request, call, command);
      } catch {
        reports.push('PROVIDER.FAILED'); // what the line service makes of a command that throws
      }
    }
  }
  call?.dispose();
  return reports.length === consumed;
}

/** What a report must match: its type, and a connected mode (the chart reads it: the far end's hold). */
function reportKey(event: ProviderEvent): string {
  return event.type === 'PROVIDER.CONNECTED' ? `${event.type} ${event.mode ?? 'ACTIVE'}` : event.type;
}

/** A switch that never moves by itself within a path: every event comes by injection. */
function injected(path: CallPath): SimConfig {
  const slow: Timing = { dialtone: FOREVER, digit: FOREVER, proceeding: FOREVER, ring: FOREVER, drop: FOREVER, answer: FOREVER, hold: FOREVER, transfer: FOREVER };
  return { destination: path.variant.complete ? '5550111' : '', nonDialed: false, entry: { outcome: 'answer' }, timing: slow };
}

/** The simulated switch's conformance driver. */
export function simulatedDriver(timers: CallModelTimers = DEFAULT_TIMERS): ConformanceDriver {
  const plans = new Map<string, SimConfig | undefined>();
  /** A script that plays the path, if there is one. */
  const scriptOf = (path: CallPath) => {
    // A call that arrives is driven by injection: the caller's side has no script of its own.
    if (path.variant.incoming) return undefined;
    if (!plans.has(path.name + path.variant.name)) plans.set(path.name + path.variant.name, candidates(path).find((c) => produces(path, c, timers)));
    return plans.get(path.name + path.variant.name);
  };
  return {
    name: 'simulated',
    start(path: CallPath): DriverSession {
      const script = scriptOf(path);
      const config = script ?? injected(path);
      const clock = new ManualClock();
      const sim = simulator(config);
      return {
        provider: sim,
        clock,
        destination: config.destination,
        offer: (caller) => void sim.offerCall(0, { from: caller.from ?? 'anonymous', name: caller.name ?? undefined }),
        produce: (event, { call }) => {
          if (!script) {
            if (call) sim.inject(call.request.callId, event);
            return;
          }
          const seen = call?.reports.length ?? 0;
          advanceUntil(clock, () => (call?.reports.length ?? 0) > seen);
        },
      };
    },
  };
}
