/**
 * A small switch for the hold and transfer tests, written from the provider contract alone
 * (rule 10): one line whose device declares what `features` says, calls that connect after
 * `connectMs`, a hold, take-back or transfer done after `controlMs`, and a drop after `dropMs`;
 * the test plays the far end (hangs up, holds us) and can make the next request fail.
 */
import { expect } from 'vitest';
import type { LINECALLSTATUS } from '../../../src/tapi2/index.js';
import { type HarnessOptions, tapi2Harness } from './tapi2-harness.js';
import type { Clock, LineErrorName, LineFeatures, LineLink, Provider, ProviderCall, ProviderEvent, ProviderRequest } from '../../../providers/provider.js';

export interface HoldSwitchOptions {
  features?: LineFeatures;
  maxCalls?: number;
  connectMs?: number;
  controlMs?: number;
  dropMs?: number;
}

/** One call on the switch, as the test sees it. */
export interface SwitchCall {
  readonly callId: string;
  /** What the call was made to, then dialled on it. */
  destination: string;
  /** The commands the call received, in order (`hold`, `unhold`, `blindTransfer 5550133`, `transfer <id>`, `drop`). */
  readonly commands: string[];
  /** The far end hangs up (DISCONNECTED, NORMAL). */
  hangUp(): void;
  /** The far end holds us (CONNECTED, ACTIVEHELD) or takes us back (CONNECTED, ACTIVE). */
  farEndHolds(held: boolean): void;
}

export interface HoldSwitch extends Provider {
  /** Every call made so far, oldest first (ended ones stay). */
  readonly made: SwitchCall[];
  /** Calls not disposed yet. */
  live(): number;
  /** The next request of this kind fails with `error` (REQUEST_FAILED), or is never answered (`'silent'`). */
  failNext(kind: ProviderRequest, error: LineErrorName | 'silent'): void;
  /** A call arrives on the open line from `from`; returns its call id (null when the line is not open). */
  offer(from: string): string | null;
}

export function holdSwitch(options: HoldSwitchOptions = {}): HoldSwitch {
  const { features = { hold: true, blindTransfer: true, transfer: true }, maxCalls = 3, connectMs = 100, controlMs = 10, dropMs = 5 } = options;
  const made: SwitchCall[] = [];
  const live = new Set<ProviderCall>();
  const ids = new WeakMap<ProviderCall, string>();
  const failures = new Map<ProviderRequest, LineErrorName | 'silent'>();
  /** The open line: where calls arrive, and how their provider side is made. */
  let opened: { link: LineLink; create(callId: string, destination: string): ProviderCall } | null = null;

  const provider: HoldSwitch = {
    name: 'hold-switch',
    lines: [
      {
        name: 'Hold line',
        address: '300',
        maxCalls,
        bearerModes: ['VOICE'],
        mediaModes: ['INTERACTIVEVOICE'],
        dialing: { dialtone: false, quiet: false, billing: false, voiceDetect: false },
        uriAddresses: false,
        nonDialed: false,
        features,
      },
    ],
    openLine(_lineIndex, link) {
      const clock: Clock = link.clock;
      /** The provider side of one call, made by us or arriving. */
      const create = (callId: string, destination: string): ProviderCall & { connect(): void } => {
        const timers = new Set<unknown>();
        const report = (event: ProviderEvent) => link.report(callId, event);
        const later = (ms: number, fn: () => void) => {
          const timer = clock.setTimeout(() => {
            timers.delete(timer);
            fn();
          }, ms);
          timers.add(timer);
        };
        const clear = () => {
          for (const timer of timers) clock.clearTimeout(timer);
          timers.clear();
        };
        /** A request answered after controlMs, or refused if the test said so. */
        const control = (kind: ProviderRequest, done: () => void) => {
          const error = failures.get(kind);
          failures.delete(kind);
          if (error === 'silent') return;
          later(controlMs, () => (error ? report({ type: 'PROVIDER.REQUEST_FAILED', kind, error }) : done()));
        };
        const connect = () => {
          report({ type: 'PROVIDER.PROCEEDING' });
          later(connectMs, () => report({ type: 'PROVIDER.CONNECTED' }));
        };
        const record: SwitchCall = {
          callId,
          destination,
          commands: [],
          hangUp: () => {
            clear();
            report({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
          },
          farEndHolds: (held) => report({ type: 'PROVIDER.CONNECTED', mode: held ? 'ACTIVEHELD' : 'ACTIVE' }),
        };
        made.push(record);
        const call: ProviderCall = {
          dial(digits, complete) {
            record.commands.push(`dial ${digits}`);
            record.destination += digits;
            if (complete) connect();
            else report({ type: 'PROVIDER.DIALING' });
          },
          generateDigits() {},
          accept() {},
          answer() {
            record.commands.push('answer');
            later(controlMs, () => report({ type: 'PROVIDER.CONNECTED' }));
          },
          hold() {
            record.commands.push('hold');
            control('hold', () => report({ type: 'PROVIDER.ONHOLD' }));
          },
          unhold() {
            record.commands.push('unhold');
            control('unhold', () => report({ type: 'PROVIDER.CONNECTED' }));
          },
          blindTransfer(to) {
            record.commands.push(`blindTransfer ${to}`);
            control('transfer', () => report({ type: 'PROVIDER.TRANSFERRED', to }));
          },
          transfer(consultation) {
            const other = ids.get(consultation) ?? '?';
            record.commands.push(`transfer ${other}`);
            control('transfer', () => {
              report({ type: 'PROVIDER.TRANSFERRED' });
              link.report(other, { type: 'PROVIDER.TRANSFERRED' });
            });
          },
          drop() {
            record.commands.push('drop');
            clear();
            later(dropMs, () => report({ type: 'PROVIDER.IDLE' }));
          },
          dispose() {
            clear();
            live.delete(call);
          },
        };
        ids.set(call, callId);
        live.add(call);
        return Object.assign(call, { connect });
      };
      opened = { link, create };
      return {
        makeCall(request) {
          const call = create(request.callId, request.destination);
          // No address: dial tone (the consultation call of lineSetupTransfer), else on its way.
          if (request.destination === '') link.report(request.callId, { type: 'PROVIDER.DIALTONE', mode: 'NORMAL' });
          else call.connect();
          return call;
        },
        close() {
          opened = null;
        },
      };
    },
    async shutdown() {
      for (const call of [...live]) call.dispose();
    },
    made,
    live: () => live.size,
    failNext: (kind, error) => void failures.set(kind, error),
    offer(from) {
      const line = opened;
      return line ? line.link.offer({ from, name: null, to: '300' }, (callId) => line.create(callId, '')) : null;
    },
  };
  return provider;
}

/**
 * A TAPI 2 application on a hold switch (see {@link tapi2Harness}): `connectedCall` makes a call
 * and lets it connect, with its messages taken; `status` reads LINECALLSTATUS.
 */
export async function holdHarness(options: HoldSwitchOptions = {}, harness: HarnessOptions = {}) {
  const sw = holdSwitch(options);
  const h = await tapi2Harness({}, { ...harness, providers: [sw] });
  const connectedCall = async (address = '5550111') => {
    const { hCall } = h.makeCall(address);
    await h.advance(options.connectMs ?? 100);
    h.take();
    return hCall.value;
  };
  const status = (hCall: number) => {
    const s = {} as LINECALLSTATUS;
    expect(h.tapi.lineGetCallStatus(hCall, s)).toBe(0);
    return s;
  };
  /** Shut down, and check the switch has no call left either. */
  const shutdown = async () => {
    await h.shutdown();
    expect(sw.live()).toBe(0);
  };
  return { h, sw, connectedCall, status, shutdown };
}

export type HoldHarness = Awaited<ReturnType<typeof holdHarness>>;

/** A connected call set up for transfer: the consultation call has dial tone; messages taken. */
export async function setUpTransfer(harness: HoldHarness) {
  const c = await harness.connectedCall();
  const consult = harness.h.watch();
  harness.h.tapi.lineSetupTransfer(c, consult, null);
  await harness.h.advance(10);
  harness.h.take();
  return { c, consult: consult.value };
}
