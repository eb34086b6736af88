/**
 * The call's extended state: what a call actor is created with, what it keeps, and the small
 * pure functions its actions use (which states it has been in, the mode a state takes from the
 * provider's event, the cause, where the first cause wins).
 */
import type { AnyActorRef } from 'xstate';
import type { CallMode, CallParams, IncomingCall, LineErrorName, LineFeatures, ProviderDetail } from '../providers/provider.js';
import type { RequestKind } from './events.js';
import type { CallCause, CallEvent, CallRedirection, CallState, CallTransferRequest } from './events.js';

/** What a call actor is created with. */
export interface CallInput {
  /** The telephony-wide id of the call. */
  callId: string;
  /**
   * The line's provider service (`provider-service.ts`), where the call sends its commands. The
   * line supervisor gives it; a call actor made without one (in a test of the chart alone) sends
   * its commands nowhere.
   */
  provider?: AnyActorRef;
  /** The line device index within its provider. */
  lineIndex: number;
  /** A call that arrived: who calls, whom, from where and why. Absent for a call the application makes. */
  incoming?: IncomingCall;
  /** The destination as the application gave it (for call info), or null. */
  address: string | null;
  /** The dial string for the provider (digits and supported modifiers only). */
  destination: string;
  /** False when the address was partial (ended in `;`) or absent. */
  complete: boolean;
  params?: CallParams;
  /**
   * Drop the call as soon as the far end has gone (busy or disconnected), so that it ends by
   * itself. TAPI 2 waits for the application's lineDrop instead (default false).
   */
  autoClear?: boolean;
  /**
   * Answer a call that arrives at once, as it is offered (a line opened to answer everything): the
   * call goes from offering to answering in the same step, with no command from outside.
   */
  autoAnswer?: boolean;
  /** What the line's calls can do beyond make and drop (the line device's `features`; none by default). */
  features?: LineFeatures;
  /**
   * All of the above that the line gives (provider, index, autoClear, autoAnswer, features) as
   * one object its calls share; when given, it is taken as it is and those fields are not read.
   */
  line?: CallLine;
  /**
   * What the call does when the far end asks it to transfer itself (rule 11 of the provider
   * contract): `refuse` at once (the default; the request is still reported), or `ask` the
   * application, which answers with ACCEPT_TRANSFER_REQUEST or REFUSE_TRANSFER_REQUEST.
   */
  transferRequests?: TransferRequests;
  /** The call whose far end asked us to make this one (rule 11): the provider reports to it. */
  transferOf?: string;
}

/** What a line's calls do with the far end's transfer requests (rule 11 of the provider contract). */
export type TransferRequests = 'refuse' | 'ask';

/**
 * A hold, unhold or transfer handed to the provider and not answered yet (ADR 0010): its kind and
 * request number (null without one). One at a time.
 */
export interface PendingRequest {
  kind: RequestKind;
  request: number | null;
}

/**
 * What the call's line gave it when it was made, the same for its whole life (one object, so that
 * the context stays small: see {@link CallContext}).
 */
export interface CallLine {
  /** The line's provider service. */
  provider: AnyActorRef;
  lineIndex: number;
  /** Drop the call once the far end has gone (see {@link CallInput.autoClear}). */
  autoClear: boolean;
  /** Answer at once when offered (see {@link CallInput.autoAnswer}). */
  autoAnswer: boolean;
  /** What to do with the far end's transfer requests (see {@link CallInput.transferRequests}). */
  transferRequests: TransferRequests;
  /** What the line's calls can do beyond make and drop (the line device's `features`). */
  features: LineFeatures;
}

/**
 * The most top-level fields the call's context may have. XState builds every new context with
 * `Object.assign({}, context, update)`, and V8 (Node 20) keeps an object so built in fast mode
 * only up to 19 properties: from 20 on, every context of every call is a hash table, about 1 KB
 * more per call and slower to copy at every step (BENCHMARKS.md, "A held call"). Group what
 * belongs together ({@link CallLine}) rather than add a field.
 */
export const MAX_CONTEXT_FIELDS = 19;

/**
 * A call's make, answer and drops, by request number, until they are answered: one object, changed
 * only by those commands (the context stays small: see {@link MAX_CONTEXT_FIELDS}).
 */
export interface CallRequests {
  /**
   * The make: undefined when the call was never made, else its request number (null without one).
   * It is pending until the call reaches a state that accepts it ({@link ACCEPTED_BITS}).
   */
  make: number | null | undefined;
  /** The answer: undefined when the call was never answered, else its number (null without one); pending until connected. */
  answer: number | null | undefined;
  /** The request numbers of the drops waiting for the end. */
  drops: readonly number[];
}

/** The call's extended state. */
export interface CallContext {
  callId: string;
  /** What the call's line gave it: its provider service, index, policies and features. */
  line: CallLine;
  address: string | null;
  /** Everything dialled so far: the make's destination plus every lineDial. */
  destination: string;
  /** Whether dialling is complete (no `;` pending). */
  dialComplete: boolean;
  /** A call that arrived (its caller, the called address, origin, reason), or null for one we make. */
  incoming: IncomingCall | null;
  params: CallParams;
  /** The TAPI-level name of the current state (the chart's leaf). */
  state: CallState;
  /** The mode of the current state (LINEDIALTONEMODE_, LINEBUSYMODE_, …), or null. */
  mode: CallMode | null;
  /** Clock time the current state was entered (LINECALLSTATUS tStateEntryTime). */
  enteredAt: number;
  /** Clock time the call was connected, or null. */
  connectedAt: number | null;
  /** Bit set of the states the call has been in (see {@link callStateBit}). */
  reached: number;
  /** Whether the provider has released the call (sent PROVIDER.IDLE). */
  released: boolean;
  /** Why the call ended, or is ending; the first cause wins. */
  cause: CallCause | null;
  /** The make, answer and drop requests the call answers at its end if not before (ADR 0003). */
  requests: CallRequests;
  /**
   * Where the network sent the call on its way, oldest first (`PROVIDER.REDIRECTED`); the last is
   * TAPI's redirection ID (LINECALLINFO RedirectionID). Empty for a call never redirected.
   */
  redirections: readonly CallRedirection[];
  /** The hold, unhold or transfer the provider has not answered yet, or null. */
  pending: PendingRequest | null;
  /** The far end's transfer request the application has not answered yet, or null. */
  transferRequest: CallTransferRequest | null;
  /** The call whose far end asked us to make this one, or null. */
  transferOf: string | null;
}

const STATE_ORDER: readonly CallState[] = [
  'idle',
  'placing',
  'dialtone',
  'dialing',
  'proceeding',
  'ringback',
  'busy',
  'connected',
  'disconnected',
  'dropping',
  'ended',
  'offering',
  'accepted',
  'answering',
  'onHold',
  'onHoldPendTransfer',
];

/** The bit that stands for `state` in {@link CallContext.reached}. */
export function callStateBit(state: CallState): number {
  return 1 << STATE_ORDER.indexOf(state);
}

/** The bit of `connected`. */
export const CONNECTED_BIT = callStateBit('connected');

/**
 * The states that accept a make (the provider's first progress report): once the call has been
 * in one of them, its make has been answered.
 */
export const ACCEPTED_BITS = (['dialtone', 'dialing', 'proceeding', 'ringback', 'busy', 'connected', 'disconnected'] as const).reduce(
  (bits, state) => bits | callStateBit(state),
  0,
);

/** Whether the call has ever been in `state`. */
export function hasReached(context: Pick<CallContext, 'reached'>, state: CallState): boolean {
  return (context.reached & callStateBit(state)) !== 0;
}

/** The mode a state takes: from the provider's event where it carries one, else TAPI's "unavailable". */
export function modeOf(state: CallState, context: CallContext, event: CallEvent): CallMode | null {
  switch (state) {
    case 'dialtone':
      return event.type === 'PROVIDER.DIALTONE' ? (event.mode ?? 'UNAVAIL') : 'UNAVAIL';
    case 'busy':
      return event.type === 'PROVIDER.BUSY' ? (event.mode ?? 'UNAVAIL') : 'UNAVAIL';
    case 'connected':
      return event.type === 'PROVIDER.CONNECTED' ? (event.mode ?? 'ACTIVE') : 'ACTIVE';
    case 'disconnected':
      return event.type === 'PROVIDER.DISCONNECTED' ? event.mode : (context.cause?.mode ?? 'UNKNOWN');
    default:
      return null;
  }
}

/** The cause of an end that arises now; the first cause wins. */
export function causeFrom(
  context: CallContext,
  origin: CallCause['origin'],
  mode: CallCause['mode'],
  extra?: { error?: LineErrorName; message?: string; detail?: ProviderDetail },
): CallCause {
  // The first cause wins: a far-end hang-up followed by our drop stays a far-end hang-up.
  if (context.cause) return context.cause;
  const cause: CallCause = { mode, origin, state: context.state, connected: (context.reached & CONNECTED_BIT) !== 0 };
  if (extra?.error) cause.error = extra.error;
  if (extra?.message) cause.message = extra.message;
  if (extra?.detail) cause.detail = extra.detail;
  return cause;
}

/** The cause of an end or a disconnect that the event brings, or null when it brings none. */
function causeOf(context: CallContext, state: CallState, event: CallEvent): CallCause | null {
  switch (event.type) {
    case 'PROVIDER.BUSY':
      return causeFrom(context, 'remote', 'BUSY', { detail: event.detail });
    case 'PROVIDER.DISCONNECTED':
      return causeFrom(context, 'remote', event.mode, { detail: event.detail });
    case 'PROVIDER.FAILED':
      return causeFrom(context, 'provider', 'UNAVAIL', { error: event.error, message: event.message, detail: event.detail });
    case 'PROVIDER.TRANSFERRED': {
      // Handed on: the call left us for someone else, and the drop that follows is ours.
      const cause = causeFrom(context, 'transfer', 'NORMAL', { detail: event.detail });
      return event.to && cause.origin === 'transfer' ? { ...cause, transferredTo: String(event.to) } : cause;
    }
    case 'PROVIDER.IDLE':
      // Released before the provider accepted the make: the provider failed the call. Released
      // on its own once accepted: the far end (or the network) let go.
      return context.state === 'placing'
        ? causeFrom(context, 'provider', 'UNAVAIL', { error: 'OPERATIONFAILED', message: 'the provider released the call before accepting it' })
        : causeFrom(context, 'remote', 'UNKNOWN');
    case 'NOANSWER_TIMEOUT':
      return causeFrom(context, 'timeout', 'NOANSWER');
    case 'DROP':
      // A call not answered yet is refused with the mode the drop carries (TAPI 3's
      // DC_REJECTED, DC_NOANSWER); once answered, hanging up is NORMAL.
      return causeFrom(context, 'local', context.incoming && (context.reached & CONNECTED_BIT) === 0 ? (event.mode ?? 'NORMAL') : 'NORMAL');
    case 'PROVIDER_TIMEOUT':
      return causeFrom(context, 'timeout', 'UNAVAIL', { error: 'OPERATIONFAILED', message: `the provider did not answer within ${event.ms} ms` });
    default:
      // A drop with autoClear keeps the far end's cause.
      return state === 'dropping' ? causeFrom(context, 'local', 'NORMAL') : context.cause;
  }
}

/**
 * What entering `state` on `event` changes in the call's context, in one update: the stamp every
 * state gets (its name, its mode, the time, the states reached), and what the event that led
 * there means for the call (the make's request, the cause of a disconnect or an end, a drop's
 * request, the settled cause at the end). One update per state entered keeps a call to one
 * snapshot per step (`docs/adr/` on performance).
 */
export function entered(state: CallState, context: CallContext, event: CallEvent, at: number): Partial<CallContext> {
  const reached = context.reached | callStateBit(state);
  const patch: Partial<CallContext> = { state, enteredAt: at, reached };
  if (state === 'placing') patch.requests = { ...context.requests, make: event.type === 'MAKE' ? (event.request ?? null) : null };
  if (state === 'answering') patch.requests = { ...context.requests, answer: event.type === 'ANSWER' ? (event.request ?? null) : null };
  if (state === 'connected' && context.connectedAt === null) patch.connectedAt = at;
  // A drop is answered at the end; one sent without a request number expects no answer.
  if (event.type === 'DROP' && event.request !== undefined) {
    const requests = patch.requests ?? context.requests;
    patch.requests = { ...requests, drops: [...requests.drops, event.request] };
  }
  if (state === 'busy' || state === 'disconnected' || state === 'dropping' || state === 'ended') {
    patch.cause = causeOf(context, state, event);
  }
  if (state === 'ended') {
    const cause = patch.cause ?? { mode: 'UNKNOWN' as const, origin: 'local' as const, state: context.state, connected: false };
    patch.cause = { ...cause, connected: (reached & CONNECTED_BIT) !== 0 };
  }
  patch.mode = modeOf(state, patch.cause === undefined ? context : { ...context, cause: patch.cause }, event);
  return patch;
}

/**
 * The redirect the event reports, as the call keeps it (rule 9 of the provider contract), or null
 * for any other event.
 *
 * @example
 * ```ts
 * redirectionOf({ type: 'PROVIDER.REDIRECTED', to: 'sip:carol@b.example', detail: { code: 302 } }, 1_000);
 * // { to: 'sip:carol@b.example', detail: { code: 302 }, at: 1000 }
 * ```
 */
export function redirectionOf(event: CallEvent, at: number): CallRedirection | null {
  if (event.type !== 'PROVIDER.REDIRECTED') return null;
  const redirection: CallRedirection = { to: String(event.to), at };
  if (event.detail) redirection.detail = event.detail;
  return redirection;
}

/**
 * The far end's transfer request the event reports (rule 11 of the provider contract), or null
 * for any other event.
 *
 * @example
 * ```ts
 * transferRequestOf({ type: 'PROVIDER.TRANSFER_REQUESTED', to: 'sip:carol@b.example', by: 'sip:bob@a.example' }, 1_000);
 * // { to: 'sip:carol@b.example', by: 'sip:bob@a.example', at: 1000 }
 * ```
 */
export function transferRequestOf(event: CallEvent, at: number): CallTransferRequest | null {
  if (event.type !== 'PROVIDER.TRANSFER_REQUESTED') return null;
  const request: CallTransferRequest = { to: String(event.to), at };
  if (typeof event.by === 'string' && event.by !== '') request.by = event.by;
  return request;
}

/** Whether the provider has accepted the call's make (it reached a state that accepts it). */
export function makeAccepted(context: Pick<CallContext, 'reached'>): boolean {
  return (context.reached & ACCEPTED_BITS) !== 0;
}

/**
 * The LINEERR_ a make fails with when the call ends before the provider accepted it: the
 * cause's error, or USERCANCELLED when the application dropped it first (lineMakeCall).
 */
export function makeFailure(cause: Pick<CallCause, 'origin' | 'error'>): LineErrorName {
  return cause.origin === 'local' ? 'USERCANCELLED' : (cause.error ?? 'OPERATIONFAILED');
}

/** What a hold, unhold or transfer command leaves pending (ADR 0010), or null for any other event. */
export function pendingOf(event: CallEvent): PendingRequest | null {
  const request = 'request' in event && typeof event.request === 'number' ? event.request : null;
  switch (event.type) {
    case 'HOLD':
      return { kind: 'hold', request };
    case 'UNHOLD':
      return { kind: 'unhold', request };
    case 'BLIND_TRANSFER':
      return { kind: 'blindTransfer', request };
    case 'SETUP_TRANSFER':
      return { kind: 'setupTransfer', request };
    case 'COMPLETE_TRANSFER':
      return { kind: 'completeTransfer', request };
    default:
      return null;
  }
}
