/**
 * A TAPI 3 object over the simulated switch on a manual clock, with a sink that records every
 * event, a checker for the CALL_STATE table, and the checks every test wants at the end:
 * nothing left running.
 */
import { expect } from 'vitest';
import { simulatedProvider, type SimulatedProviderOptions } from '../../../providers/simulated/index.js';
import type { Provider } from '../../../providers/provider.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import {
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_HOLD,
  CS_IDLE,
  CS_INPROGRESS,
  CS_OFFERING,
  CS_QUEUED,
  createTapi3,
  LINEADDRESSTYPE_PHONENUMBER,
  S_OK,
  TAPIMEDIATYPE_AUDIO,
  TE_CALLNOTIFICATION,
  TE_CALLSTATE,
  TapiError,
  VARIANT_TRUE,
  type ITCall,
  type ITCallNotificationEvent,
  type ITCallStateEvent,
  type Tapi3Options,
  type TapiEventObject,
} from '../../../src/tapi3/index.js';

export const CS_NAMES = ['CS_IDLE', 'CS_INPROGRESS', 'CS_CONNECTED', 'CS_DISCONNECTED', 'CS_OFFERING', 'CS_HOLD', 'CS_QUEUED'];
export const CEC_NAMES = ['NONE', 'NORMAL', 'BUSY', 'BADADDRESS', 'NOANSWER', 'CANCELLED', 'REJECTED', 'FAILED', 'BLOCKED'];

/** The CALL_STATE transition table ("CALL_STATE enumeration"; `docs/reference/tapi3.md`). */
const ALLOWED: Record<number, readonly number[]> = {
  [CS_IDLE]: [CS_INPROGRESS, CS_CONNECTED, CS_DISCONNECTED, CS_OFFERING, CS_HOLD],
  [CS_INPROGRESS]: [CS_CONNECTED, CS_DISCONNECTED, CS_HOLD],
  [CS_CONNECTED]: [CS_HOLD, CS_DISCONNECTED],
  [CS_DISCONNECTED]: [],
  [CS_OFFERING]: [CS_CONNECTED, CS_DISCONNECTED, CS_HOLD],
  [CS_HOLD]: [CS_CONNECTED, CS_DISCONNECTED],
  [CS_QUEUED]: [CS_CONNECTED, CS_DISCONNECTED, CS_HOLD],
};

/** Throw unless the states reported for one call follow the CALL_STATE table from CS_IDLE. */
export function checkTransitions(states: readonly number[], from = CS_IDLE): void {
  let current = from;
  for (const next of states) {
    if (!ALLOWED[current]?.includes(next)) throw new Error(`CALL_STATE ${CS_NAMES[current]} → ${CS_NAMES[next]} is not in the table (${states.map((s) => CS_NAMES[s]).join(', ')})`);
    current = next;
  }
}

/** One recorded event. */
export interface Seen {
  type: number;
  event: TapiEventObject;
}

/** The call an event is about, if it is about one (TE_ADDRESS events are not). */
export const callOf = (s: Seen): ITCall | undefined => ('Call' in s.event ? s.event.Call : undefined);

/** The HRESULT a function throws as a TapiError, or 'ok'. */
export function thrown(fn: () => unknown): number | 'ok' | string {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return error instanceof TapiError ? error.hresult : String(error);
  }
}

/** Let every queued microtask run (event delivery, promise continuations); no real time passes. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Run the clock in steps until `promise` settles (at most `maxMs` of simulated time). */
export async function drive<T>(clock: ManualClock, promise: Promise<T>, stepMs = 50, maxMs = 15 * 60_000): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  await flush();
  for (let t = 0; !done && t < maxMs; t += stepMs) {
    clock.advance(stepMs);
    await flush();
  }
  return tracked;
}

export async function tapi3Harness(
  sim: SimulatedProviderOptions = {},
  options: { timeout?: number; providerTimeout?: number; providers?: Provider[]; filter?: number } = {},
) {
  const clock = new ManualClock();
  const simulated = simulatedProvider(sim);
  const tapiOptions: Tapi3Options = { providers: options.providers ?? [simulated], clock, timeout: options.timeout, providerTimeout: options.providerTimeout };
  const tapi = createTapi3(tapiOptions);
  expect(await tapi.Initialize()).toBe(S_OK);
  tapi.EventFilter = options.filter ?? TE_CALLSTATE | TE_CALLNOTIFICATION;
  const seen: Seen[] = [];
  const cookie = tapi.Advise({ Event: (type, event) => void seen.push({ type, event }) });
  const address = tapi.Addresses[0];

  /** The TE_CALLSTATE events of one call, as "CS_NAME/CEC" strings. */
  const statesOf = (call: ITCall) =>
    seen
      .filter((s) => s.type === TE_CALLSTATE && callOf(s) === call)
      .map((s) => (s.event as ITCallStateEvent))
      .map((e) => `${CS_NAMES[e.State]}/${CEC_NAMES[e.Cause]}`);

  return {
    clock,
    sim: simulated,
    tapi,
    cookie,
    address,
    seen,
    statesOf,
    notifications: () => seen.filter((s) => s.type === TE_CALLNOTIFICATION).map((s) => s.event as ITCallNotificationEvent),
    /** A call to `destination` on the first address, audio, phone number. */
    create: (destination: string | null = '5550111') => address.CreateCall(destination, LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO),
    drive: <T>(promise: Promise<T>, stepMs?: number) => drive(clock, promise, stepMs),
    /** Every call's reported states follow the CALL_STATE table. */
    checkTable() {
      const calls = new Set(seen.filter((s) => s.type === TE_CALLSTATE).map((s) => callOf(s)));
      for (const call of calls) {
        checkTransitions(seen.filter((s) => s.type === TE_CALLSTATE && callOf(s) === call).map((s) => (s.event as ITCallStateEvent).State));
      }
    },
    /** Shut down, check the table, and check that nothing is left. */
    async shutdown() {
      await flush();
      this.checkTable();
      expect(await drive(clock, tapi.Shutdown())).toBe(S_OK);
      const root = tapi.telephony.actor.getSnapshot();
      expect(root.status).toBe('done');
      expect(Object.keys(root.children)).toEqual([]);
      expect(simulated.calls()).toEqual([]);
      expect(clock.pending).toBe(0);
    },
  };
}

export type Tapi3Harness = Awaited<ReturnType<typeof tapi3Harness>>;

export { CS_CONNECTED, CS_DISCONNECTED, CS_IDLE, CS_INPROGRESS };

/**
 * A call of the instant switch connected through CreateCall and Connect, with the events of
 * `filter` recorded: `events(type)` lists the event objects of one TE_ so far.
 */
export async function connectedCall(filter: number) {
  const h = await tapi3Harness({ timing: 'instant' }, { filter });
  const call = h.address.CreateCall('5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
  expect(await call.Connect(VARIANT_TRUE)).toBe(S_OK);
  const callId = h.sim.calls()[0].callId;
  const events = (type: number) => h.seen.filter((s) => s.type === type).map((s) => s.event);
  return { h, call, callId, events };
}
