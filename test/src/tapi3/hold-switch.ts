/**
 * A small switch written from the provider contract for the hold and transfer tests (rule 10):
 * one line whose features the test chooses, calls that connect when the test says (or after
 * `answerAfter` ms), and hold, unhold and transfers that the switch carries out, refuses with a
 * LINEERR_, or never answers, as the test sets `behaviour`. Every answer comes on the line's
 * clock, `delay` ms after the command, as a real switch's would; the test may report anything
 * else itself at any time.
 */
import { expect } from 'vitest';
import { S_OK, TWO_MINUTES, type ITCall } from '../../../src/tapi3/index.js';
import type { CallActorRef } from '../../../machines/line.js';
import type { ManualClock } from '../../../src/testing/manual-clock.js';
import { flush, tapi3Harness } from './tapi3-harness.js';
import type { LineDevice, LineErrorName, LineFeatures, LineLink, Provider, ProviderCall, ProviderEvent, ProviderRequest } from '../../../providers/provider.js';

/** What the switch does with a request: carry it out, never answer it, or refuse it with a LINEERR_. */
export type Behaviour = 'do' | 'ignore' | LineErrorName;

export interface SwitchCall {
  callId: string;
  destination: string;
  /** The commands the call received, in order ('HOLD', 'BLIND_TRANSFER 5550113', 'TRANSFER i0.2', …). */
  commands: string[];
  report(event: ProviderEvent): void;
  disposed: boolean;
}

export interface HoldSwitch extends Provider {
  readonly calls: SwitchCall[];
  /** What each request gets, for every call or per call; change it between steps. */
  behaviour: Record<'hold' | 'unhold' | 'blindTransfer' | 'transfer', Behaviour | ((call: SwitchCall) => Behaviour)>;
  /** Calls not disposed yet. */
  live(): number;
}

export interface HoldSwitchOptions {
  /** The line's features (default: all). */
  features?: LineFeatures;
  /** ms from the make until the far end answers; null: only when the test reports it (default 10). */
  answerAfter?: number | null;
  /** ms from a command until the switch answers it (default 10). */
  delay?: number;
  /** Numbers whose far end is busy, or never answers (the others answer after `answerAfter`). */
  farEnd?: Record<string, 'busy' | 'silent'>;
}

export function holdSwitch(options: HoldSwitchOptions = {}): HoldSwitch {
  const delay = options.delay ?? 10;
  const answerAfter = options.answerAfter === undefined ? 10 : options.answerAfter;
  const calls: SwitchCall[] = [];
  const live = new Set<SwitchCall>();
  const device: LineDevice = {
    name: 'Hold switch line',
    address: '300',
    maxCalls: 4,
    bearerModes: ['VOICE'],
    mediaModes: ['INTERACTIVEVOICE'],
    dialing: { dialtone: false, quiet: false, billing: false, voiceDetect: false },
    uriAddresses: true,
    nonDialed: false,
    features: options.features ?? { hold: true, blindTransfer: true, transfer: true },
  };
  const sw: HoldSwitch = {
    name: 'hold-switch',
    lines: [device],
    calls,
    behaviour: { hold: 'do', unhold: 'do', blindTransfer: 'do', transfer: 'do' },
    live: () => live.size,
    openLine(_lineIndex: number, link: LineLink) {
      const byProviderCall = new Map<ProviderCall, SwitchCall>();
      return {
        makeCall({ callId, destination }) {
          const timers = new Set<unknown>();
          const later = (fn: () => void, ms = delay) => {
            const timer = link.clock.setTimeout(() => {
              timers.delete(timer);
              if (!call.disposed) fn();
            }, ms);
            timers.add(timer);
          };
          const call: SwitchCall = { callId, destination, commands: [], report: (event) => link.report(callId, event), disposed: false };
          /** Carry out, ignore or refuse a request, as the test set it. */
          const request = (what: keyof HoldSwitch['behaviour'], kind: ProviderRequest, carryOut: () => void) => {
            const chosen = sw.behaviour[what];
            const behaviour = typeof chosen === 'function' ? chosen(call) : chosen;
            if (behaviour === 'ignore') return;
            later(behaviour === 'do' ? carryOut : () => call.report({ type: 'PROVIDER.REQUEST_FAILED', kind, error: behaviour }));
          };
          const made: ProviderCall = {
            dial: (digits) => void call.commands.push(`DIAL ${digits}`),
            generateDigits: (digits) => void call.commands.push(`DIGITS ${digits}`),
            drop() {
              call.commands.push('DROP');
              later(() => call.report({ type: 'PROVIDER.IDLE' }), 0);
            },
            hold() {
              call.commands.push('HOLD');
              request('hold', 'hold', () => call.report({ type: 'PROVIDER.ONHOLD' }));
            },
            unhold() {
              call.commands.push('UNHOLD');
              request('unhold', 'unhold', () => call.report({ type: 'PROVIDER.CONNECTED' }));
            },
            blindTransfer(to) {
              call.commands.push(`BLIND_TRANSFER ${to}`);
              request('blindTransfer', 'transfer', () => call.report({ type: 'PROVIDER.TRANSFERRED', to }));
            },
            transfer(consultation) {
              const other = byProviderCall.get(consultation);
              call.commands.push(`TRANSFER ${other?.callId}`);
              request('transfer', 'transfer', () => {
                call.report({ type: 'PROVIDER.TRANSFERRED', to: other?.destination });
                other?.report({ type: 'PROVIDER.TRANSFERRED' });
              });
            },
            dispose() {
              call.disposed = true;
              for (const timer of timers) link.clock.clearTimeout(timer);
              timers.clear();
              live.delete(call);
            },
          };
          calls.push(call);
          live.add(call);
          byProviderCall.set(made, call);
          // The first progress accepts the make (rule 2); the far end answers after answerAfter.
          later(() => {
            call.report({ type: 'PROVIDER.PROCEEDING' });
            const farEnd = options.farEnd?.[destination];
            if (answerAfter === null || farEnd === 'silent') return;
            later(() => call.report(farEnd === 'busy' ? { type: 'PROVIDER.BUSY' } : { type: 'PROVIDER.CONNECTED' }), answerAfter);
          }, 0);
          return made;
        },
      };
    },
    // The core disposes every call before it shuts a provider down; nothing else is held.
    async shutdown() {},
  };
  return sw;
}

/**
 * A TAPI 3 object over a hold switch (the harness of the other tests, on a manual clock), with
 * `connected()` for a call connected by Connect(true), and a shutdown that checks the switch has
 * no call left either.
 */
export async function switchHarness(options: HoldSwitchOptions & { timeout?: number; providerTimeout?: number; filter?: number } = {}) {
  const sw = holdSwitch(options);
  const h = await tapi3Harness({}, { providers: [sw], timeout: options.timeout, providerTimeout: options.providerTimeout, filter: options.filter });
  return {
    ...h,
    sw,
    /** A call to `destination`, connected. */
    async connected(destination = '5550111'): Promise<ITCall> {
      const call = h.create(destination);
      expect(await h.drive(call.Connect(true))).toBe(S_OK);
      return call;
    },
    /** A connected call held pending transfer (Transfer(…, true)) to a connected consultation call to 5550113. */
    async pendingTransfer(): Promise<{ call: ITCall; consultation: ITCall }> {
      const call = await this.connected();
      const consultation = h.create('5550113');
      expect(await h.drive(call.Transfer(consultation, true))).toBe(S_OK);
      return { call, consultation };
    },
    async shutdown() {
      await h.shutdown();
      expect(sw.live()).toBe(0);
    },
  };
}

/**
 * The HRESULT `operation` settles with when the clock runs to two minutes: unsettled one
 * millisecond before (else the test fails), settled at the interval.
 */
export async function atTwoMinutes(clock: ManualClock, operation: Promise<number>): Promise<number | undefined> {
  let hr: number | undefined;
  void operation.then((r) => (hr = r));
  clock.advance(TWO_MINUTES - 1);
  await flush();
  expect(hr).toBeUndefined();
  clock.advance(1);
  await flush();
  return hr;
}

/** The call's state in the core's chart (onHold, onHoldPendTransfer, …), which TAPI 3 shows only as CALL_STATE. */
export function chartState(call: ITCall): string {
  return (call as unknown as { actor: CallActorRef }).actor.getSnapshot().context.state;
}
