/**
 * A TAPI 2 application on the simulated switch and a manual clock, for the tests. It records
 * every message the application receives, and checks on every delivery the rules TAPI gives the
 * application: no message is delivered inside a library call, and no LINE_CALLSTATE names a
 * call whose handle the application does not hold yet.
 */
import { expect } from 'vitest';
import { simulatedProvider, type SimulatedProviderOptions } from '../../../providers/simulated/index.js';
import type { Provider } from '../../../providers/provider.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import * as messageIds from '../../../src/tapi2/constants/messages.js';
import {
  createTapi2,
  LINE_APPNEWCALL,
  LINE_CALLSTATE,
  LINECALLPRIVILEGE_NONE,
  LINEINITIALIZEEXOPTION_USEEVENT,
  LINEINITIALIZEEXOPTION_USEHIDDENWINDOW,
  type LINECALLPARAMS,
  type Out,
  type Tapi2,
} from '../../../src/tapi2/index.js';

/** A delivered message: [name, hDevice, dwCallbackInstance, dwParam1, dwParam2, dwParam3]. */
export type Msg = [string, number, number, number, number, number];

const names = new Map<number, string>();
for (const [name, id] of Object.entries(messageIds)) if (!names.has(id) && name.startsWith('LINE_')) names.set(id, name);

/** The callback instance every test line is opened with. */
export const INST = 77;
export const V22 = 0x00020002;

/** Let every queued microtask and message run (no real time passes). */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface HarnessOptions {
  /** USEEVENT instead of the callback. */
  event?: boolean;
  /** Providers instead of one simulated switch built from the first argument. */
  providers?: Provider[];
  /** Do not open line 0. */
  noOpen?: boolean;
}

export async function tapi2Harness(sim: SimulatedProviderOptions = {}, options: HarnessOptions = {}) {
  const clock = new ManualClock();
  const simulated = simulatedProvider(sim);
  const raw = createTapi2({ providers: options.providers ?? [simulated], clock });
  const log: Msg[] = [];
  const violations: string[] = [];
  const granted = new Set<number>();
  const outs: Out[] = [];
  let depth = 0;

  // Every function call is marked, so a delivery inside one is caught.
  const tapi = new Proxy(raw, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        depth++;
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          depth--;
        }
      };
    },
  }) as Tapi2;

  const record = (hDevice: number, message: number, instance: number, p1: number, p2: number, p3: number) => {
    if (depth > 0) violations.push(`message ${message} delivered inside a library call`);
    for (const out of outs) if (out.value) granted.add(out.value);
    // A call that arrived: LINE_APPNEWCALL gives its handle (dwParam2).
    if (message === LINE_APPNEWCALL) granted.add(p2);
    if (message === LINE_CALLSTATE && !granted.has(hDevice)) violations.push(`LINE_CALLSTATE for ${hDevice} before its handle`);
    log.push([names.get(message) ?? String(message), hDevice, instance, p1, p2, p3]);
  };

  const hLineApp: Out = { value: 0 };
  const numDevs: Out = { value: 0 };
  expect(
    tapi.lineInitializeEx(hLineApp, null, options.event ? null : record, 'tests', numDevs, { value: V22 }, {
      dwOptions: options.event ? LINEINITIALIZEEXOPTION_USEEVENT : LINEINITIALIZEEXOPTION_USEHIDDENWINDOW,
    }),
  ).toBe(0);
  const hLine: Out = { value: 0 };
  if (!options.noOpen) {
    expect(tapi.lineOpen(hLineApp.value, 0, hLine, V22, 0, INST, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    await flush();
  }

  const h = {
    clock,
    sim: simulated,
    tapi,
    log,
    violations,
    hLineApp,
    hLine,
    numDevs,
    /** The messages delivered since the last take. */
    take(): Msg[] {
      return log.splice(0);
    },
    /** lineMakeCall on the test line; the out-parameter is watched by the checks. */
    makeCall(address: string | null, params: LINECALLPARAMS | null = null, { line = hLine.value, countryCode = 0 } = {}) {
      const hCall: Out = { value: 0 };
      outs.push(hCall);
      const request = tapi.lineMakeCall(line, hCall, address, countryCode, params);
      return { request, hCall };
    },
    /** An out-parameter a function writes a call handle to (lphConsultCall): watched by the checks like lineMakeCall's. */
    watch(out: Out = { value: 0 }): Out {
      outs.push(out);
      return out;
    },
    /** Let simulated time pass, then deliver what it caused. */
    async advance(ms: number) {
      await flush();
      clock.advance(ms);
      await flush();
    },
    /** Let time run until nothing is scheduled any more. */
    async settle() {
      for (let i = 0; i < 20; i++) {
        await flush();
        clock.runAll();
      }
      await flush();
    },
    /** Shut the application down and check that nothing is left: no actor, call, timer or handle. */
    async shutdown() {
      const telephony = raw.telephony;
      if (hLineApp.value) tapi.lineShutdown(hLineApp.value);
      const idle = raw.whenIdle();
      await h.settle();
      await idle;
      expect(violations).toEqual([]);
      expect(raw.telephony).toBeNull();
      if (telephony) {
        expect(telephony.actor.getSnapshot().status).not.toBe('active');
        expect(Object.keys(telephony.actor.getSnapshot().children)).toEqual([]);
      }
      expect(simulated.calls()).toEqual([]);
      expect(clock.pending).toBe(0);
    },
  };
  return h;
}

export type Harness = Awaited<ReturnType<typeof tapi2Harness>>;
