/**
 * The inside of one TAPI 2 instance: the telephony it runs over, the applications, the handle
 * table, the shared line devices, request ids, and the work that goes on after a function has
 * returned (lines closing, calls being dropped). The line functions are thin translations over
 * it; none of it holds call state.
 *
 * The telephony: given one (`createTapi2({ telephony })`), the instance uses it and never shuts
 * it down. Given providers, the instance starts a telephony at the first lineInitializeEx and
 * shuts it down, with its providers, when the last application calls lineShutdown, as the
 * telephony service does when its last client leaves; so after the last lineShutdown no actor,
 * timer or call is left. A lineInitializeEx while that shutdown is still under way gets
 * LINEERR_REINIT (lineInitializeEx: initialising is refused until every application has shut
 * down); once it is done, the next lineInitializeEx starts a new telephony over the same
 * providers.
 */
import { type Clock, type Provider, realClock } from '../../providers/provider.js';
import { createTelephony, type Telephony } from '../phone/telephony.js';
import { LINE_CLOSE } from './constants/messages.js';
import {
  LINEERR_INVALAPPHANDLE,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALLINEHANDLE,
  LINEERR_OPERATIONFAILED,
  LINEERR_REINIT,
  LINEERR_UNINITIALIZED,
} from './constants/errors.js';
import { releaseCall } from './call-tracking.js';
import { type AppEntry, type CallEntry, HandleTable, type LineEntry } from './handles.js';
import { type DeviceHost, type DeviceShare, Devices } from './line-devices.js';
import { offerToApplications } from './incoming-calls.js';
import { LINECALLPRIVILEGE_OWNER } from './constants/call.js';
import type { Call } from '../phone/call.js';

/** Options of `createTapi2`. */
export interface Tapi2Options {
  /** The providers of the telephony this instance starts (default: one simulated provider). */
  providers?: readonly Provider[];
  /** The time source of that telephony, and of lineGetMessage's timeouts (default: real time). */
  clock?: Clock;
  /** How long a provider may take to accept a make or confirm a drop, in ms (default 30 000). */
  providerTimeout?: number;
  /** Run over this telephony instead of starting one; it is never shut down by lineShutdown. */
  telephony?: Telephony;
  /**
   * Called when the application's LINECALLBACK throws. The message counts as delivered and
   * delivery goes on. Default: the error is rethrown on a fresh microtask, so it is not lost.
   */
  onCallbackError?: (error: unknown) => void;
}

/** The state of one TAPI 2 instance (not exported from `xtapi/tapi2`). */
export class Tapi2Runtime implements DeviceHost {
  readonly handles = new HandleTable();
  readonly apps = new Set<AppEntry>();
  readonly devices = new Devices(this);
  readonly onCallbackError: (error: unknown) => void;
  private current: Telephony | null;
  private stopping: Promise<void> | null = null;
  private readonly background = new Set<Promise<unknown>>();
  private requestSeq = 0;
  private callSeq = 0;

  constructor(private readonly options: Tapi2Options) {
    this.current = options.telephony ?? null;
    this.onCallbackError =
      options.onCallbackError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
  }

  /** The telephony the applications use. Only called while an application is initialised. */
  get telephony(): Telephony {
    return this.current as Telephony;
  }

  /** The telephony now, if there is one (none before the first lineInitializeEx, or after the last lineShutdown). */
  get currentTelephony(): Telephony | null {
    return this.current;
  }

  get clock(): Clock {
    return this.current?.clock ?? this.options.clock ?? realClock;
  }

  /*
   * Handle lookups. With no application initialised every function says
   * LINEERR_UNINITIALIZED; otherwise a bad handle is LINEERR_INVALAPPHANDLE,
   * LINEERR_INVALLINEHANDLE or LINEERR_INVALCALLHANDLE (each function's return values).
   */

  /** The application of `hLineApp`, or the LINEERR_. */
  app(hLineApp: unknown): AppEntry | number {
    if (this.apps.size === 0) return LINEERR_UNINITIALIZED;
    return this.handles.app(hLineApp) ?? LINEERR_INVALAPPHANDLE;
  }

  /** The open line of `hLine`, or the LINEERR_. */
  line(hLine: unknown): LineEntry | number {
    if (this.apps.size === 0) return LINEERR_UNINITIALIZED;
    return this.handles.line(hLine) ?? LINEERR_INVALLINEHANDLE;
  }

  /** The call of `hCall` (its handle delivered, not deallocated), or the LINEERR_. */
  call(hCall: unknown): CallEntry | number {
    if (this.apps.size === 0) return LINEERR_UNINITIALIZED;
    return this.handles.call(hCall) ?? LINEERR_INVALCALLHANDLE;
  }

  /** lineInitializeEx: make sure a telephony runs; 0 or a LINEERR_. */
  startTelephony(): number {
    const given = this.options.telephony;
    if (given) return given.actor.getSnapshot().status === 'active' ? 0 : LINEERR_OPERATIONFAILED;
    if (this.stopping) return LINEERR_REINIT;
    this.current ??= createTelephony({
      providers: this.options.providers,
      clock: this.options.clock,
      providerTimeout: this.options.providerTimeout,
    });
    return 0;
  }

  /** A new request id: positive, as TAPI's async functions return (wraps before 2^31). */
  nextRequest(): number {
    this.requestSeq = this.requestSeq >= 0x7fffffff ? 1 : this.requestSeq + 1;
    return this.requestSeq;
  }

  /** A new LINECALLINFO dwCallID. */
  nextCallId(): number {
    this.callSeq = this.callSeq >= 0x7fffffff ? 1 : this.callSeq + 1;
    return this.callSeq;
  }

  /** Keep track of work that outlives the function that started it. */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.background.add(settled);
    void settled.then(() => this.background.delete(settled));
  }

  /** Resolves once every line close, call drop and shutdown started so far has finished. */
  async whenIdle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  /**
   * End a line handle: lineClose (`silence`: what is queued about its calls is withdrawn) or a
   * line lost under it (LINE_CLOSE; that comes first). Its calls are released and, being this
   * application's alone, dropped; the last handle on the device closes the line. Either way every
   * request still pending on it gets its LINE_REPLY (see `postReply`).
   */
  closeLine(entry: LineEntry, silence: boolean): void {
    if (entry.closed) return;
    entry.closed = true;
    if (silence) entry.silenced = true;
    this.handles.release(entry.handle);
    entry.app.lines.delete(entry);
    // The calls it owns are dropped with it (it was their sole owner); those it monitors are let go.
    for (const call of entry.calls) releaseCall(this, call, call.privilege === LINECALLPRIVILEGE_OWNER, silence);
    entry.calls.clear();
    this.devices.detach(entry);
    entry.app.queue.prune();
  }

  /** A call arrived on a device: its owner and monitors get their handles (see `incoming-calls.ts`). */
  offered(share: DeviceShare, call: Call): void {
    offerToApplications(this, share.users, call);
  }

  /** The provider refused the line, or it was closed under the handle: LINE_CLOSE, then the handle is gone. */
  forceClose(entry: LineEntry): void {
    if (entry.closed) return;
    entry.app.queue.post({
      hDevice: entry.handle,
      dwMessageID: LINE_CLOSE,
      dwCallbackInstance: entry.callbackInstance,
      dwParam1: 0,
      dwParam2: 0,
      dwParam3: 0,
    });
    this.closeLine(entry, false);
  }

  /** lineShutdown: close the application's lines, stop its messages; the last one out stops an owned telephony. */
  shutdownApp(app: AppEntry): void {
    app.alive = false;
    this.handles.release(app.handle);
    this.apps.delete(app);
    for (const line of [...app.lines]) this.closeLine(line, true);
    app.queue.close();
    if (this.apps.size > 0 || this.options.telephony || !this.current) return;
    const telephony = this.current;
    const stopping = telephony.shutdown().finally(() => {
      if (this.current === telephony) this.current = null;
      this.stopping = null;
    });
    this.stopping = stopping;
    this.track(stopping);
  }
}
