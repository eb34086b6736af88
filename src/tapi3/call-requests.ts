/**
 * The hold and transfer requests of TAPI 3's synchronous methods (Hold, BlindTransfer, Transfer,
 * SwapHold, Finish), as the call actor takes them: a command with a request number, answered by
 * exactly one `reply` of its kind (ADR 0010: one request pending at a time, answered when the
 * provider answers, refuses or is given up on, or when the call ends first). Nothing here keeps
 * state between calls: a request's listener lives until its reply.
 */
import type { LineErrorName } from '../../providers/provider.js';
import type { RequestKind } from '../../machines/events.js';
import type { CallActorRef } from '../../machines/line.js';
import { hresultOfLineError } from './call-state.js';
import { TAPI_E_INVALCALLSTATE, TAPI_E_REQUESTCANCELLED } from './hresults.js';

/** The chart's hold and transfer commands, without their request number. */
export type ControlCommand =
  | { type: 'HOLD' }
  | { type: 'UNHOLD' }
  | { type: 'BLIND_TRANSFER'; to: string }
  | { type: 'SETUP_TRANSFER' }
  | { type: 'COMPLETE_TRANSFER'; consultationCallId: string };

/** The kind of reply that answers each command (`RequestKind`). */
const KIND: Readonly<Record<ControlCommand['type'], RequestKind>> = {
  HOLD: 'hold',
  UNHOLD: 'unhold',
  BLIND_TRANSFER: 'blindTransfer',
  SETUP_TRANSFER: 'setupTransfer',
  COMPLETE_TRANSFER: 'completeTransfer',
};

/**
 * Request numbers of this face. A reply is matched by its kind and number; since a call takes
 * one hold or transfer request at a time (the chart refuses a second), another face's request
 * of the same kind and number cannot be pending on the same call at the same moment.
 */
let nextRequest = 1;

export const noop = () => {};

/**
 * Send `command` to the call with a new request number and call `settled` once with its reply's
 * error (null: done). A command the call does not take now (`snapshot.can` says no, or the call
 * has ended) is settled at once with INVALCALLSTATE and never sent, so nothing waits for a reply
 * that cannot come. Returns what stops listening.
 *
 * @example
 * ```ts
 * const undo = sendRequest(actor, { type: 'HOLD' }, (error) => console.log(error ?? 'held'));
 * ```
 */
export function sendRequest(actor: CallActorRef, command: ControlCommand, settled: (error: LineErrorName | null) => void): () => void {
  const snapshot = actor.getSnapshot();
  if (snapshot.status !== 'active' || !snapshot.can(command)) {
    settled('INVALCALLSTATE');
    return noop;
  }
  const request = nextRequest++;
  const kind = KIND[command.type];
  const subscription = actor.on('reply', (reply) => {
    if (reply.request !== request || reply.kind !== kind) return;
    subscription.unsubscribe();
    settled(reply.error);
  });
  actor.send({ ...command, request });
  return () => subscription.unsubscribe();
}

/**
 * Call `check` on every later snapshot of each actor (and when it stops), until the returned
 * function runs. It does not call `check` now: the caller does, once it holds the undo.
 */
export function watchCalls(actors: readonly CallActorRef[], check: () => void): () => void {
  const subscriptions = actors.map((actor) => actor.subscribe({ next: check, complete: check, error: check }));
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
  };
}

/**
 * Run an operation nobody waits for (an asynchronous Transfer): its listeners are undone once it
 * completes, as {@link withinTimeout} would, but no timer runs.
 */
export function runDetached(start: (done: (hr: number) => void) => () => void): void {
  let finished = false;
  let undo: (() => void) | null = null;
  undo = start(() => {
    if (finished) return;
    finished = true;
    undo?.();
  });
  if (finished) undo();
}

/**
 * The HRESULT of a hold or transfer request the core answered with `error`. A call that ended
 * under the request is TAPI_E_INVALCALLSTATE ("the call associated with this interface no longer
 * exists", ITBasicCallControl::Hold return values), or TAPI_E_REQUESTCANCELLED when the
 * application's own Disconnect or Release ended it (as for a cancelled Connect); otherwise the
 * provider's LINEERR_ is mapped as every method maps it (OPERATIONUNAVAIL → TAPI_E_NOTSUPPORTED,
 * OPERATIONFAILED → TAPI_E_OPERATIONFAILED, …).
 */
export function controlFailure(actor: CallActorRef, error: LineErrorName): number {
  const cause = actor.getSnapshot().context.cause;
  if (cause) return cause.origin === 'local' ? TAPI_E_REQUESTCANCELLED : TAPI_E_INVALCALLSTATE;
  return hresultOfLineError(error);
}
