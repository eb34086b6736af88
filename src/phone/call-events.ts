/**
 * The events a call delivers to the modern API, and how a listener is attached so that it misses
 * nothing it was promised: listeners given to `line.makeCall()` are attached before the call's
 * first step, and an `ended` listener on a call that has already ended is still told.
 */
import type { CallDigitEvent, CallEmitted, CallEndedEvent, CallRedirectedEvent, CallReplyEvent, CallStateEvent, CallWarningEvent } from '../../machines/events.js';
import type { CallActorRef } from '../../machines/line.js';
import type { Call } from './call.js';
import { type HeldBy, heldByOf } from './hold-transfer.js';
import { type CallMaker, listenToTransferRequests, type TransferRequest } from './transfer-request.js';

/**
 * The call is now held (`held`) or no longer held (`unheld`): by us (we held it: state onHold or
 * onHoldPendTransfer, LINECALLSTATE_ONHOLD) or by the far end (state connected with mode
 * ACTIVEHELD, LINECONNECTEDMODE_ACTIVEHELD). A call that ends while held is not `unheld`: its
 * `ended` says how it ended.
 */
export interface CallHoldEvent {
  type: 'held' | 'unheld';
  callId: string;
  by: HeldBy;
  /** Clock time of the change. */
  at: number;
}

/**
 * The call was handed on to someone else and leaves us (blind or after consultation; TAPI 2
 * reports it as the call going IDLE, TAPI 3 as CS_DISCONNECTED): where to, when the provider
 * said. Its `ended` follows, with `cause.origin === 'transfer'`.
 */
export interface CallTransferredEvent {
  type: 'transferred';
  callId: string;
  /** The transfer's target, when the provider named it (`cause.transferredTo`). */
  to: string | null;
  at: number;
}

/** The events a {@link Call} delivers, by name. */
export interface CallEventMap {
  /** Every state change, with the mode TAPI attaches to it. */
  state: CallStateEvent;
  /** The one terminal event, with the cause. */
  ended: CallEndedEvent;
  /** The reply to each request (make, dial, generate digits, drop). */
  reply: CallReplyEvent;
  /** The provider said something impossible; it was ignored. */
  warning: CallWarningEvent;
  /**
   * The network sent the call on its way elsewhere (a SIP 302, a forwarding switch): where to, and
   * what the protocol said; the state does not change (TAPI's LINE_CALLINFO, REDIRECTIONID).
   */
  redirected: CallRedirectedEvent;
  /** The call is now held, by us or by the far end (see {@link CallHoldEvent}). */
  held: CallHoldEvent;
  /** The call is back from hold (ours: `call.unhold()`; the far end's: it took us back). */
  unheld: CallHoldEvent;
  /** The call was transferred and leaves us; `ended` follows. */
  transferred: CallTransferredEvent;
  /**
   * The far end asks us to call someone and leave it (a SIP REFER; we are the transferee): accept
   * or refuse it on a line opened with `transferRequests: 'ask'`; elsewhere it was refused
   * already (see {@link TransferRequest}).
   */
  transferRequested: TransferRequest<Call>;
  /**
   * The far end pressed a key (0-9, A-D, `*`, `#`), once per press, on a connected or held call
   * (SIP: RFC 4733 events or INFO; TAPI's LINE_MONITORDIGITS).
   */
  dtmf: CallDigitEvent;
}

/**
 * Listeners by event name, as `line.makeCall(address, { on })` takes them: attached before the
 * call takes its first step, so `state` sees every state from `placing` on (dial tone, dialling,
 * …), which a listener added after `await line.makeCall()` has missed.
 */
export type CallListeners = { [K in keyof CallEventMap]?: (event: CallEventMap[K]) => void };

/** The `ended` event a call that has ended would have sent, from its final snapshot; null if it never settled a cause. */
function endedEventOf(actor: CallActorRef): CallEndedEvent | null {
  const { callId, cause, enteredAt } = actor.getSnapshot().context;
  return cause ? { type: 'ended', callId, cause, at: enteredAt } : null;
}

/**
 * Listen to one event type of a call actor; returns the function that stops listening.
 *
 * XState delivers an emitted event only to the listeners present when it is emitted, and the call
 * emits `ended` once. So an `ended` listener added to a call that is already in its final state
 * is told here, at once but asynchronously (in a microtask, never inside this call), with the
 * cause on the final snapshot: no code that waits for `ended` waits forever. Stopping before that
 * microtask runs means it is not told. Other events are not replayed: a `state` listener added
 * late hears the states from then on.
 *
 * @example
 * ```ts
 * const call = await line.makeCall('5550122'); // busy; with timing 'instant' it has ended already
 * listenToCall(call.actor, 'ended', ({ cause }) => console.log(cause.mode)); // BUSY, in a microtask
 * ```
 */
export function listenToCall<K extends keyof CallEventMap>(actor: CallActorRef, type: K, handler: (event: CallEventMap[K]) => void, line: CallMaker | null = null): () => void {
  if (type === 'held' || type === 'unheld') return listenToHold(actor, type, handler as (event: CallHoldEvent) => void);
  if (type === 'transferRequested') return listenToTransferRequests(actor, line, handler as (event: TransferRequest<Call>) => void);
  if (type === 'transferred') return listenToTransfer(actor, handler as (event: CallTransferredEvent) => void);
  // The chart says `digit`, TAPI's word; the modern API says `dtmf`, the word its users search for.
  const emitted = (type === 'dtmf' ? 'digit' : type) as CallEmitted['type'];
  if (type === 'ended' && actor.getSnapshot().status !== 'active') {
    let listening = true;
    queueMicrotask(() => {
      const ended = endedEventOf(actor);
      if (listening && ended) (handler as (event: CallEndedEvent) => void)(ended);
    });
    return () => void (listening = false);
  }
  const subscription = actor.on(emitted, handler as (event: CallEmitted) => void);
  return () => subscription.unsubscribe();
}

/** States a call talks in: only a change between them is a hold or an unhold (an end is not). */
const LIVE = new Set(['connected', 'onHold', 'onHoldPendTransfer']);

/**
 * `held` and `unheld`, read from the call's state events: each listener compares who holds the
 * call now with who held it at the state before (from the snapshot when it started listening), so
 * the façade keeps nothing, and onHold to onHoldPendTransfer (both ours) is no change.
 */
function listenToHold(actor: CallActorRef, type: 'held' | 'unheld', handler: (event: CallHoldEvent) => void): () => void {
  const { state, mode } = actor.getSnapshot().context;
  let before = heldByOf(state, mode);
  const subscription = actor.on('state', (event) => {
    if (!LIVE.has(event.state)) return;
    const now = heldByOf(event.state, event.mode);
    if (now === before) return;
    const was = before;
    before = now;
    if (type === 'unheld' && was !== null) handler({ type, callId: event.callId, by: was, at: event.at });
    if (type === 'held' && now !== null) handler({ type, callId: event.callId, by: now, at: event.at });
  });
  return () => subscription.unsubscribe();
}

/** `transferred`: the call starts dropping because it was handed on (its cause says `transfer`). */
function listenToTransfer(actor: CallActorRef, handler: (event: CallTransferredEvent) => void): () => void {
  const subscription = actor.on('state', (event) => {
    const { cause } = actor.getSnapshot().context;
    if (event.state !== 'dropping' || cause?.origin !== 'transfer') return;
    handler({ type: 'transferred', callId: event.callId, to: cause.transferredTo ?? null, at: event.at });
  });
  return () => subscription.unsubscribe();
}

/**
 * Attach every listener of a {@link CallListeners} map; returns the function that detaches them all.
 *
 * @example
 * ```ts
 * const off = listenToCallAll(call.actor, { state: ({ state }) => console.log(state), ended: ({ cause }) => console.log(cause.mode) });
 * off();
 * ```
 */
export function listenToCallAll(actor: CallActorRef, listeners: CallListeners, line: CallMaker | null = null): () => void {
  const offs: Array<() => void> = [];
  for (const type of Object.keys(listeners) as Array<keyof CallEventMap>) {
    const handler = listeners[type];
    if (typeof handler === 'function') offs.push(listenToCall(actor, type, handler as (event: CallEventMap[typeof type]) => void, line));
  }
  return () => offs.forEach((off) => off());
}
