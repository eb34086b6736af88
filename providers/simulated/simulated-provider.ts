/**
 * The simulated provider: a deterministic switch embedded in the library, the default provider.
 * It exposes `lines` line devices and plays each call's script on the telephony's clock.
 *
 * @example
 * ```ts
 * import { createTelephony } from 'xtapi';
 * import { simulatedProvider } from 'xtapi/providers/simulated';
 *
 * const telephony = createTelephony({
 *   providers: [simulatedProvider({ numbers: { '5550111': { outcome: 'busy' } } })],
 * });
 * const line = await telephony.openLine(0);
 * const call = await line.makeCall('+1 (425) 555-0111');
 * await call.until('busy');
 * await telephony.shutdown();
 * ```
 */
import type { CallRequest, Clock, LineDevice, Provider, ProviderEvent } from '../provider.js';
import { ProviderError } from '../provider.js';
import { Directory, type Fault, type NumberEntry, type Outcome } from './directory.js';
import { SimulatedCall, type SimulatedCallInfo, type SimulatedSwitch } from './simulated-call.js';
import { defaultTiming, instantTiming, type Timing } from './timing.js';

/** Options of {@link simulatedProvider}. */
export interface SimulatedProviderOptions {
  /** Number of line devices (default 1). */
  lines?: number;
  /** Calls each line can hold at once (default 4). */
  maxCallsPerLine?: number;
  /** The directory: outcome per number, matched against the end of the dialled digits. */
  numbers?: Readonly<Record<string, NumberEntry>>;
  /** What a number not in the directory does (default: answer after one ring). */
  defaultOutcome?: Outcome | NumberEntry;
  /** Step delays, or `'instant'` for benchmarks and fast tests (default: realistic small delays). */
  timing?: Partial<Timing> | 'instant';
  /** Hot lines: every call goes straight to connected, with no address. */
  nonDialed?: boolean;
  /** Dial modifiers the lines carry out (`W`, `@`, `$`, `:`); none by default. */
  dialModifiers?: Partial<LineDevice['dialing']>;
  /** A fault every call commits (a number's own `fault` wins). */
  fault?: Fault;
  /** Provider name (default "simulated"). */
  name?: string;
}

/** The simulated provider: a {@link Provider} plus a view of its live calls. */
export interface SimulatedProvider extends Provider {
  /** The calls the switch holds now (a call is forgotten when its actor stops). */
  calls(): SimulatedCallInfo[];
  /**
   * Make the network report `event` for a live call now, whatever its script says (for tests
   * that need paths the script never plays). Returns false when no live call has that id.
   *
   * @example
   * ```ts
   * sim.inject(call.id, { type: 'PROVIDER.DISCONNECTED', mode: 'CONGESTION' });
   * ```
   */
  inject(callId: string, event: ProviderEvent): boolean;
}

/**
 * Create the simulated switch.
 *
 * @example
 * ```ts
 * const sim = simulatedProvider({ lines: 2, timing: 'instant', numbers: { '911': { outcome: 'reject' } } });
 * sim.lines.length; // 2
 * ```
 */
export function simulatedProvider(options: SimulatedProviderOptions = {}): SimulatedProvider {
  const lineCount = options.lines ?? 1;
  const maxCalls = options.maxCallsPerLine ?? 4;
  if (!Number.isInteger(lineCount) || lineCount < 0) throw new RangeError(`lines must be a whole number ≥ 0, not ${lineCount}`);
  if (!Number.isInteger(maxCalls) || maxCalls < 1) throw new RangeError(`maxCallsPerLine must be a whole number ≥ 1, not ${maxCalls}`);
  const timing: Timing =
    options.timing === 'instant' ? instantTiming : Object.freeze({ ...defaultTiming, ...options.timing });
  const fallback: NumberEntry =
    typeof options.defaultOutcome === 'string'
      ? { outcome: options.defaultOutcome }
      : (options.defaultOutcome ?? { outcome: 'answer', rings: 1 });
  const directory = new Directory(options.numbers ?? {}, fallback);
  const name = options.name ?? 'simulated';
  const lines: LineDevice[] = Array.from({ length: lineCount }, (_, i) => ({
    name: `Simulated line ${i}`,
    address: String(100 + i),
    maxCalls,
    bearerModes: ['VOICE', 'SPEECH', 'DATA'],
    mediaModes: ['INTERACTIVEVOICE', 'AUTOMATEDVOICE', 'DATAMODEM', 'G3FAX'],
    dialing: {
      dialtone: options.dialModifiers?.dialtone ?? false,
      quiet: options.dialModifiers?.quiet ?? false,
      billing: options.dialModifiers?.billing ?? false,
      voiceDetect: options.dialModifiers?.voiceDetect ?? false,
    },
    uriAddresses: true,
    nonDialed: options.nonDialed ?? false,
  }));
  const live = new Set<SimulatedCall>();
  const forget = (call: SimulatedCall) => live.delete(call);
  // One switch view per line and clock, shared by its calls (a telephony has one clock).
  const switches = new Map<number, SimulatedSwitch>();
  const switchFor = (lineIndex: number, device: LineDevice, clock: Clock): SimulatedSwitch => {
    let sw = switches.get(lineIndex);
    if (!sw || sw.clock !== clock) {
      sw = { clock, timing, directory, device, forget };
      switches.set(lineIndex, sw);
    }
    return sw;
  };

  return {
    name,
    lines,
    createCall(request: CallRequest, report: (event: ProviderEvent) => void, clock: Clock) {
      const device = lines[request.lineIndex];
      if (!device) throw new ProviderError('BADDEVICEID', `no simulated line ${request.lineIndex}`);
      const fault = directory.lookup(request.destination).fault ?? options.fault;
      if (fault === 'throw-on-create') throw new ProviderError('OPERATIONFAILED', 'simulated fault: createCall failed');
      const call = new SimulatedCall(switchFor(request.lineIndex, device, clock), request, report, fault);
      live.add(call);
      return call;
    },
    calls: () => [...live].map((call) => call.info()),
    inject(callId, event) {
      for (const call of live) {
        if (call.request.callId !== callId) continue;
        call.inject(event);
        return true;
      }
      return false;
    },
    async shutdown() {
      for (const call of live) call.dispose();
    },
  };
}
