/**
 * Hold, unhold and transfer, as the modern API runs them (ADR 0010): each is one request to the
 * call actor, settled by its one reply. What the call may do is the chart's (`snapshot.can`,
 * TAPI's dwCallFeatures); these functions only say why a request cannot be made, in TAPI's words
 * (LINEERR_OPERATIONUNAVAIL for a line that cannot, LINEERR_INVALCALLSTATE for a call that cannot
 * now), and wait for its reply. They keep nothing between calls.
 *
 * The one relation between two calls, the held call and its consultation call, lives in the
 * promise of {@link transferCalls} for as long as it runs, and nowhere else: the modern API puts
 * a call in `onHoldPendTransfer` only inside `call.transferTo()`, and every way out of it but the
 * transfer itself (the consultation call ended first, the provider refused) sends CANCEL_TRANSFER,
 * so the call is back on plain hold (lineDrop remarks: "a call in an on-hold-pending state
 * typically reverts"). No call is left pending a transfer nobody is watching.
 */
import type { CallCause, CallCommand, CallState } from '../../machines/events.js';
import type { CallActorRef } from '../../machines/line.js';
import type { CallMode, LineDevice, LineFeatures } from '../../providers/provider.js';
import { parseAddress } from '../address/parse-address.js';
import { XtapiError } from './errors.js';
import { onReply, replyError, whenSnapshot } from './requests.js';

/** Who holds a call: `us` (state onHold or onHoldPendTransfer), or the `far end` (connected, mode ACTIVEHELD). */
export type HeldBy = 'us' | 'far end';

/**
 * Who holds a call in `state` with `mode`, or null when nobody does. We hold it in TAPI's held
 * states (LINECALLSTATE_ONHOLD, _ONHOLDPENDTRANSFER); the far end holding us is a mode of
 * CONNECTED (LINECONNECTEDMODE_ACTIVEHELD, _INACTIVEHELD: "held by the other station").
 *
 * @example
 * ```ts
 * heldByOf('onHold', null);             // 'us'
 * heldByOf('connected', 'ACTIVEHELD');  // 'far end'
 * heldByOf('connected', 'ACTIVE');      // null
 * ```
 */
export function heldByOf(state: CallState, mode: CallMode | null): HeldBy | null {
  if (state === 'onHold' || state === 'onHoldPendTransfer') return 'us';
  if (state === 'connected' && (mode === 'ACTIVEHELD' || mode === 'INACTIVEHELD')) return 'far end';
  return null;
}

type Request = Exclude<CallCommand, { type: 'CANCEL_TRANSFER' | 'ACCEPT_TRANSFER_REQUEST' | 'REFUSE_TRANSFER_REQUEST' }>;

/** The LINECALLFEATURE_ each request needs of the line (LINEADDRESSCAPS dwCallFeatures), for the message. */
const NEEDS: Readonly<Record<string, { features: ReadonlyArray<keyof LineFeatures>; tapi: string }>> = {
  HOLD: { features: ['hold'], tapi: 'LINECALLFEATURE_HOLD' },
  UNHOLD: { features: ['hold'], tapi: 'LINECALLFEATURE_UNHOLD' },
  BLIND_TRANSFER: { features: ['blindTransfer'], tapi: 'LINECALLFEATURE_BLINDTRANSFER' },
  SETUP_TRANSFER: { features: ['transfer', 'hold'], tapi: 'LINECALLFEATURE_SETUPTRANSFER' },
  COMPLETE_TRANSFER: { features: ['transfer', 'hold'], tapi: 'LINECALLFEATURE_COMPLETETRANSF' },
};

/**
 * Why `event` cannot be sent to the call now, or null when the chart takes it: OPERATIONUNAVAIL
 * when the line does not declare the feature (whatever the state: lineHold "the operation is not
 * available"), else INVALCALLSTATE (the call is in the wrong state, has ended, or another hold or
 * transfer is still pending: one at a time, as dwCallFeatures says).
 *
 * @example
 * ```ts
 * refusal(call.actor, { type: 'HOLD' }, 'hold')?.code; // 'OPERATIONUNAVAIL' on a line without hold
 * ```
 */
export function refusal(actor: CallActorRef, event: Request, what: string): XtapiError | null {
  const snapshot = actor.getSnapshot();
  const { line: { features }, pending, state } = snapshot.context;
  const needs = NEEDS[event.type];
  if (needs && needs.features.some((feature) => features[feature] !== true)) {
    return new XtapiError('OPERATIONUNAVAIL', `cannot ${what}: the line does not offer it (no ${needs.tapi})`);
  }
  if (snapshot.status !== 'active') return new XtapiError('INVALCALLSTATE', `cannot ${what}: the call has ended`);
  if (snapshot.can(event)) return null;
  if (pending) return new XtapiError('INVALCALLSTATE', `cannot ${what}: a ${pending.kind} of this call is still pending`);
  return new XtapiError('INVALCALLSTATE', `cannot ${what} a call in state ${state}`);
}

/**
 * Send `event` if the call takes it, and run `settled` with null once the request completed, or
 * with the {@link XtapiError} carrying its LINEERR_ (at once if the call does not take it).
 */
function send(actor: CallActorRef, event: Request, what: string, settled: (error: XtapiError | null) => void): void {
  const refused = refusal(actor, event, what);
  if (refused) return settled(refused);
  onReply(actor, event, (reply) => settled(reply?.error === null ? null : replyError(actor, what, reply?.error ?? null)));
}

/**
 * Send `event` if the call takes it, and settle with its reply: resolves when the request
 * completed, rejects with an {@link XtapiError} carrying the LINEERR_ otherwise.
 *
 * @example
 * ```ts
 * await requestOf(call.actor, { type: 'HOLD' }, 'hold'); // the call is onHold
 * ```
 */
export function requestOf(actor: CallActorRef, event: Request, what: string): Promise<void> {
  return new Promise((resolve, reject) => send(actor, event, what, (error) => (error ? reject(error) : resolve())));
}

/** Resolve with the cause once the call has ended. */
async function endOf(actor: CallActorRef): Promise<CallCause> {
  return (await whenSnapshot(actor, () => false)).context.cause as CallCause;
}

/**
 * Blind transfer (lineBlindTransfer, ITBasicCallControl::BlindTransfer; SIP: REFER, RFC 3515):
 * resolves with the call's cause once the far end has reached `address` and the call has left
 * us (`origin: 'transfer'`).
 *
 * @example
 * ```ts
 * const cause = await blindTransfer(call.actor, line.device, '5550133'); // { origin: 'transfer', transferredTo: '5550133', … }
 * ```
 */
export async function blindTransfer(actor: CallActorRef, device: LineDevice, address: string): Promise<CallCause> {
  const parsed = parseAddress(address, device);
  if (!parsed.ok) throw new XtapiError(parsed.error, `cannot transfer to "${address}": ${parsed.message}`);
  if (parsed.address.partial) throw new XtapiError('INVALADDRESS', `cannot transfer to "${address}": a partial address (ending in ";") cannot be a transfer target`);
  await requestOf(actor, { type: 'BLIND_TRANSFER', to: parsed.address.dialString }, `transfer to "${address}"`);
  return endOf(actor);
}

/** Back from pending a transfer to plain hold, if the call is still pending one. */
function cancelTransfer(actor: CallActorRef): void {
  const snapshot = actor.getSnapshot();
  if (snapshot.status === 'active' && snapshot.can({ type: 'CANCEL_TRANSFER' })) actor.send({ type: 'CANCEL_TRANSFER' });
}

/** Whether a call has ended or is ending (its cause is settled). */
const gone = (actor: CallActorRef) => actor.getSnapshot().status !== 'active' || actor.getSnapshot().context.cause !== null;

/**
 * Consultation transfer (lineSetupTransfer then lineCompleteTransfer with LINETRANSFERMODE_TRANSFER;
 * TAPI 3's Finish(FM_ASTRANSFER); SIP: REFER with Replaces, RFC 3891): hold `actor` pending the
 * transfer (SETUP_TRANSFER, unless it already is), then join its far end to the far end of
 * `consultation`, another call of the same line (COMPLETE_TRANSFER). Resolves with the call's
 * cause once it has left us; the provider ends the consultation call too. If the consultation
 * call ends first, or the provider refuses, the call goes back to plain hold (CANCEL_TRANSFER)
 * and the promise rejects.
 *
 * @example
 * ```ts
 * const cause = await transferCalls(held.actor, consultation.actor); // { origin: 'transfer', … }
 * ```
 */
export function transferCalls(actor: CallActorRef, consultation: CallActorRef): Promise<CallCause> {
  const own = actor.getSnapshot().context;
  const other = consultation.getSnapshot().context;
  if (consultation === actor) return Promise.reject(new XtapiError('INVALPARAM', 'a call cannot be transferred to itself'));
  // lineCompleteTransfer: hConsultCall is a call of the same line.
  if (other.line.lineIndex !== own.line.lineIndex) {
    return Promise.reject(new XtapiError('INVALPARAM', `the consultation call ${other.callId} is on line ${other.line.lineIndex}, not on line ${own.line.lineIndex}`));
  }
  if (gone(consultation)) return Promise.reject(new XtapiError('INVALCALLSTATE', `cannot transfer to ${other.callId}: that call has ended`));
  return new Promise((resolve, reject) => {
    const fail = (error: XtapiError) => {
      cancelTransfer(actor);
      reject(error);
    };
    // Asked within the step that confirms the hold, so nothing can come between the two.
    const complete = () => {
      if (gone(consultation)) return fail(new XtapiError('INVALCALLSTATE', `cannot transfer to ${other.callId}: that call ended while this one was being held`));
      send(actor, { type: 'COMPLETE_TRANSFER', consultationCallId: other.callId }, `transfer to ${other.callId}`, (error) =>
        error ? fail(error) : void endOf(actor).then(resolve),
      );
    };
    if (own.state === 'onHoldPendTransfer') return complete();
    send(actor, { type: 'SETUP_TRANSFER' }, 'hold the call for a transfer', (error) => (error ? fail(error) : complete()));
  });
}
