/**
 * The provider contract: the TSPI of xtapi.
 *
 * A provider drives the world (a switch, a SIP network, a simulator) the way a TAPI service
 * provider does under TAPISRV. It says which line devices it has and what they can do. When the
 * core opens a line it calls {@link Provider.openLine} once and gets the provider side of that
 * line, a {@link ProviderLine}: the core's line supervisor invokes it as a service for as long as
 * the line is open (TSPI_lineOpen to TSPI_lineClose), every call on the line is made through it,
 * and the provider reports what happens to the line and its calls through the {@link LineLink}
 * it was given (TSPI's LINEEVENT callback: one per line, each call addressed by its id).
 *
 * Each call is one handle pair, as in TSPI: the core's call id (TSPI's htCall) and the
 * {@link ProviderCall} the provider made (its hdCall). A call the application makes is created by
 * {@link ProviderLine.makeCall}; a call that arrives from the network is announced by the
 * provider with {@link LineLink.offer} (TSPI's LINE_NEWCALL), which gives it its call id. Either
 * way the core then sends the call's commands (dial, generate digits, accept, answer, drop) to
 * that object and the provider reports `PROVIDER.*` events for the call id.
 *
 * A provider author needs only this file. The rules are TSPI's (TSPI_lineMakeCall,
 * TSPI_lineDial, TSPI_lineDrop, TSPI_lineCloseCall on learn.microsoft.com), restated where they
 * apply:
 *
 * 1. Report what the world reports, nothing invented. There is no fixed sequence of states
 *    (lineMakeCall remarks): skip what you cannot see. A non-dialed (hot) line may go straight
 *    to `PROVIDER.CONNECTED`.
 * 2. The first progress event after `makeCall` accepts the call (TAPI then sends the
 *    application's `LINE_REPLY`). TSPI asks for that no later than PROCEEDING, ideally at
 *    DIALTONE. To refuse the call instead, report `PROVIDER.FAILED` with a {@link LineErrorName}
 *    (or throw a {@link ProviderError} from `makeCall`).
 * 3. `drop` is idempotent: answer every `drop` with `PROVIDER.IDLE` once the call is released at
 *    the far end, even if it was released before. A call that was answered while the drop was on
 *    its way (a SIP 200 crossing our CANCEL) must still be released: send BYE, then IDLE.
 * 4. `dispose` is final (TSPI_lineCloseCall): release everything the call holds at once (timers,
 *    transactions) and report nothing more for it. The core calls it once the call has ended, or
 *    when the line's service stops, whatever state the call is in; anything reported for a
 *    disposed call is dropped by the core.
 * 5. Every delay uses {@link LineLink.clock}, never the global timers, so tests run on simulated
 *    time.
 * 6. {@link Provider.shutdown} resolves only when every socket, timer and transaction the provider
 *    owns is gone.
 * 7. A call that arrives is offered with {@link LineLink.offer}, which gives it its call id as the
 *    provider creates it; it starts in LINECALLSTATE_OFFERING (no event needed). The core may refuse
 *    it at once (the line is at its limit, out of service or closing): it then drops it with
 *    mode BUSY, and the provider refuses the call at the far end (SIP: 486) and reports IDLE as
 *    for any drop. A dropped offered call is refused with the mode the drop carries: NORMAL
 *    (SIP 486 Busy Here), REJECT (603 Decline), NOANSWER (480 Temporarily Unavailable), BUSY
 *    (486). The caller giving up is `PROVIDER.DISCONNECTED` with mode CANCELLED.
 * 8. A line may go out of service and come back (a SIP registration that lapses): report it with
 *    {@link LineLink.service}, only between `openLine` resolving and `close`, and only on a
 *    change. While out of service the provider fails its own calls (`PROVIDER.FAILED` with
 *    INVALLINESTATE, then releases them as for a drop) and refuses new ones the same way at
 *    `makeCall`; the core does not drop them, it only stops creating calls there.
 * 9. A call on its way that the network sends elsewhere (a SIP 3xx that is followed, a switch
 *    that forwards the call) is reported with `PROVIDER.REDIRECTED`, naming the address it was
 *    sent to, each time it happens: TSPI's LINE_CALLINFO with LINECALLINFOSTATE_REDIRECTIONID,
 *    LINECALLINFO's RedirectionID being "the address to which the call was redirected". It changes
 *    the call's information, not its state, and does not accept a make (rule 2): report the
 *    progress that follows (PROCEEDING, RINGBACK) as usual. It is taken from the make until
 *    ringback (placing, dial tone, dialing, proceeding, ringback); anywhere else it is ignored.
 * 10. Hold and transfer are optional: a line device declares what it can do in
 *     {@link LineDevice.features}, and its calls implement the matching {@link ProviderCall}
 *     methods (the core never calls one the device does not declare; it answers
 *     LINEERR_OPERATIONUNAVAIL itself). Each is a request the provider answers exactly once:
 *     `hold` with `PROVIDER.ONHOLD` (TSPI_lineHold, LINECALLSTATE_ONHOLD), `unhold` with
 *     `PROVIDER.CONNECTED` (TSPI_lineUnhold), `blindTransfer` and `transfer` with
 *     `PROVIDER.TRANSFERRED` once the far end has reached the target (TSPI_lineBlindTransfer,
 *     TSPI_lineCompleteTransfer; SIP: the NOTIFY whose sipfrag is a 2xx); on a consultation transfer
 *     report it on both calls. The core then drops the transferred calls as for any drop (rule 3).
 *     A request that fails is answered with `PROVIDER.REQUEST_FAILED` naming it, and leaves the call
 *     as it was (held stays held, connected stays connected); a failed consultation transfer is
 *     reported on the held call only. A call that ends first (DISCONNECTED, FAILED, IDLE) answers
 *     its pending request too: the core fails it. `TRANSFERRED`'s `to` is where the far end was
 *     sent (a dialable address or URI; for a consultation transfer, the consultation call's far
 *     end). The far end holding us, or taking us back, is `PROVIDER.CONNECTED` with mode
 *     ACTIVEHELD, then ACTIVE (LINECONNECTEDMODE_), reported on each change; while we hold the
 *     call it only changes what the call's mode will be once taken back (only an unhold's answer
 *     takes a held call back). A switch that holds the call on its own reports `PROVIDER.ONHOLD`
 *     unasked.
 * 11. The far end may ask us to transfer ourselves (we are the transferee; SIP: a REFER in the
 *     dialog, RFC 3515 §2.4): on a connected or held call, report `PROVIDER.TRANSFER_REQUESTED`
 *     with `to`, the address the far end asks us to call (a dialable address or a URI), and `by`,
 *     who asks, where the protocol says (SIP: Referred-By, RFC 3892). It is call information, not
 *     a state, and no request of ours. The core answers through
 *     {@link ProviderCall.answerTransferRequest} (SIP: `true` is 202 Accepted and a NOTIFY
 *     `SIP/2.0 100 Trying`, `false` 603 Decline); a call without that method cannot be asked, and
 *     the provider refuses on its own. Answer on your own too (refuse) if the core has not within
 *     a bound on the line's clock (SIP: 8 s, within Timer F of RFC 3261 §17.1.2.2), and while
 *     another request is still unanswered (SIP: 491 Request Pending, RFC 3261 §21.4.27: "a pending
 *     request within the same dialog"); an answer that comes after is ignored. Accepted, the
 *     application makes the new call itself, on the same line, with the ordinary make:
 *     {@link CallRequest.transferOf} names the call whose far end asked. The provider then reports
 *     the new call's progress to that far end (SIP: a NOTIFY with the sipfrag of each response to
 *     the new INVITE, `Subscription-State: terminated` on the final one, RFC 3515 §2.4.5 and §2.4.7) and
 *     tells the target who sent it (SIP: Referred-By, and Replaces if the Refer-To carried one,
 *     RFC 3891). The old call typically ends next with the far end's hang-up (DISCONNECTED).
 * 12. Digits the far end sends on a connected or held call (SIP: RFC 4733 telephone-events, INFO
 *     with `application/dtmf-relay`, DTMF detected in the audio) are reported with
 *     `PROVIDER.DIGIT`, once per key press and in the order pressed, as soon as the press is
 *     known (TSPI's LINE_MONITORDIGITS with LINEDIGITMODE_DTMF): `digit` is one of 0-9, A-D, `*`
 *     and `#`. A press heard more than once (RFC 4733's redundant end packets, a resent INFO) is
 *     still one digit. It is call information, not a state; anywhere else it is ignored.
 * 13. A call may carry audio the core can play to and record from (`play`, `record` of the
 *     modern API): {@link ProviderCall.media} gives it as 8 kHz 16-bit PCM frames both ways
 *     ({@link CallMedia}), from the answer to the end. It is optional: a call without it has no
 *     audio for the core (OPERATIONUNAVAIL).
 *
 * A provider can fail, hang or lie: the core guards against all three (a timeout on `makeCall`
 * and `drop`, a command that throws becomes `PROVIDER.FAILED`, impossible events are ignored and
 * reported as warnings), but a good provider does none.
 *
 * @example
 * ```ts
 * import type { Provider } from 'xtapi';
 *
 * // A switch on which every number is busy: one line, and a call object per call.
 * const alwaysBusy: Provider = {
 *   name: 'always-busy',
 *   lines: [device],
 *   openLine: (lineIndex, link) => ({
 *     makeCall(request) {
 *       link.clock.setTimeout(() => link.report(request.callId, { type: 'PROVIDER.BUSY', mode: 'STATION' }), 10);
 *       return { dial() {}, generateDigits() {}, drop: () => link.report(request.callId, { type: 'PROVIDER.IDLE' }), dispose() {} };
 *     },
 *   }),
 *   shutdown: async () => {},
 * };
 * ```
 *
 * @packageDocumentation
 */
import type { FrameSource, Playback } from './media/pcm-player.js';

/**
 * The time source for every delay and timestamp: XState's `Clock` plus `now()`.
 * XState's `SimulatedClock` and xtapi's `ManualClock` (from `xtapi/testing`) both fit.
 */
export interface Clock {
  /** Current time in milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** The real clock: `Date.now` and the global timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/** LINEDISCONNECTMODE_ names (LINEDISCONNECTMODE_ Constants): why a call was disconnected. */
export type DisconnectMode =
  | 'NORMAL'
  | 'UNKNOWN'
  | 'REJECT'
  | 'PICKUP'
  | 'FORWARDED'
  | 'BUSY'
  | 'NOANSWER'
  | 'BADADDRESS'
  | 'UNREACHABLE'
  | 'CONGESTION'
  | 'INCOMPATIBLE'
  | 'UNAVAIL'
  | 'NODIALTONE'
  | 'NUMBERCHANGED'
  | 'OUTOFORDER'
  | 'TEMPFAILURE'
  | 'QOSUNAVAIL'
  | 'BLOCKED'
  | 'DONOTDISTURB'
  | 'CANCELLED';

/** LINEBUSYMODE_ names (LINEBUSYMODE_ Constants). */
export type BusyMode = 'STATION' | 'TRUNK' | 'UNKNOWN' | 'UNAVAIL';

/** LINEDIALTONEMODE_ names (LINEDIALTONEMODE_ Constants). */
export type DialToneMode = 'NORMAL' | 'SPECIAL' | 'INTERNAL' | 'EXTERNAL' | 'UNKNOWN' | 'UNAVAIL';

/** LINECONNECTEDMODE_ names (LINECONNECTEDMODE_ Constants). */
export type ConnectedMode = 'ACTIVE' | 'INACTIVE' | 'ACTIVEHELD' | 'INACTIVEHELD' | 'CONFIRMED';

/** The mode that rides with a state: the detail TAPI gives in LINE_CALLSTATE dwParam2. */
export type CallMode = DisconnectMode | BusyMode | DialToneMode | ConnectedMode;

/**
 * LINEERR_ names (without the prefix) that the core and the providers use. The façades turn
 * them into the C values (`xtapi/tapi2`) or HRESULTs (`xtapi/tapi3`).
 */
export type LineErrorName =
  | 'ADDRESSBLOCKED'
  | 'ALLOCATED'
  | 'BADDEVICEID'
  | 'BEARERMODEUNAVAIL'
  | 'CALLUNAVAIL'
  | 'DIALBILLING'
  | 'DIALDIALTONE'
  | 'DIALPROMPT'
  | 'DIALQUIET'
  | 'DIALVOICEDETECT'
  | 'INUSE'
  | 'INVALADDRESS'
  | 'INVALBEARERMODE'
  | 'INVALCALLPARAMS'
  | 'INVALCALLSTATE'
  | 'INVALDIGITS'
  | 'INVALLINESTATE'
  | 'INVALMEDIAMODE'
  | 'INVALPARAM'
  | 'NODRIVER'
  | 'NOMEM'
  | 'OPERATIONFAILED'
  | 'OPERATIONUNAVAIL'
  | 'RESOURCEUNAVAIL'
  | 'USERCANCELLED';

/** LINEBEARERMODE_ names (LINEBEARERMODE_ Constants). */
export type BearerMode =
  | 'VOICE'
  | 'SPEECH'
  | 'MULTIUSE'
  | 'DATA'
  | 'ALTSPEECHDATA'
  | 'NONCALLSIGNALING'
  | 'PASSTHROUGH'
  | 'RESTRICTEDDATA';

/** LINEMEDIAMODE_ names (LINEMEDIAMODE_ Constants). */
export type MediaMode =
  | 'UNKNOWN'
  | 'INTERACTIVEVOICE'
  | 'AUTOMATEDVOICE'
  | 'DATAMODEM'
  | 'G3FAX'
  | 'TDD'
  | 'G4FAX'
  | 'DIGITALDATA'
  | 'TELETEX'
  | 'VIDEOTEX'
  | 'TELEX'
  | 'MIXED'
  | 'ADSI'
  | 'VOICEVIEW'
  | 'VIDEO';

/**
 * What one line device can do: the provider's half of LINEDEVCAPS and LINEADDRESSCAPS.
 * The line supervisor enforces `maxCalls`; the address parser honours `dialing`.
 */
export interface LineDevice {
  /** LINEDEVCAPS LineName, e.g. "Simulated line 0". */
  name: string;
  /** The line's own address (its directory number, or a SIP address-of-record). */
  address: string;
  /** LINEADDRESSCAPS dwMaxNumActiveCalls: calls the line can hold at once. */
  maxCalls: number;
  /** Bearer modes the line supports; LINECALLPARAMS asks for one of them. */
  bearerModes: readonly BearerMode[];
  /** Media modes the line supports. */
  mediaModes: readonly MediaMode[];
  /**
   * Dial modifiers the line can carry out (LINEDEVCAPFLAGS_DIALDIALTONE, _DIALQUIET,
   * _DIALBILLING). `?` is never supported (lineMakeCall: LINEERR_DIALPROMPT).
   */
  dialing: {
    /** `W`: wait for dial tone. */
    dialtone: boolean;
    /** `@`: wait for quiet answer. */
    quiet: boolean;
    /** `$`: wait for the billing tone. */
    billing: boolean;
    /** `:`: wait for a voice prompt (TAPI 2.0). */
    voiceDetect: boolean;
  };
  /** Whether the line takes `sip:` URIs as destinations (LINEADDRESSTYPE_ beyond phone numbers). */
  uriAddresses: boolean;
  /** A non-dialed (hot) line: calls go straight to connected and need no address. */
  nonDialed: boolean;
  /**
   * The call control the line's calls support beyond making and dropping (rule 10; LINEADDRESSCAPS
   * dwCallFeatures: LINECALLFEATURE_HOLD and _UNHOLD, _BLINDTRANSFER, _SETUPTRANSFER and
   * _COMPLETETRANSF). Absent or false: the core refuses the request with OPERATIONUNAVAIL.
   */
  features?: LineFeatures;
}

/** What a line device's calls can do beyond making and dropping (rule 10). */
export interface LineFeatures {
  /** Hold and take back (TSPI_lineHold, TSPI_lineUnhold). */
  hold?: boolean;
  /** Transfer to an address without consultation (TSPI_lineBlindTransfer). */
  blindTransfer?: boolean;
  /** Transfer to another call of the line (TSPI_lineSetupTransfer, TSPI_lineCompleteTransfer). */
  transfer?: boolean;
}

/** The call parameters that reach the provider: the parts of LINECALLPARAMS xtapi honours. */
export interface CallParams {
  bearerMode: BearerMode;
  mediaMode: MediaMode;
  /** LINECALLPARAMFLAGS_BLOCKID: conceal the caller's identity. */
  blockId: boolean;
  /** Originating address on the line, if the application chose one. */
  origination: string | null;
  /**
   * dwNoAnswerTimeout, in milliseconds (TAPI gives seconds): how long the call may stay in
   * proceeding or ringback before it is abandoned with LINEDISCONNECTMODE_NOANSWER. 0 = never.
   */
  noAnswerTimeout: number;
}

/** LINECALLORIGIN_ names (LINECALLORIGIN_ Constants): where a call came from. */
export type CallOrigin = 'OUTBOUND' | 'INTERNAL' | 'EXTERNAL' | 'UNKNOWN' | 'UNAVAIL' | 'CONFERENCE' | 'INBOUND';

/** LINECALLREASON_ names (LINECALLREASON_ Constants): why a call arrived here. */
export type CallReason =
  | 'DIRECT'
  | 'FWDBUSY'
  | 'FWDNOANSWER'
  | 'FWDUNCOND'
  | 'PICKUP'
  | 'UNPARK'
  | 'REDIRECT'
  | 'CALLCOMPLETION'
  | 'TRANSFER'
  | 'REMINDER'
  | 'UNKNOWN'
  | 'UNAVAIL'
  | 'INTRUDE'
  | 'PARKED'
  | 'CAMPEDON'
  | 'ROUTEREQUEST';

/**
 * What a provider knows of a call that arrives: who calls (LINECALLINFO's caller ID), whom (the
 * called ID), and where it comes from and why, where it can tell (LINECALLINFO dwOrigin, dwReason).
 */
export interface IncomingCall {
  /** The caller's number or address (a SIP URI's user part or the URI), or null when withheld. */
  from: string | null;
  /** The caller's display name, when known. */
  name: string | null;
  /** The address that was called (the line's number or address of record), when known. */
  to: string | null;
  /** LINECALLORIGIN_ (default UNAVAIL). */
  origin?: CallOrigin;
  /** LINECALLREASON_ (default DIRECT). */
  reason?: CallReason;
}

/**
 * How the core drops a call it has not answered: the LINEDISCONNECTMODE_ it gives the caller.
 * NORMAL and BUSY: not now (SIP 486 Busy Here); REJECT: refused (603 Decline); NOANSWER: nobody
 * took it (480 Temporarily Unavailable). A call that was answered is hung up whatever the mode.
 */
export type DropMode = 'NORMAL' | 'BUSY' | 'REJECT' | 'NOANSWER';

/** The default call parameters: a 3.1 kHz voice call (lineMakeCall with lpCallParams NULL). */
export const defaultCallParams: CallParams = Object.freeze({
  bearerMode: 'VOICE',
  mediaMode: 'INTERACTIVEVOICE',
  blockId: false,
  origination: null,
  noAnswerTimeout: 0,
}) as CallParams;

/** What a provider learns about a call when it is made. */
export interface CallRequest {
  /** The telephony-wide id of the call (TSPI's htCall): report its events with it. */
  callId: string;
  /** Index of the line device in {@link Provider.lines}. */
  lineIndex: number;
  /**
   * The destination as the dial string to send: digits and the modifiers the line supports,
   * formatting removed, no trailing `;` (or a `sip:` URI). Empty when the call was made with no
   * address (all digits come later with `dial`).
   */
  destination: string;
  /** Whether `destination` is complete; false when it ended in `;` or was empty. */
  complete: boolean;
  params: CallParams;
  /**
   * The call id of the call whose far end asked us to make this call (rule 11): report this
   * call's progress to that far end. Absent for an ordinary call.
   */
  transferOf?: string;
}

/**
 * The commands a call receives, as the conformance kit (`xtapi/testing`) records them: the make
 * ({@link ProviderLine.makeCall}) and the {@link ProviderCall} methods.
 */
export type ProviderCommand =
  | { type: 'MAKE' }
  | { type: 'DIAL'; digits: string; complete: boolean }
  | { type: 'GENERATE_DIGITS'; digits: string }
  | { type: 'ACCEPT' }
  | { type: 'ANSWER' }
  | { type: 'DROP'; mode?: DropMode }
  | { type: 'HOLD' }
  | { type: 'UNHOLD' }
  | { type: 'BLIND_TRANSFER'; to: string }
  | { type: 'TRANSFER'; consultationCallId: string }
  | { type: 'ANSWER_TRANSFER_REQUEST'; accept: boolean };

/** The requests a provider may refuse with `PROVIDER.REQUEST_FAILED` (rule 10). */
export type ProviderRequest = 'hold' | 'unhold' | 'transfer';

/** Provider-specific detail that rides with a disconnect or a redirect, e.g. the SIP status and Reason. */
export interface ProviderDetail {
  /** Protocol status code (a SIP status such as 486), if there is one. */
  code?: number;
  /** Protocol reason text (a SIP reason phrase or Reason header). */
  reason?: string;
}

/** What a provider reports about a call: the `PROVIDER.*` events the call actor takes. */
export type ProviderEvent =
  | { type: 'PROVIDER.DIALTONE'; mode?: DialToneMode }
  | { type: 'PROVIDER.DIALING' }
  | { type: 'PROVIDER.PROCEEDING' }
  | { type: 'PROVIDER.RINGBACK'; ring?: number }
  | { type: 'PROVIDER.BUSY'; mode?: BusyMode; detail?: ProviderDetail }
  | { type: 'PROVIDER.CONNECTED'; mode?: ConnectedMode }
  | { type: 'PROVIDER.DISCONNECTED'; mode: DisconnectMode; detail?: ProviderDetail }
  | { type: 'PROVIDER.IDLE' }
  | { type: 'PROVIDER.FAILED'; error: LineErrorName; message?: string; detail?: ProviderDetail }
  /**
   * The call was sent on to `to` (rule 9; LINE_CALLINFO, LINECALLINFOSTATE_REDIRECTIONID): a
   * dialable address or a URI, with the protocol's word for it in `detail` (SIP: 302 Moved
   * Temporarily). Call information only: the call stays in its state.
   */
  | { type: 'PROVIDER.REDIRECTED'; to: string; detail?: ProviderDetail }
  /** The call is on hold (rule 10): our `hold` succeeded, or the switch held it. */
  | { type: 'PROVIDER.ONHOLD' }
  /** The far end reached the transfer's target (rule 10): the core drops the call next. */
  | { type: 'PROVIDER.TRANSFERRED'; to?: string; detail?: ProviderDetail }
  /**
   * The far end asks us to call `to` and leave it (rule 11; SIP REFER, RFC 3515 §2.4; `by` from
   * Referred-By, RFC 3892). Call information only: the call stays in its state.
   */
  | { type: 'PROVIDER.TRANSFER_REQUESTED'; to: string; by?: string }
  /**
   * The far end pressed a key (rule 12; LINE_MONITORDIGITS): one of 0-9, A-D, `*`, `#`, and how it
   * came, when the provider knows (SIP: `rfc4733`, `info`; `inband` for DTMF found in the audio).
   */
  | { type: 'PROVIDER.DIGIT'; digit: string; via?: DigitTransport }
  /** A hold, unhold or transfer failed (rule 10); the call stays as it was. */
  | { type: 'PROVIDER.REQUEST_FAILED'; kind: ProviderRequest; error: LineErrorName; message?: string; detail?: ProviderDetail };

/** How a digit reached the provider (rule 12): RFC 4733 events, SIP INFO, or tones in the audio. */
export type DigitTransport = 'rfc4733' | 'info' | 'inband';

/** The `type` of every provider event. */
export type ProviderEventType = ProviderEvent['type'];

/**
 * What a provider reports about an open line as a whole: it went out of service (with why) or
 * came back. TAPI sends these as LINE_LINEDEVSTATE with LINEDEVSTATE_OUTOFSERVICE /
 * LINEDEVSTATE_INSERVICE, and LINEDEVSTATUS shows them as LINEDEVSTATUSFLAGS_INSERVICE
 * (LINE_LINEDEVSTATE, LINEDEVSTATE_ Constants and LINEDEVSTATUS on learn.microsoft.com).
 * Out of service, the line refuses calls with LINEERR_INVALLINESTATE (lineMakeCall: "check
 * LINEFEATURE_MAKECALL in LINEDEVSTATUS").
 */
export type LineServiceEvent =
  | { type: 'PROVIDER.LINE.OUTOFSERVICE'; error: 'INVALLINESTATE'; message: string }
  | { type: 'PROVIDER.LINE.INSERVICE' };

/**
 * What the core gives a provider with each line it opens: the clock, and where to report (TSPI's
 * LINEEVENT callback, split in two). Both reports may be called at any time, also from inside a
 * method the core called; what arrives for a call that is unknown or disposed, or after the line
 * closed, is dropped.
 *
 * @example
 * ```ts
 * openLine(lineIndex, link) {
 *   network.onOutage(lineIndex, (why) => link.service({ type: 'PROVIDER.LINE.OUTOFSERVICE', error: 'INVALLINESTATE', message: why }));
 *   network.onRestore(lineIndex, () => link.service({ type: 'PROVIDER.LINE.INSERVICE' }));
 *   return { makeCall: (request) => network.call(request, (event) => link.report(request.callId, event), link.clock) };
 * }
 * ```
 */
export interface LineLink {
  /** The only source of time for the line and its calls (rule 5). */
  readonly clock: Clock;
  /** Report an event of the call `callId` (LINE_CALLSTATE and friends, from TSPI's LINEEVENT). */
  report(callId: string, event: ProviderEvent): void;
  /** Report that the line went out of service or came back (rule 8). */
  service(event: LineServiceEvent): void;
  /**
   * A call arrives on the line (TSPI's LINE_NEWCALL, then LINECALLSTATE_OFFERING). The core
   * gives it its call id and `create` makes the provider's side of it with that id (so it can
   * report, and be commanded, from then on); the call is then offered to the applications. The
   * core may refuse it at once, within this call, by dropping it with mode BUSY (rule 7).
   * Returns the call id, or null when the line is not open (or `create` threw): the call was
   * not taken.
   */
  offer(info: IncomingCall, create: (callId: string) => ProviderCall): string | null;
}

/**
 * The provider side of one open line: the line's service, invoked by the line supervisor from
 * `openLine` until `close`. Every call on the line is made here.
 */
export interface ProviderLine {
  /**
   * Create the provider side of a call and start it toward {@link CallRequest.destination}
   * (TSPI_lineMakeCall); report its progress with `link.report(request.callId, …)`, which may
   * happen before this returns. Throw a {@link ProviderError} to refuse the call at once.
   */
  makeCall(request: CallRequest): ProviderCall;
  /**
   * Release the line (TSPI_lineClose; a SIP provider unregisters). Called once, after every call
   * on the line has been disposed; nothing is reported for the line afterwards.
   */
  close?(): Promise<void> | void;
}

/**
 * The provider side of one call (TSPI's hdCall), returned by {@link ProviderLine.makeCall}. The
 * call actor's commands reach it as these method calls; see the contract rules at the top of this
 * file. A method that throws is reported to the call as `PROVIDER.FAILED`.
 */
export interface ProviderCall {
  /** Dial more digits; `complete` is false while more are to come (TSPI_lineDial). */
  dial(digits: string, complete: boolean): void;
  /** Send digits as DTMF on a connected call (TSPI_lineGenerateDigits). */
  generateDigits(digits: string): void;
  /**
   * An offered call is claimed: alert the caller (SIP: 180 Ringing) (TSPI_lineAccept). Only for
   * calls that arrived; a provider without it cannot accept (LINEERR_OPERATIONUNAVAIL).
   */
  accept?(): void;
  /**
   * Answer an offered call; report `PROVIDER.CONNECTED` once it is established (SIP: the ACK of
   * the 200 OK) (TSPI_lineAnswer). Only for calls that arrived.
   */
  answer?(): void;
  /**
   * Abandon, refuse or hang up the call; answer with `PROVIDER.IDLE` (TSPI_lineDrop). Idempotent.
   * An offered call not answered yet is refused with `mode` (rule 7; default NORMAL).
   */
  drop(mode?: DropMode): void;
  /** Put the connected call on hold; answer `PROVIDER.ONHOLD` (rule 10; TSPI_lineHold; SIP: re-INVITE, a=sendonly). */
  hold?(): void;
  /** Take the held call back; answer `PROVIDER.CONNECTED` (rule 10; TSPI_lineUnhold; SIP: re-INVITE, a=sendrecv). */
  unhold?(): void;
  /** Send the far end on to `to` and leave; answer `PROVIDER.TRANSFERRED` (rule 10; TSPI_lineBlindTransfer; SIP: REFER). */
  blindTransfer?(to: string): void;
  /**
   * Join the far end of this (held) call to the far end of `consultation`, another call of the
   * same line, and leave both; answer `PROVIDER.TRANSFERRED` on both (rule 10;
   * TSPI_lineCompleteTransfer with LINETRANSFERMODE_TRANSFER; SIP: REFER with Replaces, RFC 3891).
   */
  transfer?(consultation: ProviderCall): void;
  /**
   * Answer the far end's transfer request (rule 11): `true` accepts it (SIP: 202 Accepted and a
   * NOTIFY `SIP/2.0 100 Trying`, RFC 3515 §2.4.2), `false` refuses it (SIP: 603 Decline). Ignored
   * when no request is waiting (the provider already answered on its own). Without it, the
   * provider refuses every request itself.
   */
  answerTransferRequest?(accept: boolean): void;
  /**
   * The call's audio (rule 13), or null while it has none (not connected yet, ended). Without this
   * method the line's calls carry no audio the core can reach.
   */
  media?(): CallMedia | null;
  /** Release everything at once and report nothing more (TSPI_lineCloseCall). */
  dispose(): void;
}

/**
 * A connected call's audio as the core sees it (rule 13): 8 kHz, 16-bit, mono linear PCM in
 * frames of 20 ms (160 samples), both ways. The provider paces what it plays, one frame per 20 ms
 * (so a provider may play on a thread of its own, away from the core's event loop), encodes and
 * decodes (SIP: G.711 over RTP, RFC 3551 §4.5.14), and drops what it cannot send.
 */
export interface CallMedia {
  /**
   * Play `source` to the far end, a frame every 20 ms, the first at once; several playbacks at
   * once are mixed by nobody (the frames of each are sent as they come). The playback is
   * cancelled when the call's audio ends. `cancel()` stops it: no frame is sent once the
   * provider has heard it (at once in the same thread; a provider's media thread hears it within
   * a turn of its event loop).
   */
  play(source: FrameSource): Playback;
  /** Hear the far end's frames, as they arrive; returns the function that stops listening. */
  onReceive(listener: (frame: Int16Array) => void): () => void;
}

/** A provider: line devices, and the provider side of each line that is open. */
export interface Provider {
  /** A short name, e.g. "simulated" or "sip" (ITAddress ServiceProviderName). */
  readonly name: string;
  /** The line devices, in order; the telephony numbers them after those of earlier providers. */
  readonly lines: readonly LineDevice[];
  /**
   * Open a line (TSPI_lineOpen; a SIP provider registers here) and return its provider side.
   * Throw or reject to refuse the open; the error's `lineError`, if any, is reported. A line
   * opens in service; from the moment this resolves until its `close`, `link.service` may say
   * that it went out of service or came back (rule 8).
   */
  openLine(lineIndex: number, link: LineLink): ProviderLine | Promise<ProviderLine>;
  /** Release everything; resolves when no socket, timer or transaction is left. */
  shutdown(): Promise<void>;
  /**
   * What the provider has dropped or shed so far, by reason, for monitoring (the call board shows
   * the counts that are not zero): e.g. datagrams that were not SIP, requests shed under a flood.
   * Optional; cheap to call at any time.
   */
  counters?(): Readonly<Record<string, number>>;
}

/**
 * An error a provider throws or reports, carrying the LINEERR_ name that fits and, where the
 * protocol said why, its detail (a SIP status and reason phrase).
 */
export class ProviderError extends Error {
  constructor(
    readonly lineError: LineErrorName,
    message: string,
    readonly detail?: ProviderDetail,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
