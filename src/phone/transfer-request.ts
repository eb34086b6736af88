/**
 * The far end asks us to transfer ourselves (a SIP REFER: we are the transferee; the provider
 * contract's rule 11), as the modern API hands it over: `call.on('transferRequested', (request) =>
 * …)`. The request is answered here only by sending the call's own commands
 * (ACCEPT_TRANSFER_REQUEST, REFUSE_TRANSFER_REQUEST) and making the new call on the same line: the
 * façade keeps nothing.
 */
import type { CallTransferRequestedEvent } from '../../machines/events.js';
import type { CallActorRef } from '../../machines/line.js';
import type { CallOptions } from './call-options.js';
import { XtapiError } from './errors.js';
import { whenSnapshot } from './requests.js';
import type { Clock } from '../../providers/provider.js';

/** What a call needs to make the new call an accepted request asks for: its line. */
export interface CallMaker {
  /** The telephony's clock (the times of a call's requests, as `call.gather()`'s). */
  readonly clock: Clock;
  makeCall(address: string, options: CallOptions & { transferOf: string; autoClear?: boolean }): Promise<{ readonly id: string }>;
}

/**
 * The far end's request to call `to` and leave it. Lines opened with
 * `openLine(i, { transferRequests: 'ask' })` let the application answer it; on any other line it
 * has been refused already (SIP 603) and is reported so that it can be logged (`refused` true).
 */
export interface TransferRequest<C = unknown> {
  type: 'transferRequested';
  callId: string;
  /** The address the far end asks us to call: a dialable address or a URI. */
  to: string;
  /** Who asks, when the network said (SIP Referred-By), else null. */
  by: string | null;
  /** Clock time of the request. */
  at: number;
  /** Whether it was refused already: the line does not ask its applications (the default). */
  refused: boolean;
  /**
   * Accept it: the far end is told (SIP 202 and a NOTIFY), and the new call to `to` is made on the
   * same line, its progress told to the far end, which then normally hangs up on us. Resolves
   * with the new call once its make completes; rejects with INVALCALLSTATE when the request was
   * refused already or answered, or the call ended, and as `line.makeCall` rejects.
   */
  accept(options?: CallOptions & { autoClear?: boolean }): Promise<C>;
  /** Refuse it (SIP 603 Decline); nothing happens if it was answered already. */
  refuse(): void;
}

/**
 * Listen to a call's transfer requests; returns the function that stops listening.
 *
 * @example
 * ```ts
 * listenToTransferRequests(call.actor, line, (request) => void request.accept().then((next) => console.log('now on', next.id)));
 * ```
 */
export function listenToTransferRequests<C>(actor: CallActorRef, line: CallMaker | null, handler: (request: TransferRequest<C>) => void): () => void {
  const subscription = actor.on('transferRequested', (event) => handler(transferRequestOf<C>(actor, line, event)));
  return () => subscription.unsubscribe();
}

function transferRequestOf<C>(actor: CallActorRef, line: CallMaker | null, event: CallTransferRequestedEvent): TransferRequest<C> {
  const { callId, request, refused } = event;
  return {
    type: 'transferRequested',
    callId,
    to: request.to,
    by: request.by ?? null,
    at: request.at,
    refused,
    accept(options = {}) {
      if (refused) return Promise.reject(new XtapiError('INVALCALLSTATE', "the transfer request was refused already: the line does not ask (openLine(i, { transferRequests: 'ask' }))"));
      if (!actor.getSnapshot().can({ type: 'ACCEPT_TRANSFER_REQUEST' }) || actor.getSnapshot().context.transferRequest !== request) {
        return Promise.reject(new XtapiError('INVALCALLSTATE', 'the transfer request is no longer waiting (answered, or the call ended)'));
      }
      if (!line) return Promise.reject(new XtapiError('OPERATIONUNAVAIL', 'this call has no line to make the new call on'));
      actor.send({ type: 'ACCEPT_TRANSFER_REQUEST' });
      // The provider hears the acceptance before the make that follows it (contract rule 11):
      // sent from a listener, the acceptance waits for the call's current step to finish.
      return whenSnapshot(actor, (snapshot) => snapshot.context.transferRequest !== request).then(() => line.makeCall(request.to, { ...options, transferOf: callId }) as Promise<C>);
    },
    refuse() {
      if (actor.getSnapshot().context.transferRequest === request) actor.send({ type: 'REFUSE_TRANSFER_REQUEST' });
    },
  };
}
