/**
 * The simulated provider: a deterministic switch embedded in the library, the default provider.
 * It exposes `lines` line devices and plays each call's script on the telephony's clock.
 *
 * Its lines hold and transfer (rule 10 of the provider contract; `call-control.ts`): a hold or an
 * unhold is answered after `timing.hold` (ONHOLD; CONNECTED), a blind transfer after
 * `timing.transfer` as the target's own directory entry says (a number that answers takes it,
 * TRANSFERRED; one that is busy, rejects, does not answer or cannot be reached refuses it,
 * REQUEST_FAILED kind `transfer` with SIP's 486, 603, 480 or 404), a consultation transfer joins
 * two connected calls of the line (TRANSFERRED on both). A number's entry may refuse our hold
 * (`refuseHold`: REQUEST_FAILED kind `hold`, 488) or have its far end hold us (`holdAfterMs`:
 * CONNECTED mode ACTIVEHELD; `resumeAfterMs` later: ACTIVE), or ask us to transfer ourselves
 * (`transferUsAfterMs`, `transferUsTo`: TRANSFER_REQUESTED, rule 11; refused on its own after 8 s;
 * accepted, its far end hangs up once the call made with `transferOf` connects).
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
import type { CallRequest, LineDevice, LineLink, Provider, ProviderEvent, ProviderLine } from '../provider.js';
import { ProviderError } from '../provider.js';
import { Directory, type Fault, type NumberEntry, type Outcome } from './directory.js';
import { type LiveSimulatedCall, SimulatedCall, type SimulatedCallInfo, type SimulatedSwitch } from './simulated-call.js';
import { type SimulatedCaller, SimulatedIncomingCall } from './simulated-incoming-call.js';
import { KeyPresses, type SaidDigits } from './key-presses.js';
import { SimulatedMedia } from './simulated-media.js';
import { defaultTiming, instantTiming, type Timing } from './timing.js';

/** Options of {@link simulatedProvider}. */
export interface SimulatedProviderOptions {
  /** Number of line devices (default 1). */
  lines?: number;
  /** Calls each line can hold at once (default 4). */
  maxCallsPerLine?: number;
  /**
   * The directory: outcome per number, matched against the end of the dialled digits; also what a
   * blind transfer's target does, and whether a far end refuses hold or holds us (`NumberEntry`).
   */
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
  /** Open a line: the simulated switch opens at once. */
  openLine(lineIndex: number, link: LineLink): ProviderLine;
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
  /**
   * The far end of a live call presses keys: each digit is reported as `PROVIDER.DIGIT` (rule 12 of
   * the provider contract) at its time on the telephony's clock, `afterMs` from now and then every
   * `intervalMs`; a key pressed while the call is not connected is lost. Returns false when no live
   * call has that id. A number's entry or a caller can do the same once answered (`says`).
   *
   * @example
   * ```ts
   * sim.sayDigits(call.id, { digits: '1234#', intervalMs: 300 }); // the caller keys in an account number
   * ```
   */
  sayDigits(callId: string, said: SaidDigits): boolean;
  /**
   * What the far end of a live call has heard of what the core played to it (rule 13), as 8 kHz
   * PCM: for tests of prompts. Null when the call has had no audio, or is gone.
   *
   * @example
   * ```ts
   * await call.play(greeting);
   * sim.heard(call.id)?.length; // greeting.length, rounded up to a whole 20 ms frame
   * ```
   */
  heard(callId: string): Int16Array | null;
  /**
   * The far end of a connected call says `pcm` (8 kHz, 16-bit) to the core, 20 ms a frame on the
   * telephony's clock: what `call.record()` records. Returns false when no connected call has that id.
   *
   * @example
   * ```ts
   * sim.sayAudio(call.id, tone(440, 1000)); // a second of A
   * ```
   */
  sayAudio(callId: string, pcm: Int16Array): boolean;
  /**
   * Take an open line out of service (`inService` false, with why) or bring it back, as a switch
   * whose trunk fails and recovers: out of service, its calls fail with LINEERR_INVALLINESTATE
   * and are released at once, new calls fail the same way, and the core hears
   * `PROVIDER.LINE.OUTOFSERVICE` / `PROVIDER.LINE.INSERVICE`. Returns false, doing nothing, when
   * the line is not open (a line opens in service).
   *
   * @example
   * ```ts
   * sim.setLineService(0, false, 'trunk down'); // line.status.inService === false
   * sim.setLineService(0, true);
   * ```
   */
  setLineService(lineIndex: number, inService: boolean, why?: string): boolean;
  /**
   * A caller rings an open line: the call is offered to the core (LINECALLSTATE_OFFERING), on
   * the telephony's clock. The caller may give up before it is answered (`abandonAfterMs`) and
   * hang up after (`hangupAfterMs`). Returns the call's id, or null when the line is not open.
   *
   * @example
   * ```ts
   * const callId = sim.offerCall(0, { from: '5550123', name: 'Bob', abandonAfterMs: 30_000 });
   * ```
   */
  offerCall(lineIndex: number, caller: SimulatedCaller): string | null;
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
    // Hold and transfer (rule 10 of the provider contract; call-control.ts).
    features: { hold: true, blindTransfer: true, transfer: true },
  }));
  const live = new Set<LiveSimulatedCall>();
  // The far ends that press keys, by call (rule 12; key-presses.ts); stopped as the call is disposed.
  const presses = new Map<LiveSimulatedCall, KeyPresses>();
  // The far ends' audio, by call (rule 13; simulated-media.ts); stopped as the call is disposed.
  const audio = new Map<LiveSimulatedCall, SimulatedMedia>();
  const forget = (call: LiveSimulatedCall) => {
    live.delete(call);
    presses.get(call)?.stop();
    presses.delete(call);
    audio.get(call)?.stop();
    audio.delete(call);
  };
  // Per open line: the core's link, the line's view of the switch, and why the line is out of
  // service (null: in service).
  const open = new Map<number, { link: LineLink; sw: SimulatedSwitch; outOfService: string | null }>();

  /** The provider side of an open line: one switch view, shared by the line's calls. */
  const lineFor = (lineIndex: number, link: LineLink, sw: SimulatedSwitch): ProviderLine => {
    return {
      makeCall(request: CallRequest) {
        const fault = directory.lookup(request.destination).fault ?? options.fault;
        if (fault === 'throw-on-create') throw new ProviderError('OPERATIONFAILED', 'simulated fault: the call could not be created');
        const call = new SimulatedCall(sw, request, fault);
        live.add(call);
        try {
          call.make();
        } catch (error) {
          // Refused as it started: the core never holds it, so it is released here.
          call.dispose();
          throw error;
        }
        return call;
      },
      close() {
        if (open.get(lineIndex)?.link === link) open.delete(lineIndex);
      },
    };
  };

  return {
    name,
    lines,
    openLine(lineIndex, link) {
      if (!lines[lineIndex]) throw new ProviderError('BADDEVICEID', `no simulated line ${lineIndex}`);
      const sw: SimulatedSwitch = {
        clock: link.clock,
        timing,
        directory,
        device: lines[lineIndex],
        forget,
        outOfService: () => open.get(lineIndex)?.outOfService ?? null,
        report: (callId, event) => link.report(callId, event),
        find: (call) => (live.has(call as LiveSimulatedCall) ? (call as LiveSimulatedCall) : undefined),
        byId: (callId) => [...live].find((call) => call.callId === callId && call.lineIndex === lineIndex),
        media: (call) => {
          if (!live.has(call) || !call.isConnected()) return null;
          let media = audio.get(call);
          if (!media) audio.set(call, (media = new SimulatedMedia(link.clock)));
          return media;
        },
        press: (call, said) => {
          if (!live.has(call)) return;
          let keys = presses.get(call);
          if (!keys) presses.set(call, (keys = new KeyPresses(link.clock, call, (callId, event) => link.report(callId, event))));
          keys.say(said);
        },
      };
      open.set(lineIndex, { link, sw, outOfService: null });
      return lineFor(lineIndex, link, sw);
    },
    setLineService(lineIndex, inService, why = 'simulated outage') {
      const line = open.get(lineIndex);
      if (!line) return false;
      if (inService === (line.outOfService === null)) return true;
      line.outOfService = inService ? null : why;
      if (!inService) for (const call of [...live]) if (call.lineIndex === lineIndex) call.outOfService(why);
      line.link.service(inService ? { type: 'PROVIDER.LINE.INSERVICE' } : { type: 'PROVIDER.LINE.OUTOFSERVICE', error: 'INVALLINESTATE', message: why });
      return true;
    },
    calls: () => [...live].map((call) => call.info()),
    offerCall(lineIndex, caller) {
      const line = open.get(lineIndex);
      if (!line) return null;
      // Live from its creation: the core may refuse (and release) it within the offer.
      return line.link.offer(SimulatedIncomingCall.incomingFrom(caller, line.sw.device), (callId) => {
        const call = new SimulatedIncomingCall(line.sw, lineIndex, caller, callId);
        live.add(call);
        return call;
      });
    },
    heard(callId) {
      for (const [call, media] of audio) if (call.callId === callId) return media.heard();
      return null;
    },
    sayAudio(callId, pcm) {
      for (const call of live) {
        if (call.callId !== callId) continue;
        const media = open.get(call.lineIndex)?.sw.media(call);
        if (!media) return false;
        (media as SimulatedMedia).say(pcm);
        return true;
      }
      return false;
    },
    sayDigits(callId, said) {
      for (const call of live) {
        if (call.callId !== callId) continue;
        open.get(call.lineIndex)?.sw.press(call, said);
        return true;
      }
      return false;
    },
    inject(callId, event) {
      for (const call of live) {
        if (call.callId !== callId) continue;
        call.inject(event);
        return true;
      }
      return false;
    },
    async shutdown() {
      for (const call of live) call.dispose();
      open.clear();
    },
  };
}
