/**
 * Handles: the opaque positive numbers an application holds (hLineApp, hLine, hCall), mapped to
 * what they stand for. This is a map from numbers to objects, not call state: a call's state,
 * mode, features and times are read from its actor whenever the application asks.
 *
 * All three kinds share one counter and a number is not given out again (the counter would have
 * to hand out two billion handles to wrap), so a handle of one kind passed where another is
 * expected, or a stale handle, is always told apart (LINEERR_INVALAPPHANDLE,
 * LINEERR_INVALLINEHANDLE, LINEERR_INVALCALLHANDLE). Handles are 32-bit values in C; the counter
 * starts high enough that a handle is never mistaken for a small integer such as a device id.
 */
import type { CallStateEvent, RequestKind } from '../../machines/events.js';
import type { Gathering } from '../phone/gather.js';
import type { ToneMonitor } from '../phone/tone-monitor.js';
import type { CallActorRef } from '../../machines/line.js';
import type { LineDevice } from '../../providers/provider.js';
import type { MessageQueue } from './messages.js';
import type { Out } from './structures.js';

/** An initialised application (lineInitializeEx). */
export interface AppEntry {
  readonly kind: 'app';
  readonly handle: number;
  /** The friendly name (LINECALLINFO AppName). */
  readonly name: string;
  readonly queue: MessageQueue;
  /** The application's open lines. */
  readonly lines: Set<LineEntry>;
  /** False once lineShutdown has run. */
  alive: boolean;
}

/** One lineOpen: an application's handle on a line device. */
export interface LineEntry {
  readonly kind: 'line';
  readonly handle: number;
  readonly app: AppEntry;
  readonly deviceId: number;
  readonly device: LineDevice;
  /** dwCallbackInstance, returned in every message about this line and its calls. */
  readonly callbackInstance: number;
  /** The LINECALLPRIVILEGE_ bits asked for. */
  readonly privileges: number;
  /** The LINEMEDIAMODE_ bits the application owns (with LINECALLPRIVILEGE_OWNER). */
  readonly mediaModes: number;
  /** The negotiated API version passed to lineOpen. */
  readonly apiVersion: number;
  /** The calls made on this handle that the application has not deallocated. */
  readonly calls: Set<CallEntry>;
  /** lineSetStatusMessages: the LINEDEVSTATE_ changes this handle hears (0: none but REINIT). */
  lineStates: number;
  /** lineSetStatusMessages: the LINEADDRESSSTATE_ changes this handle hears. */
  addressStates: number;
  /** True once lineClose, lineShutdown or LINE_CLOSE has ended this handle. */
  closed: boolean;
  /** True once lineClose or lineShutdown ended it: nothing more about the line itself is delivered. */
  silenced: boolean;
}

/** Creation data of a call that the core has no place for and that never changes. */
export interface CallExtras {
  /** dwCountryCode given to lineMakeCall. */
  readonly countryCode: number;
  /** LINECALLPARAMS DisplayableAddress, CalledParty, Comment, for LINECALLINFO. */
  readonly displayableAddress: string | null;
  readonly calledParty: string | null;
  readonly comment: string | null;
  /** LINECALLPARAMS dwCallParamFlags as given (LINECALLINFO dwCallParamFlags). */
  readonly callParamFlags: number;
}

/**
 * A call the application made. Besides the handle mapping it keeps only what TAPI's message
 * rules need: whether the provider accepted the make (states are reported from then on; the
 * handle itself is bound in the table when the success LINE_REPLY is delivered), the last
 * LINE_CALLSTATE it was sent (a copy of the emitted event, so lineGetCallStatus reports what
 * LINE_CALLSTATE said while the core is in a state TAPI hides, such as `dropping`), and which
 * requests are still waiting for the actor's reply.
 */
export interface CallEntry {
  readonly kind: 'call';
  readonly handle: number;
  readonly line: LineEntry;
  readonly extras: CallExtras;
  /** A number unique to the call in this TAPI instance (LINECALLINFO dwCallID). */
  readonly callId: number;
  /** Where the handle of a call made with lineMakeCall is written (null for one that arrived). */
  readonly lphCall: Out | null;
  /** The application's privilege on the call (LINECALLPRIVILEGE_OWNER, or _MONITOR for a call it only watches). */
  readonly privilege: number;
  /** The call actor, once the line has created it. */
  call: CallActorRef | null;
  /** The provider accepted the make: the call's states are now reported. */
  accepted: boolean;
  /** Deallocated, or its line closed or lost: the handle is invalid and no new message is posted. */
  released: boolean;
  /**
   * Deallocated, or its line closed by the application: the call's messages still queued are
   * withdrawn too. A line lost under the application (LINE_CLOSE) leaves them: they come first.
   */
  silenced: boolean;
  /** The last state reported in LINE_CALLSTATE. */
  reported: CallStateEvent | null;
  /** Requests sent to the actor and not answered yet, by request id. */
  readonly pending: Map<number, RequestKind>;
  /**
   * What to do with the actor's answer to a pending request instead of posting its LINE_REPLY:
   * for the functions whose one LINE_REPLY waits on more than one step (lineSetupTransfer,
   * lineSwapHold). Keyed by request id, as `pending`.
   */
  readonly answers: Map<number, (result: number) => void>;
  /**
   * The call this one is the consultation call of (lineSetupTransfer), or null: a pairing of
   * handles, as TAPI keeps hConsultCall with hCall. When this call ends before the transfer is
   * completed, that call goes back to plain hold (`transfer-functions.ts`).
   */
  consultationFor: CallEntry | null;
  /** The LINEDIGITMODE_ bits this handle monitors (lineMonitorDigits; 0: none). */
  monitorDigits: number;
  /** This handle's lineGatherDigits under way, if any. */
  gathering: Gathering | null;
  /** This handle's lineMonitorTones, if any. */
  toneMonitor: ToneMonitor | null;
  /** Stop listening to the actor. */
  unsubscribe: () => void;
}

/** Any handle's entry. */
export type Entry = AppEntry | LineEntry | CallEntry;

/** The handle table of one TAPI 2 instance. */
export class HandleTable {
  private next = 0x10001;
  private readonly entries = new Map<number, Entry>();

  /** A fresh handle number, not yet bound to anything. */
  reserve(): number {
    const handle = this.next;
    this.next = this.next >= 0x7fffffff ? 0x10001 : this.next + 1;
    return handle;
  }

  /** Bind a handle to its entry: from now on the application may use it. */
  bind(entry: Entry): void {
    this.entries.set(entry.handle, entry);
  }

  /** Forget a handle: from now on it is invalid. */
  release(handle: number): void {
    this.entries.delete(handle);
  }

  app(handle: unknown): AppEntry | undefined {
    const entry = typeof handle === 'number' ? this.entries.get(handle) : undefined;
    return entry?.kind === 'app' ? entry : undefined;
  }

  line(handle: unknown): LineEntry | undefined {
    const entry = typeof handle === 'number' ? this.entries.get(handle) : undefined;
    return entry?.kind === 'line' ? entry : undefined;
  }

  call(handle: unknown): CallEntry | undefined {
    const entry = typeof handle === 'number' ? this.entries.get(handle) : undefined;
    return entry?.kind === 'call' ? entry : undefined;
  }

  /** How many handles are bound (for tests: nothing left after lineShutdown). */
  get size(): number {
    return this.entries.size;
  }
}
