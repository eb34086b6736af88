/**
 * The TAPI object (ITTAPI): Initialize, the addresses, the event filter and sinks, call
 * notifications, Shutdown. It sits on a telephony (the modern API's root), either its own or one
 * shared with the other faces, and keeps only what TAPI's own object keeps: which lines it
 * opened, the registrations, the sinks, and the call objects the application has not Released.
 */
import type { Subscription } from 'xstate';
import { type CallActorRef, callsOf } from '../../machines/line.js';
import type { LineActorRef } from '../../machines/telephony.js';
import type { Clock, Provider } from '../../providers/provider.js';
import { XtapiError } from '../phone/errors.js';
import { createTelephony, type Telephony } from '../phone/telephony.js';
import { type AddressHost, type ITAddress, TapiAddress } from './address.js';
import { type CallHost, type ITCall, TapiCall } from './call.js';
import { toBool } from './variant-bool.js';
import { AE_STATE, AS_INSERVICE, AS_OUTOFSERVICE, CNE_MONITOR, CNE_OWNER, CP_MONITOR, CP_OWNER, TE_ADDRESS, TE_CALLNOTIFICATION } from './constants.js';
import { EventHub, type ITTAPIEventNotification, TE_ALL } from './events.js';
import { E_INVALIDARG, E_UNEXPECTED, S_OK, TAPI_E_INVALIDMEDIATYPE, TAPI_E_NOT_INITIALIZED, TAPI_E_SERVICE_NOT_RUNNING } from './hresults.js';
import { mediaTypeOfMode, supportsMediaTypes } from './media-types.js';
import { TapiError } from './tapi-error.js';
import { AddressEvent, CallNotificationEvent } from './event-objects.js';
import { INSPECT, oneLine, teBits } from './summaries.js';
import { TWO_MINUTES, withinTimeout } from './two-minute-rule.js';

/**
 * Options of {@link createTapi3}: providers (and a clock) for a telephony of its own, or a
 * telephony to share with the other faces.
 *
 * @example
 * ```ts
 * createTapi3({ providers: [simulatedProvider()], clock: new ManualClock(), timeout: 120_000 });
 * createTapi3({ telephony }); // shared with createTapi2({ telephony }) and the modern API
 * ```
 */
export type Tapi3Options =
  | {
      /** The providers (default: one simulated provider). */
      providers?: readonly Provider[];
      /** The time source for every timer, the two-minute rule's included (default: the real clock). */
      clock?: Clock;
      /** How long a provider may take to accept a make or confirm a drop (ms; the core's default 30 s). */
      providerTimeout?: number;
      telephony?: undefined;
      /** The two-minute rule's interval in ms (default 120 000). */
      timeout?: number;
    }
  | {
      /** A telephony shared with other faces; its clock is used. Shutdown leaves it running. */
      telephony: Telephony;
      providers?: undefined;
      clock?: undefined;
      providerTimeout?: undefined;
      timeout?: number;
    };

/**
 * ITTAPI: the root object of a TAPI 3 application.
 *
 * @example
 * ```ts
 * const tapi = createTapi3({ providers: [simulatedProvider({ timing: 'instant' })] });
 * await tapi.Initialize();                 // S_OK
 * tapi.EventFilter = TE_CALLSTATE;
 * const cookie = tapi.Advise({ Event: (type, event) => console.log(type, event) });
 * const address = tapi.Addresses[0];
 * // … CreateCall, Connect, Disconnect, Release …
 * tapi.Unadvise(cookie);
 * await tapi.Shutdown();                   // S_OK
 * ```
 */
export interface ITTAPI {
  /** Open the addresses' lines; S_OK once each is open or known to be out of service (at most the two-minute interval). */
  Initialize(): Promise<number>;
  /** Release every call, close the lines it opened (and its own telephony); S_OK. No event is delivered once it has begun. */
  Shutdown(): Promise<number>;
  /** The addresses, one per line device (throws TAPI_E_NOT_INITIALIZED before Initialize). */
  readonly Addresses: ITAddress[];
  /** The TE_ bits of the events the sinks receive; 0 (the default) means none. A bad mask throws E_INVALIDARG. */
  EventFilter: number;
  /**
   * Ask for call notifications on an address: with `fOwner`, a call that arrives there is this
   * application's, told by TE_CALLNOTIFICATION / CNE_OWNER (then TE_CALLSTATE CS_OFFERING: answer
   * it with Answer, turn it down with Disconnect); with `fMonitor`, a call another application
   * (or another face) makes or takes there appears as CNE_MONITOR. Returns the
   * registration for UnregisterNotifications; throws TAPI_E_NOT_INITIALIZED, E_INVALIDARG or
   * TAPI_E_INVALIDMEDIATYPE.
   */
  RegisterCallNotifications(pAddress: ITAddress, fMonitor: boolean | number, fOwner: boolean | number, lMediaTypes: number, lCallbackInstance: number): number;
  /** Undo a RegisterCallNotifications; S_OK, or E_INVALIDARG for an unknown registration. */
  UnregisterNotifications(lRegister: number): number;
  /** Register an event sink (ITTAPIEventNotification via IConnectionPoint::Advise); returns its cookie. */
  Advise(sink: ITTAPIEventNotification): number;
  /** Unregister a sink; S_OK, or CONNECT_E_NOCONNECTION for an unknown cookie. */
  Unadvise(cookie: number): number;
  /** The telephony underneath, to share with the other faces or inspect with XState tools. */
  readonly telephony: Telephony;
}

interface Registration {
  address: ITAddress;
  monitor: boolean;
  owner: boolean;
  mediaTypes: number;
  callbackInstance: number;
}


/** @internal The TAPI object. Use {@link createTapi3}. */
class Tapi implements ITTAPI, CallHost, AddressHost {
  readonly telephony: Telephony;
  readonly clock: Clock;
  readonly timeout: number;
  readonly events = new EventHub();
  private readonly ownsTelephony: boolean;
  /** Set while this application creates a call, so its own new call is not taken for another's. */
  private creating = false;
  private addresses: TapiAddress[] = [];
  private readonly calls = new Set<TapiCall>();
  private readonly registrations = new Map<number, Registration>();
  private nextRegistration = 1;
  private readonly opened = new Set<number>();
  /** The ADDRESS_STATE last reported per address, so AE_STATE fires on a change only. */
  private readonly addressStates = new Map<TapiAddress, number>();
  private readonly watched = new WeakSet<LineActorRef>();
  private readonly subscriptions: Subscription[] = [];
  private initializing: Promise<number> | null = null;
  private initialized = false;
  private stopping: Promise<number> | null = null;

  constructor(options: Tapi3Options) {
    const timeout = options.timeout ?? TWO_MINUTES;
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0 || timeout > 2 ** 31 - 1) {
      throw new RangeError(`timeout must be a number of milliseconds > 0, not ${String(timeout)}`);
    }
    this.timeout = timeout;
    if (options.telephony) {
      if (options.providers || options.clock || options.providerTimeout !== undefined) {
        throw new TypeError('give createTapi3 either a telephony or providers/clock/providerTimeout, not both');
      }
      this.telephony = options.telephony;
      this.ownsTelephony = false;
    } else {
      this.telephony = createTelephony({ providers: options.providers, clock: options.clock, providerTimeout: options.providerTimeout });
      this.ownsTelephony = true;
    }
    this.clock = this.telephony.clock;
  }

  get usable(): boolean {
    return this.initialized && !this.stopping;
  }

  assertInitialized(): void {
    if (!this.usable) throw new TapiError(TAPI_E_NOT_INITIALIZED, this.stopping ? 'the TAPI object is shut down' : 'call Initialize first');
  }

  Initialize(): Promise<number> {
    if (this.stopping) return Promise.resolve(E_UNEXPECTED);
    this.initializing ??= this.initialize();
    return this.initializing;
  }

  private async initialize(): Promise<number> {
    const telephony = this.telephony;
    // Watch every line that opens from now on, whoever opens it, for calls to monitor.
    this.subscriptions.push(
      telephony.actor.on('line.spawned', ({ id }) => this.watch(telephony.actor.getSnapshot().context.lines[id])),
    );
    // And every line already there, open or still opening (another face may be opening it).
    for (const ref of Object.values(telephony.actor.getSnapshot().context.lines)) this.watch(ref);
    let shutDown = false;
    const openings = telephony.devices.map((device) => {
      if (telephony.line(device.deviceId)) return Promise.resolve();
      return telephony.openLine(device.deviceId).then(
        (line) => {
          this.opened.add(device.deviceId);
          if (this.stopping) void line.close(); // opened after Shutdown began
        },
        (error: unknown) => {
          // A line that cannot be opened (ALLOCATED by someone else, or the provider refused)
          // leaves its address out of service; a telephony that is shut down leaves TAPI none.
          if (error instanceof XtapiError && error.code === 'SHUTDOWN') shutDown = true;
        },
      );
    });
    // Initialize waits for the lines at most the two-minute interval; an address whose line is
    // still opening then is AS_OUTOFSERVICE until it opens.
    await withinTimeout(this.clock, this.timeout, (done) => {
      void Promise.all(openings).then(() => done(S_OK));
      return () => {};
    });
    if (shutDown) return TAPI_E_SERVICE_NOT_RUNNING;
    if (this.stopping) return E_UNEXPECTED;
    this.addresses = telephony.devices.map((device) => new TapiAddress(device, this));
    for (const address of this.addresses) this.addressStates.set(address, address.State);
    this.initialized = true;
    return S_OK;
  }

  /** Follow a line's new calls, to notify monitors of the calls others make there. */
  private watch(ref: LineActorRef | undefined): void {
    if (!ref || this.watched.has(ref)) return;
    this.watched.add(ref);
    this.subscriptions.push(
      ref.on('call.created', ({ slot }) => {
        if (this.creating || !this.usable) return; // our own calls need no notification
        const call = callsOf(ref.getSnapshot())[slot];
        if (call) this.notify(call, ref.getSnapshot().context.deviceId, false);
      }),
      // A call that arrives: the application's, if it registered as owner; else watched.
      ref.on('call.offered', ({ slot }) => {
        if (!this.usable) return;
        const call = callsOf(ref.getSnapshot())[slot];
        if (call) this.notify(call, ref.getSnapshot().context.deviceId, true);
      }),
      // The address's state follows its line: open and in service, or not.
      ref.on('line.state', ({ deviceId, state }) => this.addressState(deviceId, state === 'open' ? AS_INSERVICE : AS_OUTOFSERVICE)),
      ref.on('line.service', ({ deviceId, inService }) => this.addressState(deviceId, inService ? AS_INSERVICE : AS_OUTOFSERVICE)),
    );
  }

  /** An address's ADDRESS_STATE is now `state`: on a change, TE_ADDRESS with AE_STATE (ITAddressEvent). */
  private addressState(deviceId: number, state: number): void {
    const address = this.addresses[deviceId];
    if (!address || !this.usable || this.addressStates.get(address) === state) return;
    this.addressStates.set(address, state);
    this.events.post(TE_ADDRESS, new AddressEvent(address, AE_STATE));
  }

  /**
   * A call the application did not create appeared on a line: one someone else made there, or
   * one that arrived. If the application registered for its address and media type, it gets a
   * call object and a TE_CALLNOTIFICATION, then the call's CALL_STATE (CS_OFFERING for one that
   * arrived). A call that arrived is the application's own (CP_OWNER, CNE_OWNER) when it
   * registered as owner; otherwise, as any other call, it is watched (CP_MONITOR, CNE_MONITOR).
   */
  private notify(ref: CallActorRef, deviceId: number, arrived: boolean): void {
    const address = this.addresses[deviceId];
    if (!address) return;
    const mediaType = mediaTypeOfMode(ref.getSnapshot().context.params.mediaMode);
    const registrations = [...this.registrations.values()].reverse().filter((r) => r.address === address && (r.mediaTypes & mediaType) !== 0);
    const owner = arrived ? registrations.find((r) => r.owner) : undefined;
    const registration = owner ?? registrations.find((r) => r.monitor);
    if (!registration) return;
    const call = new TapiCall(ref, address.device, address, owner ? CP_OWNER : CP_MONITOR, this);
    this.calls.add(call);
    this.events.post(TE_CALLNOTIFICATION, new CallNotificationEvent(call, owner ? CNE_OWNER : CNE_MONITOR, registration.callbackInstance));
    call.catchUp();
  }

  createOwn<T>(create: () => T): T {
    this.creating = true;
    try {
      return create();
    } finally {
      this.creating = false;
    }
  }

  own(ref: CallActorRef, address: TapiAddress): ITCall {
    const call = new TapiCall(ref, address.device, address, CP_OWNER, this);
    this.calls.add(call);
    return call;
  }

  forget(call: TapiCall): void {
    this.calls.delete(call);
  }

  callsOn(address: TapiAddress): ITCall[] {
    return [...this.calls].filter((call) => call.Address === address);
  }

  callbackInstance(address: ITAddress): number {
    let instance = 0;
    for (const registration of this.registrations.values()) if (registration.address === address) instance = registration.callbackInstance;
    return instance;
  }

  get Addresses(): ITAddress[] {
    this.assertInitialized();
    return [...this.addresses];
  }

  get EventFilter(): number {
    return this.events.eventFilter;
  }

  set EventFilter(mask: number) {
    this.assertInitialized();
    if (typeof mask !== 'number' || !Number.isInteger(mask) || (mask & ~TE_ALL) !== 0 || mask < 0) {
      throw new TapiError(E_INVALIDARG, `${String(mask)} is not a mask of TE_ values`);
    }
    this.events.eventFilter = mask;
  }

  RegisterCallNotifications(pAddress: ITAddress, fMonitor: boolean | number, fOwner: boolean | number, lMediaTypes: number, lCallbackInstance: number): number {
    this.assertInitialized();
    const address = this.addresses.find((a) => a === pAddress);
    if (!address) throw new TapiError(E_INVALIDARG, 'pAddress is not one of this TAPI object\'s addresses');
    const monitor = toBool(fMonitor);
    const owner = toBool(fOwner);
    if (monitor === null || owner === null) throw new TapiError(E_INVALIDARG, 'fMonitor and fOwner must be booleans (or VARIANT_TRUE / VARIANT_FALSE)');
    if (!monitor && !owner) throw new TapiError(E_INVALIDARG, 'ask for at least one of monitor and owner');
    if (!supportsMediaTypes(address.device, lMediaTypes)) throw new TapiError(TAPI_E_INVALIDMEDIATYPE, `${address.AddressName} does not support media types ${String(lMediaTypes)}`);
    if (typeof lCallbackInstance !== 'number' || !Number.isInteger(lCallbackInstance) || (lCallbackInstance | 0) !== lCallbackInstance) {
      throw new TapiError(E_INVALIDARG, 'lCallbackInstance must be a 32-bit integer');
    }
    const id = this.nextRegistration++;
    this.registrations.set(id, { address, monitor, owner, mediaTypes: lMediaTypes, callbackInstance: lCallbackInstance });
    return id;
  }

  UnregisterNotifications(lRegister: number): number {
    return this.registrations.delete(lRegister) ? S_OK : E_INVALIDARG;
  }

  /** What the TAPI object is: what JSON.stringify and console.log show. */
  toJSON() {
    return { Initialized: this.initialized, Addresses: this.addresses.length, EventFilter: this.events.eventFilter, Sinks: this.events.sinkCount, Calls: this.calls.size, Registrations: this.registrations.size };
  }

  [INSPECT]() {
    const json = this.toJSON();
    return oneLine('ITTAPI', { ...json, EventFilter: teBits(json.EventFilter) });
  }

  Advise(sink: ITTAPIEventNotification): number {
    return this.events.advise(sink);
  }

  Unadvise(cookie: number): number {
    return this.events.unadvise(cookie);
  }

  Shutdown(): Promise<number> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<number> {
    this.events.close();
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
    // Every call still held is Released: owned calls are abandoned at the provider.
    const owned = [...this.calls].filter((call) => call.Privilege === CP_OWNER);
    for (const call of [...this.calls]) call.Release();
    await withinTimeout(this.clock, this.timeout, (done) => {
      void Promise.all(owned.map((call) => call.ended())).then(() => done(S_OK));
      return () => {};
    });
    this.registrations.clear();
    if (this.ownsTelephony) {
      await this.telephony.shutdown();
    } else {
      await Promise.all([...this.opened].map((deviceId) => this.telephony.line(deviceId)?.close()));
    }
    this.opened.clear();
    return S_OK;
  }
}

/**
 * Create the TAPI object (TAPI 3's `CoCreateInstance(CLSID_TAPI)`): over providers of its own, or
 * over an existing telephony shared with the TAPI 2 face and the modern API.
 *
 * @example
 * ```ts
 * import { createTapi3, S_OK } from 'xtapi/tapi3';
 * import { simulatedProvider } from 'xtapi/providers/simulated';
 *
 * const tapi = createTapi3({ providers: [simulatedProvider({ timing: 'instant' })] });
 * (await tapi.Initialize()) === S_OK; // true
 * tapi.Addresses[0].AddressName;      // 'Simulated line 0'
 * await tapi.Shutdown();
 * ```
 */
export function createTapi3(options: Tapi3Options = {}): ITTAPI {
  return new Tapi(options);
}
