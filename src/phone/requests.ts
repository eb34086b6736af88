/**
 * How the modern API waits on a call actor: for a snapshot that passes a test, or for the reply
 * to one request (TAPI's LINE_REPLY, matched by its request number). Both follow the actor and
 * leave nothing on it once settled.
 */
import type { SnapshotFrom } from 'xstate';
import { makeAccepted, makeFailure } from '../../machines/call-context.js';
import type { CallCause, CallCommand, CallReplyEvent } from '../../machines/events.js';
import type { CallActorRef } from '../../machines/line.js';
import { XtapiError } from './errors.js';

/** A snapshot of a call actor. */
export type CallSnapshot = SnapshotFrom<CallActorRef>;

/** Request numbers, so each reply is matched to its own request (one sequence for the modern API). */
let nextRequest = 1;

/**
 * A new request number.
 *
 * @example
 * ```ts
 * call.actor.send({ type: 'ANSWER', request: newRequest() });
 * ```
 */
export function newRequest(): number {
  return nextRequest++;
}

/**
 * The first snapshot of the call that passes `done`: now, or after a later step of the call. It
 * follows the call's snapshots rather than its emitted events, so waiting leaves nothing behind
 * on the actor once it is over (an event listener leaves its event type's entry).
 *
 * @example
 * ```ts
 * const connected = await whenSnapshot(call.actor, (s) => s.context.state === 'connected');
 * ```
 */
export function whenSnapshot(actor: CallActorRef, done: (snapshot: CallSnapshot) => boolean): Promise<CallSnapshot> {
  const now = actor.getSnapshot();
  if (done(now) || now.status !== 'active') return Promise.resolve(now);
  return new Promise((resolve) => {
    const subscription = actor.subscribe({
      next: (snapshot) => {
        if (!done(snapshot) && snapshot.status === 'active') return;
        subscription.unsubscribe();
        resolve(snapshot);
      },
      complete: () => resolve(actor.getSnapshot()),
      error: () => resolve(actor.getSnapshot()),
    });
  });
}

/**
 * The make: only an idle call takes it. Its outcome is read from the call's snapshots (the
 * provider accepted it, or the call ended first, with the error its cause gives), which is what
 * the make's reply says too.
 *
 * @example
 * ```ts
 * await makeOf(call.actor); // the provider has accepted the call
 * ```
 */
export function makeOf(actor: CallActorRef): Promise<void> {
  const state = actor.getSnapshot().context.state;
  if (state !== 'idle') return Promise.reject(new XtapiError('INVALCALLSTATE', `MAKE is not allowed in state ${state}`));
  const made = whenSnapshot(actor, (next) => makeAccepted(next.context));
  actor.send({ type: 'MAKE', request: newRequest() });
  return made.then((next) => {
    if (makeAccepted(next.context)) return;
    const error = makeFailure(next.context.cause as CallCause);
    throw new XtapiError(error, `make failed: LINEERR_${error}`);
  });
}

/**
 * Send `event` with a new request number and run `settled` with its reply, within the step that
 * replies (so what follows a reply can be sent before anything else happens to the call); null if
 * the actor stopped without one (the chart answers every request at the latest at its end, so only
 * an actor stopped from outside leaves a request unanswered).
 *
 * @example
 * ```ts
 * onReply(call.actor, { type: 'HOLD' }, (reply) => console.log(reply?.error)); // null: held
 * ```
 */
export function onReply(actor: CallActorRef, event: Exclude<CallCommand, { type: 'CANCEL_TRANSFER' | 'ACCEPT_TRANSFER_REQUEST' | 'REFUSE_TRANSFER_REQUEST' }>, settled: (reply: CallReplyEvent | null) => void): void {
  const request = newRequest();
  const settle = (reply: CallReplyEvent | null) => {
    replies.unsubscribe();
    stops.unsubscribe();
    settled(reply);
  };
  const replies = actor.on('reply', (reply) => {
    if (reply.request === request) settle(reply);
  });
  const stops = actor.subscribe({ complete: () => settle(null), error: () => settle(null) });
  actor.send({ ...event, request });
}

/**
 * The error a failed reply stands for: its LINEERR_ name, and in words what happened, with the
 * cause when the call ended first (the far end hung up while our hold was on its way).
 *
 * @example
 * ```ts
 * replyError(call.actor, 'hold', 'OPERATIONFAILED').message; // 'hold failed: LINEERR_OPERATIONFAILED (the call ended first: NORMAL, by the far end)'
 * ```
 */
export function replyError(actor: CallActorRef, what: string, error: XtapiError['code'] | null): XtapiError {
  const cause: CallCause | null = actor.getSnapshot().context.cause;
  const code = error ?? 'INVALCALLSTATE';
  const why = cause ? ` (the call ended first: ${cause.mode}, ${BY[cause.origin]})` : '';
  return new XtapiError(code, `${what} failed: LINEERR_${code}${why}`);
}

/** Who ended a call, in words. */
const BY: Readonly<Record<CallCause['origin'], string>> = {
  local: 'by us',
  remote: 'by the far end',
  timeout: 'timed out',
  provider: 'by the provider',
  transfer: 'transferred',
};
