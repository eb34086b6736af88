/**
 * The events of the call and line actors: what goes in (commands from the application, reports
 * from the provider) and what comes out (emitted events the façades translate).
 *
 * Event types are drawn from a fixed set on purpose: XState memoises transition candidates per
 * event type for the life of the machine, so a per-call event type would leak
 * (`docs/reference/xstate-behaviour.md`, "Event types come from a fixed set").
 */
import type {
  CallMode,
  DigitTransport,
  DisconnectMode,
  DropMode,
  LineErrorName,
  ProviderDetail,
  ProviderEvent,
} from '../providers/provider.js';

/**
 * The state of a call, as the application sees it. Most are TAPI's (LINECALLSTATE_); `placing`,
 * `answering` and `dropping` are the waits on the provider that TAPI hides behind a pending
 * request, and `ended` is the end (TAPI 2 reports it as LINECALLSTATE_IDLE).
 */
export type CallState =
  | 'idle'
  | 'offering'
  | 'accepted'
  | 'answering'
  | 'placing'
  | 'dialtone'
  | 'dialing'
  | 'proceeding'
  | 'ringback'
  | 'busy'
  | 'connected'
  | 'onHold'
  | 'onHoldPendTransfer'
  | 'disconnected'
  | 'dropping'
  | 'ended';

/** The kinds of request a call answers with a reply. */
export type RequestKind =
  | 'make'
  | 'dial'
  | 'generateDigits'
  | 'accept'
  | 'answer'
  | 'drop'
  | 'hold'
  | 'unhold'
  | 'blindTransfer'
  | 'setupTransfer'
  | 'completeTransfer';

/**
 * Why a call ended. It rides on the one terminal event and stays on the final snapshot
 * (`snapshot.output` and `snapshot.context.cause`).
 */
export interface CallCause {
  /** LINEDISCONNECTMODE_ name: NORMAL for a call hung up by either side, BUSY, NOANSWER, … */
  mode: DisconnectMode;
  /**
   * Who ended the call: `local` (the application dropped it), `remote` (the far end or the
   * network), `timeout` (dwNoAnswerTimeout, or a provider that stopped answering), `provider`
   * (the provider failed or refused the call), `transfer` (the call was handed on to someone
   * else, blind or after consultation, and left us).
   */
  origin: 'local' | 'remote' | 'timeout' | 'provider' | 'transfer';
  /** Where a transferred call went, when the provider said. */
  transferredTo?: string;
  /** The state the call was in when the cause arose. */
  state: CallState;
  /** Whether the call was ever connected. */
  connected: boolean;
  /** The LINEERR_ name when a request or the provider failed. */
  error?: LineErrorName;
  /** A human-readable detail, e.g. the provider's error message. */
  message?: string;
  /** Protocol detail from the provider, e.g. the SIP status code and reason. */
  detail?: ProviderDetail;
}

/**
 * One redirect of a call on its way (rule 9 of the provider contract): where the network sent it
 * and why. The last one is what TAPI calls the call's redirection ID (LINECALLINFO RedirectionID,
 * "the address to which the call was redirected"; TAPI 3's CIS_REDIRECTIONIDNUMBER).
 */
export interface CallRedirection {
  /** The address the call was sent to: a dialable address or a URI, as the provider gave it. */
  to: string;
  /** What the protocol said, e.g. the SIP status and reason phrase of the 3xx. */
  detail?: ProviderDetail;
  /** Clock time of the redirect. */
  at: number;
}

/**
 * The far end asks us to call `to` and leave it (rule 11 of the provider contract; SIP REFER,
 * RFC 3515 §2.4): we are the transferee. Neither TAPI 2 nor TAPI 3 has it.
 */
export interface CallTransferRequest {
  /** The address to call: a dialable address or a URI, as the provider gave it. */
  to: string;
  /** Who asks, where the protocol says (SIP: Referred-By, RFC 3892). */
  by?: string;
  /** Clock time of the request. */
  at: number;
}

/** Commands from the application (through a façade) to a call actor. */
export type CallCommand =
  | { type: 'MAKE'; request?: number }
  | { type: 'DIAL'; digits: string; complete: boolean; request?: number }
  | { type: 'GENERATE_DIGITS'; digits: string; request?: number }
  | { type: 'ACCEPT'; request?: number }
  | { type: 'ANSWER'; request?: number }
  /** `mode` is what a call not answered yet is refused with (default NORMAL: SIP 486). */
  | { type: 'DROP'; request?: number; mode?: DropMode }
  /** lineHold, ITBasicCallControl::Hold(VARIANT_TRUE). */
  | { type: 'HOLD'; request?: number }
  /** lineUnhold, ITBasicCallControl::Hold(VARIANT_FALSE). */
  | { type: 'UNHOLD'; request?: number }
  /** lineBlindTransfer, ITBasicCallControl::BlindTransfer: `to` is the dial string or URI. */
  | { type: 'BLIND_TRANSFER'; to: string; request?: number }
  /** lineSetupTransfer: hold the call pending a transfer (the façade makes the consultation call). */
  | { type: 'SETUP_TRANSFER'; request?: number }
  /** lineCompleteTransfer (LINETRANSFERMODE_TRANSFER), Finish(FM_ASTRANSFER): join this held call's far end to the consultation call's. */
  | { type: 'COMPLETE_TRANSFER'; consultationCallId: string; request?: number }
  /** The consultation call ended before the transfer completed: back to plain hold (lineDrop remarks). */
  | { type: 'CANCEL_TRANSFER' }
  /**
   * The far end's transfer request is accepted (rule 11 of the provider contract): the provider
   * tells it so; the application then makes the new call itself, with `transferOf` set.
   */
  | { type: 'ACCEPT_TRANSFER_REQUEST' }
  /** The far end's transfer request is refused (SIP: 603 Decline). */
  | { type: 'REFUSE_TRANSFER_REQUEST' };

/**
 * The call's own timer: dwNoAnswerTimeout has run out (raised by the call itself, on the clock).
 */
export interface NoAnswerTimeoutEvent {
  type: 'NOANSWER_TIMEOUT';
}

/**
 * The provider has not answered a make (no progress at all) or a drop (no release) within the
 * line's `providerTimeout` (`ms`): sent by the line's provider service, which watches every
 * command it hands the provider, on the clock.
 */
export interface ProviderTimeoutEvent {
  type: 'PROVIDER_TIMEOUT';
  ms: number;
}

/** Everything a call actor receives. */
export type CallEvent = CallCommand | ProviderEvent | NoAnswerTimeoutEvent | ProviderTimeoutEvent;

/** A state change: sent on entry to every state, with the mode TAPI attaches to it. */
export interface CallStateEvent {
  type: 'state';
  callId: string;
  state: CallState;
  mode: CallMode | null;
  /** Clock time the state was entered. */
  at: number;
}

/**
 * The reply to a request: `error` null means the request completed (TAPI's LINE_REPLY with
 * dwParam2 = 0). Every request event gets exactly one reply. A make's reply always comes before
 * the first progress state of its call ("Async Replies Versus Events on New Call Handles";
 * docs/reference/tapi2-messages.md).
 */
export interface CallReplyEvent {
  type: 'reply';
  callId: string;
  kind: RequestKind;
  /** The `request` number the command carried, if any. */
  request: number | undefined;
  error: LineErrorName | null;
}

/** The one terminal event of a call. */
export interface CallEndedEvent {
  type: 'ended';
  callId: string;
  cause: CallCause;
  at: number;
}

/** The provider sent an event the call cannot take in its current state; it was ignored. */
export interface CallWarningEvent {
  type: 'warning';
  callId: string;
  state: CallState;
  event: string;
  message: string;
}

/**
 * The call's information changed without a change of state: it was redirected (TAPI 2's
 * LINE_CALLINFO with LINECALLINFOSTATE_REDIRECTIONID, TAPI 3's TE_CALLINFOCHANGE with
 * CIC_REDIRECTIONID). The redirection is also the last of `context.redirections`.
 */
export interface CallRedirectedEvent {
  type: 'redirected';
  callId: string;
  redirection: CallRedirection;
}

/**
 * The far end asked for a transfer (rule 11 of the provider contract). `refused` is true when
 * the line does not let its applications be asked (the default): the call has refused it already,
 * and it is reported so that it can be logged. Otherwise it waits in `context.transferRequest`
 * for ACCEPT_TRANSFER_REQUEST or REFUSE_TRANSFER_REQUEST.
 */
export interface CallTransferRequestedEvent {
  type: 'transferRequested';
  callId: string;
  request: CallTransferRequest;
  refused: boolean;
}

/**
 * The far end pressed a key on a connected or held call (rule 12 of the provider contract): TAPI
 * 2's LINE_MONITORDIGITS (LINEDIGITMODE_DTMF), TAPI 3's TE_DIGITEVENT. Once per key press, in
 * order; the call's state does not change.
 */
export interface CallDigitEvent {
  type: 'digit';
  callId: string;
  /** One of 0-9, A-D, `*`, `#`. */
  digit: string;
  /** How it came, when the provider said (RFC 4733, SIP INFO, tones in the audio). */
  via: DigitTransport | null;
  /** Clock time the call heard it. */
  at: number;
}

/** Everything a call actor emits. */
export type CallEmitted = CallStateEvent | CallReplyEvent | CallEndedEvent | CallWarningEvent | CallRedirectedEvent | CallTransferRequestedEvent | CallDigitEvent;
