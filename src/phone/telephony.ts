/**
 * The telephony, as the modern API shows it: the root actor, its providers and its clock.
 */
import { inspect } from 'node:util';
import { type Actor, createActor } from 'xstate';
import { bindProviders } from '../../machines/resources.js';
import { type DeviceEntry, telephonyMachine } from '../../machines/telephony.js';
import { type Clock, type LineDevice, type Provider, realClock } from '../../providers/provider.js';
import { type InspectOption, type InspectorInfo, type TelephonyInspection, inspectTelephony } from '../inspect/telephony-inspector.js';
import { XtapiError } from './errors.js';
import { Line } from './line.js';
import { defaultProviders } from './simulated-default.js';

/** Options of {@link createTelephony}. */
export interface TelephonyOptions {
  /**
   * The providers, whose line devices are numbered in order. Without them the telephony runs on
   * one simulated switch and the first such telephony of the process emits a warning (code
   * `XTAPI_SIMULATED_DEFAULT`): its calls reach nobody. Pass `[simulatedProvider()]` to choose the
   * simulated switch without the warning.
   */
  providers?: readonly Provider[];
  /** The time source for every timer and timestamp (default: the real clock). */
  clock?: Clock;
  /** How long a provider may take to accept a make or confirm a drop, in ms (default 30 000). */
  providerTimeout?: number;
  /**
   * Inspect the whole actor system (root, lines, calls, provider services) with
   * `@statelyai/inspect`: `true` or {@link InspectorOptions} start a local relay (its page
   * frames the Stately inspector) with phone numbers stripped from what is sent; an XState
   * inspection observer or function receives the raw events instead. Off by default: it costs
   * most of the throughput.
   */
  inspect?: InspectOption;
}

/** A line device, as `telephony.devices` lists it. */
export interface DeviceInfo extends LineDevice {
  deviceId: number;
  providerName: string;
}

interface Opening {
  resolve(line: Line): void;
  reject(error: XtapiError): void;
  options: OpenLineOptions;
}

/** Options of {@link Telephony.openLine}. */
export interface OpenLineOptions {
  /**
   * Drop a call that arrived as soon as its caller has gone (busy, disconnected), so that it
   * ends by itself with the caller's cause (default true, as for the calls you make). TAPI 2
   * applications drop their calls themselves.
   */
  autoClear?: boolean;
  /**
   * Answer every call that arrives: at once (`true`: the call answers itself as it is offered, so
   * an `incoming` listener already finds it answering), or `afterMs` after the application has
   * seen it offered, on the telephony's clock (`{ afterMs: 0 }` answers right after the
   * `incoming` listeners ran; more lets it ring). Off by default: answer with `call.answer()`.
   */
  autoAnswer?: boolean | { afterMs: number };
  /**
   * What the line's calls do when the far end asks them to transfer themselves (a SIP REFER: we
   * are the transferee): `'refuse'` at once (the default; SIP 603, and the call's
   * `transferRequested` event still tells it, `refused` true), or `'ask'` the application, which
   * answers with `request.accept()` (the new call is made on this line) or `request.refuse()`.
   */
  transferRequests?: 'refuse' | 'ask';
}

/** A telephony: providers, their line devices, the lines that are open. */
export class Telephony {
  /** The root actor, for XState users. */
  readonly actor: Actor<typeof telephonyMachine>;
  /** Every line device of every provider, by device id. */
  readonly devices: readonly DeviceInfo[];
  readonly providers: readonly Provider[];
  readonly clock: Clock;
  private readonly opening = new Map<number, Opening>();
  private readonly open = new Map<number, Line>();
  private callSeq = 0;
  private stopping: Promise<void> | null = null;
  private readonly inspection: TelephonyInspection | undefined;

  /** @internal Use {@link createTelephony}. */
  constructor(options: TelephonyOptions = {}) {
    this.providers = options.providers ?? defaultProviders();
    this.clock = options.clock ?? realClock;
    const entries: DeviceEntry[] = [];
    this.providers.forEach((provider, providerIndex) =>
      provider.lines.forEach((device, lineIndex) =>
        entries.push({ deviceId: entries.length, providerIndex, providerName: provider.name, lineIndex, device }),
      ),
    );
    this.devices = entries.map((e) => ({ ...e.device, deviceId: e.deviceId, providerName: e.providerName }));
    this.inspection = inspectTelephony(options.inspect);
    this.actor = createActor(telephonyMachine, {
      input: { devices: entries, providerTimeout: options.providerTimeout },
      clock: this.clock,
      inspect: this.inspection?.observer,
    });
    bindProviders(this.actor.system, this.providers);
    this.actor.on('line.spawned', ({ deviceId, id }) => {
      const ref = this.actor.getSnapshot().context.lines[id];
      const line = new Line(ref, entries[deviceId].device, {
        newCallId: () => `c${++this.callSeq}`,
        closeLine: (device) => this.actor.send({ type: 'LINE.CLOSE', deviceId: device }),
        clock: this.clock,
        autoAnswer: this.opening.get(deviceId)?.options.autoAnswer ?? false,
      });
      const settle = (state: string) => {
        const opening = this.opening.get(deviceId);
        if (!opening) return;
        if (state === 'open') {
          this.opening.delete(deviceId);
          this.open.set(deviceId, line);
          opening.resolve(line);
        } else if (state === 'failed' || state === 'closed') {
          this.opening.delete(deviceId);
          // The provider's own words and the protocol's detail go with the LINEERR_ (a registrar's
          // 403, a wrong password), so the application can say why.
          const { error = 'OPERATIONFAILED', reason, detail } = ref.getSnapshot().context;
          const why = reason ? `: ${reason}` : '';
          opening.reject(new XtapiError(error ?? 'OPERATIONFAILED', `line ${deviceId} could not be opened: LINEERR_${error ?? 'OPERATIONFAILED'}${why}`, detail ?? undefined));
        }
      };
      ref.on('line.state', ({ state }) => settle(state));
      settle(typeof ref.getSnapshot().value === 'string' ? (ref.getSnapshot().value as string) : '');
    });
    this.actor.on('line.refused', ({ deviceId, error }) => {
      const opening = this.opening.get(deviceId);
      if (!opening) return;
      this.opening.delete(deviceId);
      const why = error === 'BADDEVICEID' ? 'there is no such device' : error === 'ALLOCATED' ? 'it is already open' : 'the telephony is shutting down';
      opening.reject(new XtapiError(error, `line ${deviceId} cannot be opened: ${why}`));
    });
    this.actor.on('line.removed', ({ deviceId }) => this.open.delete(deviceId));
    this.actor.start();
  }

  /**
   * Open a line device; resolves with the line once the provider has opened it. Calls that
   * arrive on it come as the line's `incoming` events (and `line.incoming()`).
   * Rejects with BADDEVICEID (no such device), ALLOCATED (already open) or the provider's error.
   *
   * @example
   * ```ts
   * const line = await telephony.openLine(0);
   * const answering = await telephony.openLine(1, { autoAnswer: { afterMs: 2_000 } });
   * ```
   */
  openLine(deviceId: number, options: OpenLineOptions = {}): Promise<Line> {
    if (this.stopping) return Promise.reject(new XtapiError('SHUTDOWN', 'the telephony is shut down'));
    if (this.opening.has(deviceId) || this.open.has(deviceId)) {
      return Promise.reject(new XtapiError('ALLOCATED', `line ${deviceId} cannot be opened: it is already open`));
    }
    return new Promise((resolve, reject) => {
      this.opening.set(deviceId, { resolve, reject, options });
      // `true` is the call's own business: its chart goes on from offering to answering in one
      // step. `{ afterMs }` is the line's: a timer once the application has seen the call offered.
      this.actor.send({ type: 'LINE.OPEN', deviceId, autoClear: options.autoClear ?? true, autoAnswer: options.autoAnswer === true, transferRequests: options.transferRequests ?? 'refuse' });
    });
  }

  /**
   * Where the inspector can be seen, once it is connected (undefined when `inspect` is off or is
   * a plain observer); rejects if it could not start.
   *
   * @example
   * ```ts
   * const telephony = createTelephony({ inspect: { port: 8080 } });
   * console.log(`inspector: ${(await telephony.inspector)?.pageUrl}`);
   * ```
   */
  get inspector(): Promise<InspectorInfo | undefined> {
    return this.inspection?.ready ?? Promise.resolve(undefined);
  }

  /** What a telephony is, in a line: `console.log(telephony)` shows this, not the actors. */
  toJSON(): { providers: string[]; devices: number; openLines: number[]; shutDown: boolean } {
    return { providers: this.providers.map((p) => p.name), devices: this.devices.length, openLines: [...this.open.keys()], shutDown: this.stopping !== null };
  }

  /** `console.log(telephony)` and `util.inspect(telephony)`: the summary of {@link Telephony.toJSON}. */
  [inspect.custom](): string {
    const { providers, devices, openLines, shutDown } = this.toJSON();
    return `Telephony [${providers.join(', ')}] ${devices} device(s), open: [${openLines.join(', ')}]${shutDown ? ', shut down' : ''}`;
  }

  /** The open line for a device, if it is open. */
  line(deviceId: number): Line | undefined {
    return this.open.get(deviceId);
  }

  /**
   * Close every line (dropping their calls), stop every actor and shut every provider down;
   * resolves when nothing is left. Calling it again returns the same promise.
   *
   * @example
   * ```ts
   * await telephony.shutdown();
   * ```
   */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        if (this.actor.getSnapshot().status !== 'active') return resolve();
        this.actor.subscribe({ complete: () => resolve(), error: () => resolve() });
        this.actor.send({ type: 'SHUTDOWN' });
      });
      this.actor.stop();
      await this.inspection?.stop();
      for (const opening of this.opening.values()) opening.reject(new XtapiError('SHUTDOWN', 'the telephony is shut down'));
      this.opening.clear();
      this.open.clear();
      await Promise.all(this.providers.map((provider) => provider.shutdown()));
    })();
    return this.stopping;
  }
}

/**
 * Create a telephony over providers: the root of everything else.
 *
 * Say which providers: without `providers` the telephony runs on the simulated switch (calls
 * that reach nobody), and the first telephony of the process created that way emits a one-time
 * process warning with the code `XTAPI_SIMULATED_DEFAULT` (`createTapi2()` and `createTapi3()`
 * without providers too). Passing the simulated provider explicitly, as below, is silent.
 *
 * @example
 * ```ts
 * import { createTelephony } from 'xtapi';
 * import { simulatedProvider } from 'xtapi/providers/simulated';
 *
 * const telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant' })] });
 * const line = await telephony.openLine(0);
 * const call = await line.makeCall('5550111');
 * await call.until('connected');
 * console.log((await call.drop()).mode); // 'NORMAL'
 * await telephony.shutdown();
 * ```
 */
export function createTelephony(options: TelephonyOptions = {}): Telephony {
  return new Telephony(options);
}

