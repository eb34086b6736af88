/**
 * The commands a call sends its line's provider service, built from the call's context and the
 * event that led to them. The make carries the request the provider gets (TSPI_lineMakeCall) and
 * the call actor's own ref, and so does the attach of a call that arrived: from then on the
 * service delivers the provider's reports for the call id straight to that actor.
 *
 * @example
 * ```ts
 * commands.drop(context, { type: 'DROP', mode: 'REJECT' }, self); // { type: 'DROP', callId, mode: 'REJECT' }
 * ```
 */
import type { AnyActorRef } from 'xstate';
import type { CallContext } from './call-context.js';
import type { CallEvent } from './events.js';
import type { LineServiceCommand } from './provider-service.js';

type Command = (context: CallContext, event: CallEvent, self: AnyActorRef) => LineServiceCommand;

/** TSPI_lineMakeCall: the request, and where the reports go. */
export const make: Command = (context, _event, self) => ({
  type: 'MAKE',
  call: self,
  request:
    context.transferOf === null
      ? { callId: context.callId, lineIndex: context.line.lineIndex, destination: context.destination, complete: context.dialComplete, params: context.params }
      : { callId: context.callId, lineIndex: context.line.lineIndex, destination: context.destination, complete: context.dialComplete, params: context.params, transferOf: context.transferOf },
});

/** A call that arrived: where its reports go. */
export const attach: Command = (context, _event, self) => ({ type: 'ATTACH', callId: context.callId, call: self });

/** TSPI_lineDial. */
export const dial: Command = (context, event) => ({
  type: 'DIAL',
  callId: context.callId,
  digits: event.type === 'DIAL' ? event.digits : '',
  complete: event.type === 'DIAL' ? event.complete : true,
});

/** TSPI_lineGenerateDigits. */
export const generateDigits: Command = (context, event) => ({
  type: 'GENERATE_DIGITS',
  callId: context.callId,
  digits: event.type === 'GENERATE_DIGITS' ? event.digits : '',
});

/** TSPI_lineAccept. */
export const accept: Command = (context) => ({ type: 'ACCEPT', callId: context.callId });

/** TSPI_lineAnswer. */
export const answer: Command = (context) => ({ type: 'ANSWER', callId: context.callId });

/** TSPI_lineDrop, with the mode an offered call is refused with. */
export const drop: Command = (context, event) => ({ type: 'DROP', callId: context.callId, mode: event.type === 'DROP' ? event.mode : undefined });

/** TSPI_lineHold. */
export const hold: Command = (context) => ({ type: 'HOLD', callId: context.callId });

/** TSPI_lineUnhold. */
export const unhold: Command = (context) => ({ type: 'UNHOLD', callId: context.callId });

/** TSPI_lineBlindTransfer. */
export const blindTransfer: Command = (context, event) => ({ type: 'BLIND_TRANSFER', callId: context.callId, to: event.type === 'BLIND_TRANSFER' ? event.to : '' });

/** TSPI_lineCompleteTransfer (LINETRANSFERMODE_TRANSFER): the consultation call is named by id. */
export const transfer: Command = (context, event) => ({
  type: 'TRANSFER',
  callId: context.callId,
  consultationCallId: event.type === 'COMPLETE_TRANSFER' ? event.consultationCallId : '',
});

/** The far end's transfer request answered (rule 11): accepted on ACCEPT_TRANSFER_REQUEST, refused otherwise. */
export const answerTransferRequest: Command = (context, event) => ({ type: 'ANSWER_TRANSFER_REQUEST', callId: context.callId, accept: event.type === 'ACCEPT_TRANSFER_REQUEST' });
