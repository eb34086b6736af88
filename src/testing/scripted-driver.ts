/**
 * The scripted driver: a provider that does nothing by itself and reports exactly the event it
 * is told to, when it is told to. It can produce every provider event in every state, so the
 * core's own model-based suite runs every path of the chart through it; and it is the smallest
 * complete example of a {@link ConformanceDriver} for a provider author.
 */
import type { IncomingCall, LineDevice, LineFeatures, LineLink, Provider, ProviderCall, ProviderEvent } from '../../providers/provider.js';
import type { ConformanceDriver, DriverSession } from './conformance.js';
import { ManualClock } from './manual-clock.js';

/** The line the scripted provider exposes. */
export const SCRIPTED_LINE: LineDevice = Object.freeze({
  name: 'Scripted line',
  address: '200',
  maxCalls: 1,
  bearerModes: ['VOICE'],
  mediaModes: ['INTERACTIVEVOICE'],
  dialing: { dialtone: false, quiet: false, billing: false, voiceDetect: false },
  uriAddresses: false,
  nonDialed: false,
}) as LineDevice;

/** Options of {@link scriptedProvider}. */
export interface ScriptedProviderOptions {
  /**
   * What the line's calls can do beyond make and drop (`LineDevice.features`, rule 10 of the
   * provider contract); none by default. Its calls take every such command and, as for the
   * others, report nothing until the test says.
   */
  features?: LineFeatures;
}

/** A provider whose calls report what the test says. */
export interface ScriptedProvider extends Provider {
  /** Report `event` on the most recent call, as the world would. */
  report(event: ProviderEvent): void;
  /** A call arrives on line 0 from `caller`; returns its id (null when the line is not open). */
  offer(caller: IncomingCall): string | null;
}

/** A call of the scripted provider: commands reach the world and nothing comes back until the test reports it. */
function quietCall(onDispose: () => void, features: LineFeatures): ProviderCall {
  const call: ProviderCall = { dial() {}, generateDigits() {}, accept() {}, answer() {}, drop() {}, answerTransferRequest() {}, dispose: onDispose };
  if (features.hold) Object.assign(call, { hold() {}, unhold() {} });
  if (features.blindTransfer) call.blindTransfer = () => {};
  if (features.transfer) call.transfer = () => {};
  return call;
}

/**
 * Create a scripted provider.
 *
 * @example
 * ```ts
 * const provider = scriptedProvider();
 * const telephony = createTelephony({ providers: [provider] });
 * const line = await telephony.openLine(0);
 * const call = await line.createCall('5550111');
 * void call.request({ type: 'MAKE' });
 * provider.report({ type: 'PROVIDER.CONNECTED' }); // the far end answered
 * ```
 */
export function scriptedProvider(options: ScriptedProviderOptions = {}): ScriptedProvider {
  const features = options.features ?? {};
  const line: LineDevice = options.features ? Object.freeze({ ...SCRIPTED_LINE, features }) : SCRIPTED_LINE;
  let report: ((event: ProviderEvent) => void) | undefined;
  let opened: LineLink | undefined;
  /** The most recent call is the one reports go to, until it is disposed. */
  const follow = (link: LineLink, callId: string): ProviderCall => {
    const reportTo = (event: ProviderEvent) => link.report(callId, event);
    report = reportTo;
    return quietCall(() => {
      if (report === reportTo) report = undefined;
    }, features);
  };
  return {
    name: 'scripted',
    lines: [line],
    openLine: (_lineIndex, link) => {
      opened = link;
      return { makeCall: (request) => follow(link, request.callId) };
    },
    report(event) {
      if (!report) throw new Error(`scripted provider: no call to report ${event.type} on`);
      report(event);
    },
    offer(caller) {
      const link = opened;
      return link ? link.offer(caller, (callId) => follow(link, callId)) : null;
    },
    async shutdown() {
      report = undefined;
      opened = undefined;
    },
  };
}

/**
 * The driver of the scripted provider: every path, on a {@link ManualClock}, on a line that
 * declares the features the path's variant needs.
 *
 * @example
 * ```ts
 * import { describeConformance, scriptedDriver } from 'xtapi/testing';
 *
 * describeConformance(scriptedDriver(), { impossibleEvents: true });
 * ```
 */
export function scriptedDriver(): ConformanceDriver {
  return {
    name: 'scripted',
    start(path): DriverSession {
      // The line can do what the path's variant needs (hold and transfer, or nothing more).
      const provider = scriptedProvider({ features: path.variant.features });
      return { provider, clock: new ManualClock(), produce: (event) => provider.report(event), offer: (caller) => void provider.offer(caller) };
    },
  };
}
