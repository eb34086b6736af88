/**
 * An open line, as the modern API shows it: a thin handle on the line supervisor actor.
 */
import { inspect } from 'node:util';
import type { Subscription } from 'xstate';
import type { CallActorRef, LineEmitted, LineServiceChange, LineState } from '../../machines/line.js';
import type { LineActorRef } from '../../machines/telephony.js';
import { activeCalls, freeSlot } from '../../machines/line.js';
import type { Clock, LineDevice } from '../../providers/provider.js';
import { Call } from './call.js';
import { type CallListeners, listenToCallAll } from './call-events.js';
import { type CallOptions, prepareCall } from './call-options.js';
import { XtapiError } from './errors.js';

/** Options of `line.makeCall()` and `line.createCall()`. */
export interface MakeCallOptions extends CallOptions {
  /**
   * Drop the call at once when the far end has gone (busy or disconnected), so that it ends by
   * itself with the far end's cause (default true). TAPI 2 applications set it false and drop.
   */
  autoClear?: boolean;
  /**
   * Listeners for the call's events, attached when the call is created, before its first step:
   * `state` sees every state from `placing` on (dial tone, dialling, …), including those that
   * pass before `makeCall` resolves, which a listener added after it has missed.
   *
   * @example
   * ```ts
   * await line.makeCall('5550111', { on: { state: ({ state }) => console.log(state), ended: ({ cause }) => console.log(cause.mode) } });
   * ```
   */
  on?: CallListeners;
  /**
   * The call is made for the far end of call `transferOf`, which asked for it (a SIP REFER):
   * `request.accept()` of a `transferRequested` event sets it; the provider tells that far end
   * how this call goes (SIP: NOTIFYs) and tells the target who sent us (Referred-By).
   */
  transferOf?: string;
}

/** A line's status: LINEDEVSTATUS, from the line supervisor. */
export interface LineStatus {
  state: LineState;
  /** LINEDEVSTATUSFLAGS_INSERVICE: the line is open and its provider has it in service. */
  inService: boolean;
  /** Why the provider took the open line out of service (its message); null otherwise. */
  outOfService: string | null;
  /** dwNumActiveCalls. */
  activeCalls: number;
  /** LINEFEATURE_MAKECALL: a call can be made now (open, in service, a call appearance free). */
  canMakeCall: boolean;
}

/** The events a {@link Line} delivers, by name. */
export interface LineEventMap {
  /**
   * The line went out of service (with the provider's message) or came back: TAPI's
   * LINE_LINEDEVSTATE with LINEDEVSTATE_OUTOFSERVICE / LINEDEVSTATE_INSERVICE.
   */
  service: LineServiceChange;
  /**
   * A call arrived and is offered to you (LINECALLSTATE_OFFERING): answer it, accept it (let it
   * ring), or reject it. Delivered before anything else can happen to the call.
   */
  incoming: Call;
}

/** @internal What a line needs from its telephony. */
export interface LineHost {
  newCallId(): string;
  closeLine(deviceId: number): void;
  /** The telephony's clock (for answering after a delay). */
  clock: Clock;
  /** Answer every call that arrives: at once, or after `afterMs`. */
  autoAnswer: boolean | { afterMs: number };
}

/** The call, with the listeners of `options.on` attached (before anything reaches it). */
function listening(call: Call, options: MakeCallOptions, line: Line): Call {
  if (options.on) listenToCallAll(call.actor, options.on, line);
  return call;
}

interface Waiting {
  resolve(ref: CallActorRef): void;
  reject(error: XtapiError): void;
}

/** An open line. Get one from `telephony.openLine()`. */
export class Line {
  private readonly waiting = new Map<string, Waiting>();
  /** Who hears of calls that arrive: `on('incoming')` handlers and `incoming()` iterators. */
  private readonly arrivals = new Set<(call: Call | null) => void>();

  /** @internal */
  constructor(
    /** The line supervisor actor, for XState users. */
    readonly actor: LineActorRef,
    /** The line's capabilities. */
    readonly device: LineDevice,
    private readonly host: LineHost,
  ) {
    actor.on('call.created', ({ callId, slot }) => {
      const waiting = this.waiting.get(callId);
      if (!waiting) return;
      this.waiting.delete(callId);
      waiting.resolve(actor.getSnapshot().children[slot] as CallActorRef);
    });
    actor.on('call.offered', ({ slot }) => this.offered(actor.getSnapshot().children[slot] as CallActorRef));
    actor.on('call.refused', ({ callId, error }) => {
      const waiting = this.waiting.get(callId);
      if (!waiting) return;
      this.waiting.delete(callId);
      waiting.reject(new XtapiError(error, this.refusal(error)));
    });
    // A line that has ended answers nothing more: whoever still waits is refused.
    actor.subscribe({
      complete: () => {
        for (const waiting of this.waiting.values()) waiting.reject(new XtapiError('INVALLINESTATE', 'the line is closed'));
        this.waiting.clear();
        // The iterators of arriving calls end with the line.
        for (const arrival of [...this.arrivals]) arrival(null);
      },
    });
  }

  /** What a line is, in a line: `console.log(line)` shows this, not the actor's internals. */
  toJSON(): { deviceId: number; name: string; address: string } & LineStatus {
    return { deviceId: this.deviceId, name: this.device.name, address: this.device.address, ...this.status };
  }

  /** `console.log(line)` and `util.inspect(line)`: the summary of {@link Line.toJSON}. */
  [inspect.custom](): string {
    const { deviceId, name, state, inService, activeCalls } = this.toJSON();
    return `Line ${deviceId} "${name}" ${state}${state === 'open' && !inService ? ' (out of service)' : ''}, ${activeCalls} call(s)`;
  }

  /** The telephony's clock: every timer and timestamp of the line and its calls runs on it. */
  get clock(): Clock {
    return this.host.clock;
  }

  /** The telephony-wide device id of the line. */
  get deviceId(): number {
    return this.actor.getSnapshot().context.deviceId;
  }

  /** The line's status now. */
  get status(): LineStatus {
    const snapshot = this.actor.getSnapshot();
    const state = (typeof snapshot.value === 'string' ? snapshot.value : 'open') as LineState;
    const inService = snapshot.matches({ open: 'inService' });
    return {
      state,
      inService,
      outOfService: snapshot.context.outOfService,
      activeCalls: activeCalls(snapshot),
      canMakeCall: inService && freeSlot(snapshot) !== null,
    };
  }

  /**
   * Listen to the line's events; returns the function that stops listening.
   *
   * @example
   * ```ts
   * const off = line.on('service', ({ inService, message }) => console.log(inService ? 'back in service' : `out of service: ${message}`));
   * ```
   */
  on<K extends keyof LineEventMap>(type: K, handler: (event: LineEventMap[K]) => void): () => void {
    if (type === 'incoming') {
      const arrival = (call: Call | null) => {
        if (call) (handler as (call: Call) => void)(call);
      };
      this.arrivals.add(arrival);
      return () => void this.arrivals.delete(arrival);
    }
    const subscription: Subscription = this.actor.on('line.service', handler as (event: LineEmitted) => void);
    return () => subscription.unsubscribe();
  }

  /**
   * The calls that arrive on the line from now on, one by one, until the line closes (or the
   * loop is left).
   *
   * @example
   * ```ts
   * for await (const call of line.incoming()) {
   *   console.log(`call from ${call.caller?.number}`);
   *   await call.answer();
   * }
   * ```
   */
  incoming(): AsyncIterableIterator<Call> {
    const queue: Call[] = [];
    let wake: ((result: IteratorResult<Call>) => void) | null = null;
    let done = this.actor.getSnapshot().status !== 'active';
    const arrival = (call: Call | null) => {
      if (call === null) done = true;
      else queue.push(call);
      if (!wake) return;
      const resolve = wake;
      wake = null;
      const next = queue.shift();
      resolve(next ? { value: next, done: false } : { value: undefined, done: true });
    };
    if (!done) this.arrivals.add(arrival);
    const end = (): Promise<IteratorResult<Call>> => {
      done = true;
      this.arrivals.delete(arrival);
      return Promise.resolve({ value: undefined, done: true });
    };
    return {
      next: () => {
        const call = queue.shift();
        if (call) return Promise.resolve({ value: call, done: false });
        if (done) return end();
        return new Promise((resolve) => (wake = resolve));
      },
      return: end,
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** A call arrived: its handle goes to whoever listens, and it is answered if the line says so. */
  private offered(ref: CallActorRef | undefined): void {
    if (!ref) return;
    const call = new Call(ref, this.device, this);
    for (const arrival of [...this.arrivals]) arrival(call);
    const policy = this.host.autoAnswer;
    // `true`: the call answered itself as it was offered (its chart does; see Telephony.openLine).
    if (policy === false || policy === true) return;
    const answer = () => {
      if (call.features.answer) call.answer().catch(() => {});
    };
    if (policy.afterMs <= 0) return answer();
    const timer = this.host.clock.setTimeout(answer, policy.afterMs);
    // A call that ends first takes its answer timer with it.
    void call.ended().then(() => this.host.clock.clearTimeout(timer));
  }

  /** Why the line refused a call, in words. */
  private refusal(error: string): string {
    if (error === 'CALLUNAVAIL') return 'every call appearance on the line is in use';
    const why = this.actor.getSnapshot().context.outOfService;
    return why === null ? 'the line is not open' : `the line is out of service: ${why}`;
  }

  /**
   * Create a call on the line without placing it (TAPI 3's ITAddress.CreateCall): it stays idle
   * until `call.request({ type: 'MAKE' })`. Most applications want {@link Line.makeCall}.
   * Rejects with LINEERR_ codes: INVALADDRESS or a DIAL* for a bad address, CALLUNAVAIL when
   * the line is at its limit, INVALLINESTATE when the line is not open or out of service.
   *
   * @example
   * ```ts
   * const call = await line.createCall('5550111');
   * call.state; // 'idle'
   * await call.request({ type: 'MAKE' });
   * ```
   */
  createCall(address: string | null, options: MakeCallOptions = {}): Promise<Call> {
    return new Promise((resolve, reject) => this.spawnCall(address, options, (call) => resolve(listening(call, options, this)), reject));
  }

  /**
   * Create a call on the line and return it at once (TAPI 3's synchronous ITAddress.CreateCall).
   * Throws an {@link XtapiError}: INVALADDRESS or a DIAL* for a bad address, CALLUNAVAIL at the
   * line's limit, INVALLINESTATE when the line is not open or out of service, and INUSE when the
   * line supervisor is busy with an event of its own (which only happens when this is called from
   * inside a core listener; call it again afterwards).
   *
   * @example
   * ```ts
   * const call = line.createCallNow('5550111');
   * call.state; // 'idle'
   * ```
   */
  createCallNow(address: string | null, options: MakeCallOptions = {}): Call {
    let call: Call | undefined;
    let error: XtapiError | undefined;
    let late = false;
    this.spawnCall(
      address,
      options,
      (created) => {
        // Created after we gave up: nobody holds it, so let it go at once.
        if (late) created.actor.send({ type: 'DROP' });
        else call = listening(created, options, this);
      },
      (refused) => {
        error = refused;
      },
    );
    if (error) throw error;
    if (call) return call;
    late = true;
    throw new XtapiError('INUSE', 'the line is busy with an event of its own; create the call again afterwards');
  }

  /**
   * Place a call; resolves once the provider has accepted it (TAPI's LINE_REPLY), which is not
   * the same as connected: follow the call with `call.until()` or its events. The make reaches
   * the provider within this call, so a test's clock can move right after it. Rejects with an
   * {@link XtapiError}: INVALLINESTATE while the line is out of service (`line.status.inService`).
   * States pass while the make is pending (dial tone, dialling): to see them, give the listeners
   * as `options.on`, which are attached before the call's first step.
   *
   * @example
   * ```ts
   * const call = await line.makeCall('+1 (425) 555-0111', {
   *   noAnswerTimeout: 30_000,
   *   on: { state: ({ state, mode }) => console.log(state, mode) }, // placing, dialtone, dialing, …
   * });
   * await call.until('connected');
   * await call.drop();
   * ```
   */
  makeCall(address: string | null, options: MakeCallOptions = {}): Promise<Call> {
    return new Promise((resolve, reject) =>
      this.spawnCall(address, options, (call) => listening(call, options, this).request({ type: 'MAKE' }).then(() => resolve(call), reject), reject),
    );
  }

  /**
   * Ask the line supervisor for a call actor, the way every face creates its calls. `created`
   * runs as soon as the actor exists, before anything reaches it (usually within this call; later
   * only when this is called from inside a core listener), so a face can listen from the first
   * event on; `refused` runs with the LINEERR_ otherwise. Exactly one of the two runs.
   *
   * @example
   * ```ts
   * line.spawnCall('5550111', { autoClear: false }, (call) => {
   *   call.on('state', ({ state }) => console.log(state));
   *   call.actor.send({ type: 'MAKE', request: 1 });
   * }, (error) => console.error(error.code));
   * ```
   */
  spawnCall(address: string | null, options: MakeCallOptions, created: (call: Call) => void, refused: (error: XtapiError) => void): void {
    const prepared = prepareCall(address, options, this.device);
    if (!prepared.ok) return refused(new XtapiError(prepared.error, prepared.message));
    if (this.actor.getSnapshot().status !== 'active') return refused(new XtapiError('INVALLINESTATE', 'the line is closed'));
    const callId = this.host.newCallId();
    this.waiting.set(callId, { resolve: (ref) => created(new Call(ref, this.device, this)), reject: refused });
    this.actor.send({
      type: 'CALL.CREATE',
      callId,
      address: prepared.address,
      destination: prepared.destination,
      complete: prepared.complete,
      params: prepared.params,
      autoClear: options.autoClear ?? true,
      transferOf: options.transferOf,
    });
  }

  /**
   * Close the line: its calls are dropped; resolves when every call has ended and the provider
   * has released the line (lineClose).
   *
   * @example
   * ```ts
   * await line.close();
   * telephony.line(0); // undefined: the device can be opened again
   * ```
   */
  close(): Promise<void> {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status !== 'active') return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = this.actor.subscribe({ complete: () => resolve() });
      if (this.actor.getSnapshot().status !== 'active') {
        subscription.unsubscribe();
        resolve();
        return;
      }
      this.host.closeLine(this.deviceId);
    });
  }
}
