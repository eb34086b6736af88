/**
 * The events a call delivers to the modern API, and how a listener is attached so that it misses
 * nothing it was promised: listeners given to `line.makeCall()` are attached before the call's
 * first step, and an `ended` listener on a call that has already ended is still told.
 */
import type { CallEmitted, CallEndedEvent, CallRedirectedEvent, CallReplyEvent, CallStateEvent, CallWarningEvent } from '../../machines/events.js';
import type { CallActorRef } from '../../machines/line.js';

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
export function listenToCall<K extends keyof CallEventMap>(actor: CallActorRef, type: K, handler: (event: CallEventMap[K]) => void): () => void {
  if (type === 'ended' && actor.getSnapshot().status !== 'active') {
    let listening = true;
    queueMicrotask(() => {
      const ended = endedEventOf(actor);
      if (listening && ended) (handler as (event: CallEndedEvent) => void)(ended);
    });
    return () => void (listening = false);
  }
  const subscription = actor.on(type, handler as (event: CallEmitted) => void);
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
export function listenToCallAll(actor: CallActorRef, listeners: CallListeners): () => void {
  const offs: Array<() => void> = [];
  for (const type of Object.keys(listeners) as Array<keyof CallEventMap>) {
    const handler = listeners[type];
    if (typeof handler === 'function') offs.push(listenToCall(actor, type, handler as (event: CallEventMap[typeof type]) => void));
  }
  return () => offs.forEach((off) => off());
}
