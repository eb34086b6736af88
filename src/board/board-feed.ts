/**
 * What the call board shows, kept up to date from a running telephony: its lines, their calls
 * (state, mode, the chart's state value for highlighting, the cause once ended) and an event log
 * (every event the root, the lines and the calls receive, and every state change).
 *
 * It watches the telephony's actor system through XState's inspection (`system.inspect`), so it
 * can be attached to a telephony at any time; what exists already is read from the snapshots.
 */
import type { Actor, AnyActorRef, AnyStateMachine, InspectionEvent, Subscription } from 'xstate';
import { callMachine } from '../../machines/call.js';
import type { CallCause, CallState } from '../../machines/events.js';
import type { DropMode } from '../../providers/provider.js';
import type { LineState } from '../../machines/line.js';
import { callsOf, lineMachine } from '../../machines/line.js';
import { telephonyMachine } from '../../machines/telephony.js';
import type { Telephony } from '../phone/telephony.js';
import { type HeldBy, heldByOf } from '../phone/hold-transfer.js';
import { REDACTED, maskText } from '../inspect/strip-numbers.js';

/** A line as the board shows it. */
export interface BoardLine {
  deviceId: number;
  name: string;
  provider: string;
  state: LineState;
  /** Why the provider took the open line out of service; null while in service or not open. */
  outOfService: string | null;
}

/** A call as the board shows it. */
export interface BoardCall {
  callId: string;
  deviceId: number;
  /** `in` for a call that arrived, `out` for one made here. */
  direction: 'in' | 'out';
  /** The address called (a call made here), or null. */
  address: string | null;
  /** Who calls (a call that arrived), as the network gave it: number (null when withheld) and name; null for a call made here. */
  caller: { number: string | null; name: string | null } | null;
  state: CallState;
  mode: string | null;
  /** The chart's active state nodes below the root, e.g. `['alerting', 'alerting.ringback']`. */
  active: string[];
  /** Who holds the call: `us` (onHold, onHoldPendTransfer), the `far end` (connected, ACTIVEHELD), or null. */
  heldBy: HeldBy | null;
  /** What the page may ask of it now (the chart's `can()`: TAPI's dwCallFeatures), for its Hold and Unhold buttons. */
  can: { hold: boolean; unhold: boolean };
  cause: CallCause | null;
  /** Clock time of the last change. */
  at: number;
}

/** One line of the event log. */
export interface BoardLogEntry {
  seq: number;
  /** Clock time. */
  at: number;
  deviceId: number | null;
  callId: string | null;
  /** `event` (something an actor received), `state` (a call or line changed state). */
  kind: 'event' | 'state';
  text: string;
}

/** What a provider has dropped or shed (its `counters()`), as the board shows it: only counts that are not zero. */
export interface BoardCounters {
  provider: string;
  counts: Record<string, number>;
}

/** A change, as sent to the page. */
export type BoardUpdate =
  | { type: 'line'; line: BoardLine }
  | { type: 'call'; call: BoardCall }
  | { type: 'log'; entry: BoardLogEntry }
  | { type: 'counters'; counters: BoardCounters };

/** Options of {@link BoardFeed}. */
export interface BoardFeedOptions {
  /** Show no phone numbers (addresses, digits) on the board (default false: it is a local page). */
  stripNumbers?: boolean;
  /** Log entries kept for a page that connects later (default 500). */
  history?: number;
}

const logicOf = (ref: unknown) => (ref as Actor<AnyStateMachine>).logic;

function activeOf(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [`${prefix}${value}`];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [`${prefix}${key}`, ...activeOf(child, `${prefix}${key}.`)]);
}

/** How an event reads in the log; null for XState's own bookkeeping. */
function describeEvent(event: { type: string; [key: string]: unknown }, strip: boolean): string | null {
  const { type } = event;
  if (type === 'xstate.init' || type === 'xstate.stop' || type.startsWith('xstate.done.actor') || type.startsWith('xstate.snapshot')) return null;
  if (type.startsWith('xstate.after.')) return `⏱ ${type.split('.')[2]} ran out`;
  if (type.startsWith('xstate.error.actor')) return 'the provider failed to start';
  const details: string[] = [];
  for (const key of ['mode', 'digits', 'address', 'to', 'consultationCallId', 'kind', 'error', 'ring', 'deviceId'] as const) {
    const value = event[key];
    if (value === undefined || value === null || value === '') continue;
    details.push(`${key === 'consultationCallId' ? 'consultation' : key} ${strip && (key === 'digits' || key === 'address' || key === 'to') ? REDACTED : String(value)}`);
  }
  const incoming = event.incoming as { from?: string | null } | undefined;
  if (incoming) details.push(`from ${strip && incoming.from ? REDACTED : (incoming.from ?? 'a withheld number')}`);
  const detail = event.detail as { code?: number; reason?: string } | undefined;
  if (detail?.code) details.push(`${detail.code}${detail.reason ? ` ${strip ? maskText(detail.reason) : detail.reason}` : ''}`);
  return details.length ? `${type} (${details.join(', ')})` : type;
}

/**
 * The board's state for one telephony, and the stream of its changes (what `startBoard` serves).
 *
 * @example
 * ```ts
 * const feed = new BoardFeed(telephony);
 * feed.subscribe((update) => console.log(update.type === 'call' ? `${update.call.callId} ${update.call.state}` : update.type));
 * feed.snapshot().lines; // every line device, open or not
 * feed.close();
 * ```
 */
export class BoardFeed {
  private readonly lines = new Map<number, BoardLine>();
  private readonly calls = new Map<string, BoardCall>();
  private readonly refs = new Map<string, AnyActorRef>();
  /**
   * The line of each call not shown yet, by call id: learnt as its line receives the call
   * (CALL.CREATE, CALL.OFFERED), before the call actor exists, so the call's first state already
   * knows its line; calls that were there before the feed are read from their lines' children.
   */
  private readonly lineOfCall = new Map<string, number>();
  private readonly log: BoardLogEntry[] = [];
  /** The providers' last counters, by provider index. */
  private readonly counts = new Map<number, BoardCounters>();
  private readonly listeners = new Set<(update: BoardUpdate) => void>();
  private readonly subscription: Subscription;
  private seq = 0;

  constructor(
    private readonly telephony: Telephony,
    private readonly options: BoardFeedOptions = {},
  ) {
    for (const device of telephony.devices) {
      this.lines.set(device.deviceId, { deviceId: device.deviceId, name: device.name, provider: device.providerName, state: 'closed', outOfService: null });
    }
    // What exists already, then everything from now on.
    const root = telephony.actor.getSnapshot();
    for (const line of Object.values(root.context.lines)) {
      this.onLine(line, false);
      const { deviceId } = (line.getSnapshot() as ReturnType<typeof lineMachine.transition>).context;
      for (const call of Object.values(callsOf(line.getSnapshot()))) {
        this.lineOfCall.set((call.getSnapshot() as ReturnType<typeof callMachine.transition>).context.callId, deviceId);
        this.onCall(call, false);
      }
    }
    this.subscription = telephony.actor.system.inspect((event) => this.inspect(event));
    this.refreshCounters();
  }

  /** Everything the board shows now. */
  snapshot(): { lines: BoardLine[]; calls: BoardCall[]; log: BoardLogEntry[]; counters: BoardCounters[] } {
    return { lines: [...this.lines.values()], calls: [...this.calls.values()], log: [...this.log], counters: [...this.counts.values()] };
  }

  /**
   * Read the providers' counters (`Provider.counters`) and send those that changed. Providers do
   * not announce them (a flood would be a flood of updates too): the board server calls this
   * once a second.
   */
  refreshCounters(): void {
    this.telephony.providers.forEach((provider, index) => {
      const read = provider.counters?.();
      if (!read) return;
      const counts = Object.fromEntries(Object.entries(read).filter(([, n]) => n > 0));
      const before = this.counts.get(index);
      if (before && JSON.stringify(before.counts) === JSON.stringify(counts)) return;
      const counters = { provider: provider.name, counts };
      this.counts.set(index, counters);
      this.emit({ type: 'counters', counters });
    });
  }

  /** Listen to changes; returns the function that stops listening. */
  subscribe(listener: (update: BoardUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drop a live call (what the page's Drop button asks for); false when there is no such call. */
  drop(callId: string): boolean {
    return this.command(callId, { type: 'DROP' });
  }

  /**
   * Answer a call that arrived (the page's Answer button; lineAnswer); false when there is no
   * such call or it cannot be answered now (it is not being offered).
   *
   * @example
   * ```ts
   * const callId = sim.offerCall(0, { from: '5550123' })!;
   * feed.answer(callId); // true: the call goes to answering, then connected
   * feed.answer(callId); // false: it is no longer offered
   * ```
   */
  answer(callId: string): boolean {
    return this.command(callId, { type: 'ANSWER' });
  }

  /**
   * Turn down a call that arrived and is not answered yet (the page's Reject button), with the
   * mode the caller is given (default REJECT: SIP 603 Decline; TAPI 3's DC_REJECTED); false when
   * there is no such call or it is not being offered.
   *
   * @example
   * ```ts
   * const callId = sim.offerCall(0, { from: '5550123' })!;
   * feed.reject(callId); // true: the caller is refused with REJECT, the call ends with that cause
   * ```
   */
  reject(callId: string, mode: DropMode = 'REJECT'): boolean {
    const state = this.calls.get(callId)?.state;
    if (state !== 'offering' && state !== 'accepted') return false;
    return this.command(callId, { type: 'DROP', mode });
  }

  /**
   * Hold a connected call (the page's Hold button; lineHold), or take it back (Unhold; lineUnhold);
   * false when there is no such call or its chart does not take it now (the line cannot hold, the
   * call is not connected, or held, or a request of it is pending). The provider's answer shows as
   * the call's state; a refusal shows in the log (PROVIDER.REQUEST_FAILED).
   *
   * @example
   * ```ts
   * feed.hold(callId);   // true: onHold once the provider confirms
   * feed.unhold(callId); // false until then
   * ```
   */
  hold(callId: string): boolean {
    return this.command(callId, { type: 'HOLD' });
  }

  /** Take a call we hold back (the page's Unhold button); see {@link BoardFeed.hold}. */
  unhold(callId: string): boolean {
    return this.command(callId, { type: 'UNHOLD' });
  }

  /** Send a live call a command its chart takes now; false otherwise. */
  private command(callId: string, event: { type: 'DROP'; mode?: DropMode } | { type: 'ANSWER' } | { type: 'HOLD' } | { type: 'UNHOLD' }): boolean {
    const ref = this.refs.get(callId);
    const snapshot = ref?.getSnapshot() as ReturnType<typeof callMachine.transition> | undefined;
    if (!ref || !snapshot || snapshot.status !== 'active' || !snapshot.can(event)) return false;
    ref.send(event);
    return true;
  }

  /** Stop watching the telephony. */
  close(): void {
    this.subscription.unsubscribe();
    this.listeners.clear();
  }

  private emit(update: BoardUpdate): void {
    for (const listener of this.listeners) listener(update);
  }

  private note(kind: BoardLogEntry['kind'], text: string, deviceId: number | null, callId: string | null): void {
    const entry: BoardLogEntry = { seq: ++this.seq, at: this.telephony.clock.now(), deviceId, callId, kind, text };
    this.log.push(entry);
    if (this.log.length > (this.options.history ?? 500)) this.log.shift();
    this.emit({ type: 'log', entry });
  }

  private onLine(ref: AnyActorRef, log = true): void {
    const snapshot = ref.getSnapshot() as ReturnType<typeof lineMachine.transition>;
    const { deviceId } = snapshot.context;
    const state = (typeof snapshot.value === 'string' ? snapshot.value : 'open') as LineState;
    const why = snapshot.context.outOfService;
    const outOfService = why !== null && this.options.stripNumbers ? maskText(why) : why;
    const line = this.lines.get(deviceId);
    if (!line || (line.state === state && line.outOfService === outOfService)) return;
    line.state = state;
    line.outOfService = outOfService;
    this.emit({ type: 'line', line: { ...line } });
    if (log) this.note('state', `line ${deviceId} ${outOfService === null ? state : `out of service (${outOfService})`}`, deviceId, null);
  }

  private onCall(ref: AnyActorRef, log = true, at: unknown = ref.getSnapshot()): void {
    const snapshot = at as ReturnType<typeof callMachine.transition>;
    const { context } = snapshot;
    const before = this.calls.get(context.callId);
    const deviceId = before?.deviceId ?? this.lineOfCall.get(context.callId) ?? -1;
    this.lineOfCall.delete(context.callId);
    if (snapshot.status === 'active') this.refs.set(context.callId, ref);
    else this.refs.delete(context.callId);
    const strip = this.options.stripNumbers === true;
    const { incoming } = context;
    const live = snapshot.status === 'active';
    const cause = live ? null : strip && context.cause?.transferredTo ? { ...context.cause, transferredTo: REDACTED } : context.cause;
    const call: BoardCall = {
      callId: context.callId,
      deviceId,
      direction: incoming ? 'in' : 'out',
      address: strip && context.address ? REDACTED : context.address,
      caller: incoming ? { number: strip && incoming.from ? REDACTED : incoming.from, name: strip && incoming.name ? maskText(incoming.name) : incoming.name } : null,
      state: context.state,
      mode: context.mode,
      active: activeOf(snapshot.value),
      heldBy: heldByOf(context.state, context.mode),
      can: { hold: live && snapshot.can({ type: 'HOLD' }), unhold: live && snapshot.can({ type: 'UNHOLD' }) },
      cause,
      at: context.enteredAt,
    };
    const same = before && before.state === call.state && before.mode === call.mode && before.can.hold === call.can.hold && before.can.unhold === call.can.unhold;
    if (same && (before.cause !== null) === (call.cause !== null)) return;
    this.calls.set(call.callId, call);
    this.emit({ type: 'call', call });
    if (log && before?.state !== call.state) {
      const mode = call.mode ? ` (${call.mode})` : '';
      const to = call.cause?.transferredTo ? ` to ${call.cause.transferredTo}` : '';
      const cause = call.cause ? `: ${call.cause.origin} ${call.cause.mode}${to}` : '';
      this.note('state', `${call.callId} → ${call.state}${mode}${cause}`, deviceId, call.callId);
    }
  }

  /** A line receives a call (one to make, or one that arrived): the call will be on that line. */
  private noteLineOfCall(line: AnyActorRef, event: { type: string; callId?: string }): void {
    if ((event.type !== 'CALL.CREATE' && event.type !== 'CALL.OFFERED') || event.callId === undefined) return;
    this.lineOfCall.set(event.callId, (line.getSnapshot() as ReturnType<typeof lineMachine.transition>).context.deviceId);
    // A call the line refused never shows: keep the few latest, not every one ever refused.
    if (this.lineOfCall.size > 64) this.lineOfCall.delete(this.lineOfCall.keys().next().value as string);
  }

  private inspect(event: InspectionEvent): void {
    const logic = logicOf(event.actorRef);
    const ref = event.actorRef as AnyActorRef;
    // A call's microsteps, not only its snapshots: busy with autoClear passes on to dropping
    // within one step, and the board shows that it was busy.
    if (event.type === '@xstate.snapshot' || event.type === '@xstate.microstep') {
      if (logic === callMachine) this.onCall(ref, true, event.snapshot);
      else if (logic === lineMachine && event.type === '@xstate.snapshot') this.onLine(ref);
      return;
    }
    if (event.type !== '@xstate.event') return;
    if (logic === lineMachine) this.noteLineOfCall(ref, event.event as { type: string; callId?: string });
    const text = describeEvent(event.event as { type: string }, this.options.stripNumbers ?? false);
    if (text === null) return;
    if (logic === callMachine) {
      const callId = (event.actorRef.getSnapshot() as ReturnType<typeof callMachine.transition>).context.callId;
      this.note('event', `${callId} ← ${text}`, this.calls.get(callId)?.deviceId ?? null, callId);
    } else if (logic === lineMachine) {
      const deviceId = (event.actorRef.getSnapshot() as ReturnType<typeof lineMachine.transition>).context.deviceId;
      this.note('event', `line ${deviceId} ← ${text}`, deviceId, null);
    } else if (logic === telephonyMachine) {
      this.note('event', `telephony ← ${text}`, null, null);
    }
  }
}
