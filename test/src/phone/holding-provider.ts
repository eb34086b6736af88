/**
 * A provider written from rule 10 of the contract (`providers/provider.ts`) for the tests of the
 * modern API, the CLI and the board: one line whose calls are answered, can be held, taken back
 * and transferred, each on the line's clock; the test plays the far end (hang up, hold us, take
 * us back) and can make the switch refuse a request.
 */
import type { CallCause } from '../../../machines/events.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import type { LineErrorName, LineFeatures, LineLink, Provider, ProviderCall, ProviderEvent } from '../../../providers/provider.js';

export interface HoldingProviderOptions {
  /** What the line declares (default: hold, blind and consultation transfer). */
  features?: LineFeatures;
  /** The switch refuses these requests with this error. */
  refuse?: Partial<Record<'hold' | 'unhold' | 'transfer', LineErrorName>>;
  /** When the far end answers (ms after the make; default 100). */
  answerMs?: number;
  /** How long a hold or an unhold takes (default 10). */
  holdMs?: number;
  /** How long a transfer takes to reach the target (default 50). */
  transferMs?: number;
  /** How long a drop takes (default 10). */
  dropMs?: number;
}

export interface HoldingProvider extends Provider {
  /** The far end of `callId` hangs up. */
  hangUp(callId: string): void;
  /** The far end of `callId` holds us (CONNECTED, ACTIVEHELD), or takes us back (ACTIVE). */
  farEndHolds(callId: string, held: boolean): void;
  /** The ids of the calls not disposed yet. */
  live(): string[];
  /** What the core asked of each call, in order: `c1 hold`, `c2 transfer c3`, … */
  readonly asked: string[];
}

const ALL: LineFeatures = { hold: true, blindTransfer: true, transfer: true };

export function holdingProvider(options: HoldingProviderOptions = {}): HoldingProvider {
  const { features = ALL, refuse = {}, answerMs = 100, holdMs = 10, transferMs = 50, dropMs = 10 } = options;
  let link: LineLink | null = null;
  const calls = new Map<string, { timers: Set<unknown>; gone: boolean }>();
  const ids = new WeakMap<ProviderCall, string>();
  const asked: string[] = [];
  const report = (callId: string, event: ProviderEvent) => link?.report(callId, event);
  const later = (callId: string, ms: number, run: () => void) => {
    const entry = calls.get(callId);
    if (!link || !entry) return;
    const clock = link.clock;
    const timer = clock.setTimeout(() => {
      entry.timers.delete(timer);
      run();
    }, ms);
    entry.timers.add(timer);
  };
  const clear = (callId: string) => {
    const entry = calls.get(callId);
    if (!entry || !link) return;
    for (const timer of entry.timers) link.clock.clearTimeout(timer);
    entry.timers.clear();
  };
  const request = (callId: string, kind: 'hold' | 'unhold' | 'transfer', ms: number, success: () => void) =>
    later(callId, ms, () => {
      const error = refuse[kind];
      if (error) report(callId, { type: 'PROVIDER.REQUEST_FAILED', kind, error, message: `the switch refused the ${kind}` });
      else success();
    });
  return {
    name: 'holding',
    lines: [
      {
        name: 'Holding line',
        address: '300',
        maxCalls: 3,
        bearerModes: ['VOICE'],
        mediaModes: ['INTERACTIVEVOICE'],
        dialing: { dialtone: false, quiet: false, billing: false, voiceDetect: false },
        uriAddresses: false,
        nonDialed: false,
        features,
      },
    ],
    openLine(_lineIndex, given) {
      link = given;
      return {
        makeCall({ callId }) {
          calls.set(callId, { timers: new Set(), gone: false });
          report(callId, { type: 'PROVIDER.PROCEEDING' });
          later(callId, answerMs, () => report(callId, { type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' }));
          const call: ProviderCall = {
            dial() {},
            generateDigits() {},
            drop() {
              asked.push(`${callId} drop`);
              clear(callId);
              const entry = calls.get(callId);
              if (entry) entry.gone = true;
              later(callId, dropMs, () => report(callId, { type: 'PROVIDER.IDLE' }));
            },
            hold() {
              asked.push(`${callId} hold`);
              request(callId, 'hold', holdMs, () => report(callId, { type: 'PROVIDER.ONHOLD' }));
            },
            unhold() {
              asked.push(`${callId} unhold`);
              request(callId, 'unhold', holdMs, () => report(callId, { type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' }));
            },
            blindTransfer(to) {
              asked.push(`${callId} blindTransfer ${to}`);
              request(callId, 'transfer', transferMs, () => report(callId, { type: 'PROVIDER.TRANSFERRED', to }));
            },
            transfer(consultation) {
              const other = ids.get(consultation) ?? '?';
              asked.push(`${callId} transfer ${other}`);
              request(callId, 'transfer', transferMs, () => {
                // The consultation call went first: there is nobody to join the far end to.
                if (calls.get(other)?.gone !== false) {
                  report(callId, { type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error: 'OPERATIONFAILED', message: 'the consultation call has ended' });
                  return;
                }
                report(other, { type: 'PROVIDER.TRANSFERRED' });
                report(callId, { type: 'PROVIDER.TRANSFERRED', to: other });
              });
            },
            dispose() {
              clear(callId);
              calls.delete(callId);
            },
          };
          ids.set(call, callId);
          return call;
        },
      };
    },
    hangUp(callId) {
      clear(callId);
      const entry = calls.get(callId);
      if (entry) entry.gone = true;
      report(callId, { type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    },
    farEndHolds(callId, held) {
      report(callId, { type: 'PROVIDER.CONNECTED', mode: held ? 'ACTIVEHELD' : 'ACTIVE' });
    },
    live: () => [...calls.keys()],
    asked,
    async shutdown() {
      for (const callId of calls.keys()) clear(callId);
      calls.clear();
      link = null;
    },
  };
}

/** A telephony over the holding provider on a manual clock, with line 0 open. */
export async function holdingHarness(options: HoldingProviderOptions = {}) {
  const clock = new ManualClock();
  const provider = holdingProvider(options);
  const telephony = createTelephony({ providers: [provider], clock });
  const line = await telephony.openLine(0);
  return {
    clock,
    provider,
    telephony,
    line,
    /** A call to `address`, connected. */
    async connected(address = '5550111') {
      const call = await line.makeCall(address);
      clock.advance(options.answerMs ?? 100);
      await call.until('connected');
      return call;
    },
    /** Move the clock by `ms` (a hold's time by default), then await `promise`. */
    async after<T>(promise: Promise<T>, ms = options.holdMs ?? 10): Promise<T> {
      clock.advance(ms);
      return promise;
    },
    /** Drop `call` and let the clock run until it has ended; its cause. */
    async drop(call: { drop(): Promise<CallCause> }) {
      const ended = call.drop();
      clock.runAll();
      return ended;
    },
    /** Shut down, letting the clock run, and check that nothing is left. */
    async shutdown() {
      const done = telephony.shutdown();
      clock.runAll();
      await done;
      return { live: provider.live(), timers: clock.pending };
    },
  };
}
