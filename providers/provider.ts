/**
 * The provider contract: the TSPI of xtapi.
 *
 * A provider drives the world (a switch, a SIP network, a simulator) the way a TAPI service
 * provider does under TAPISRV. It says which line devices it has and what they can do, and for
 * every call it creates a {@link ProviderCall}: the call service. The call actor invokes that
 * service for its whole life, sends it commands ({@link ProviderCommand}: make, dial, generate
 * digits, drop) and receives the provider's reports ({@link ProviderEvent}: `PROVIDER.*`).
 *
 * A provider author needs only this file. The rules are TSPI's (TSPI_lineMakeCall,
 * TSPI_lineDial, TSPI_lineDrop on learn.microsoft.com), restated where they apply:
 *
 * 1. Report what the world reports, nothing invented. There is no fixed sequence of states
 *    (lineMakeCall remarks): skip what you cannot see. A non-dialed (hot) line may go straight
 *    to `PROVIDER.CONNECTED`.
 * 2. The first progress event after `make` accepts the call (TAPI then sends the application's
 *    `LINE_REPLY`). TSPI asks for that no later than PROCEEDING, ideally at DIALTONE. To refuse
 *    the call instead, send `PROVIDER.FAILED` with a {@link LineErrorName}.
 * 3. `drop` is idempotent: answer every `drop` with `PROVIDER.IDLE` once the call is released at
 *    the far end, even if it was released before. A call that was answered while the drop was on
 *    its way (a SIP 200 crossing our CANCEL) must still be released: send BYE, then IDLE.
 * 4. `dispose` is final: release everything the call holds at once (timers, transactions) and send
 *    no further event. It is called when the call actor stops, whatever state it is in.
 * 5. Every delay uses the {@link Clock} given to {@link Provider.createCall}, never the global
 *    timers, so tests run on simulated time.
 * 6. {@link Provider.shutdown} resolves only when every socket, timer and transaction the provider
 *    owns is gone.
 * 7. A line may go out of service and come back (a SIP registration that lapses). Tell the core
 *    through the `report` given to {@link Provider.openLine}: only between `openLine` resolving
 *    and `closeLine`, and only on a change. While out of service the provider fails its own calls
 *    (`PROVIDER.FAILED` with INVALLINESTATE, then release them as for a drop) and refuses new ones
 *    the same way at `make`; the core does not drop them, it only stops creating calls there.
 *
 * A provider can fail, hang or lie: the call actor guards against all three (a timeout on `make`
 * and `drop`, impossible events ignored and reported as warnings), but a good provider does none.
 *
 * @packageDocumentation
 */

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

/** LINEDISCONNECTMODE_ names (tapi-facts §1.2): why a call was disconnected. */
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

/** LINEBUSYMODE_ names (tapi-facts §1.10). */
export type BusyMode = 'STATION' | 'TRUNK' | 'UNKNOWN' | 'UNAVAIL';

/** LINEDIALTONEMODE_ names (tapi-facts §1.10). */
export type DialToneMode = 'NORMAL' | 'SPECIAL' | 'INTERNAL' | 'EXTERNAL' | 'UNKNOWN' | 'UNAVAIL';

/** LINECONNECTEDMODE_ names (tapi-facts §1.10). */
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

/** LINEBEARERMODE_ names (tapi-facts §1.4). */
export type BearerMode =
  | 'VOICE'
  | 'SPEECH'
  | 'MULTIUSE'
  | 'DATA'
  | 'ALTSPEECHDATA'
  | 'NONCALLSIGNALING'
  | 'PASSTHROUGH'
  | 'RESTRICTEDDATA';

/** LINEMEDIAMODE_ names (tapi-facts §1.5). */
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
   * _DIALBILLING). `?` is never supported (tapi-facts §5.2).
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

/** The default call parameters: a 3.1 kHz voice call (lineMakeCall with lpCallParams NULL). */
export const defaultCallParams: CallParams = Object.freeze({
  bearerMode: 'VOICE',
  mediaMode: 'INTERACTIVEVOICE',
  blockId: false,
  origination: null,
  noAnswerTimeout: 0,
}) as CallParams;

/** What a provider learns about a call when it is created. */
export interface CallRequest {
  /** The telephony-wide id of the call, for logs. */
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
}

/** The commands the call actor sends to its call service. */
export type ProviderCommand =
  | { type: 'MAKE' }
  | { type: 'DIAL'; digits: string; complete: boolean }
  | { type: 'GENERATE_DIGITS'; digits: string }
  | { type: 'DROP' };

/** Provider-specific detail that rides with a disconnect, e.g. the SIP status and Reason. */
export interface ProviderDetail {
  /** Protocol status code (a SIP status such as 486), if there is one. */
  code?: number;
  /** Protocol reason text (a SIP reason phrase or Reason header). */
  reason?: string;
}

/** The events a call service sends to its call actor. */
export type ProviderEvent =
  | { type: 'PROVIDER.DIALTONE'; mode?: DialToneMode }
  | { type: 'PROVIDER.DIALING' }
  | { type: 'PROVIDER.PROCEEDING' }
  | { type: 'PROVIDER.RINGBACK'; ring?: number }
  | { type: 'PROVIDER.BUSY'; mode?: BusyMode; detail?: ProviderDetail }
  | { type: 'PROVIDER.CONNECTED'; mode?: ConnectedMode }
  | { type: 'PROVIDER.DISCONNECTED'; mode: DisconnectMode; detail?: ProviderDetail }
  | { type: 'PROVIDER.IDLE' }
  | { type: 'PROVIDER.FAILED'; error: LineErrorName; message?: string; detail?: ProviderDetail };

/** The `type` of every provider event. */
export type ProviderEventType = ProviderEvent['type'];

/**
 * The provider side of one call: the call service the call actor invokes. The actor turns its
 * commands into these method calls; see the contract rules at the top of this file.
 */
export interface ProviderCall {
  /** Start the call toward {@link CallRequest.destination} (TSPI_lineMakeCall). */
  make(): void;
  /** Dial more digits; `complete` is false while more are to come (TSPI_lineDial). */
  dial(digits: string, complete: boolean): void;
  /** Send digits as DTMF on a connected call (TSPI_lineGenerateDigits). */
  generateDigits(digits: string): void;
  /** Abandon or hang up the call; answer with `PROVIDER.IDLE` (TSPI_lineDrop). Idempotent. */
  drop(): void;
  /** Release everything at once and send nothing more. */
  dispose(): void;
}

/**
 * What a provider reports about an open line as a whole: it went out of service (with why) or
 * came back. TAPI sends these as LINE_LINEDEVSTATE with LINEDEVSTATE_OUTOFSERVICE /
 * LINEDEVSTATE_INSERVICE, and LINEDEVSTATUS shows them as LINEDEVSTATUSFLAGS_INSERVICE
 * (LINE_LINEDEVSTATE and LINEDEVSTATUS on learn.microsoft.com; tapi-facts §1.10, §3.2).
 * Out of service, the line refuses calls with LINEERR_INVALLINESTATE (lineMakeCall: "check
 * LINEFEATURE_MAKECALL in LINEDEVSTATUS").
 */
export type LineServiceEvent =
  | { type: 'PROVIDER.LINE.OUTOFSERVICE'; error: 'INVALLINESTATE'; message: string }
  | { type: 'PROVIDER.LINE.INSERVICE' };

/**
 * How a provider tells the core that an open line went out of service or came back (the second
 * argument of {@link Provider.openLine}). Calling it after `closeLine` is harmless: it is ignored.
 *
 * @example
 * ```ts
 * const provider: Provider = {
 *   // …
 *   openLine(lineIndex, report) {
 *     network.onOutage(lineIndex, (why) => report?.({ type: 'PROVIDER.LINE.OUTOFSERVICE', error: 'INVALLINESTATE', message: why }));
 *     network.onRestore(lineIndex, () => report?.({ type: 'PROVIDER.LINE.INSERVICE' }));
 *   },
 * };
 * ```
 */
export type LineServiceReport = (event: LineServiceEvent) => void;

/** A provider: line devices plus a call service per call. */
export interface Provider {
  /** A short name, e.g. "simulated" or "sip" (ITAddress ServiceProviderName). */
  readonly name: string;
  /** The line devices, in order; the telephony numbers them after those of earlier providers. */
  readonly lines: readonly LineDevice[];
  /**
   * Called when a line is opened, before any call is made on it (a SIP provider registers
   * here). Reject to refuse the open; the error's `lineError`, if any, is reported. A line opens
   * in service; from the moment this resolves until `closeLine`, `report` may say that it went
   * out of service (LINEDEVSTATE_OUTOFSERVICE) or came back (LINEDEVSTATE_INSERVICE): see rule 7
   * at the top of this file. A report before this resolves is ignored.
   */
  openLine?(lineIndex: number, report?: LineServiceReport): Promise<void> | void;
  /** Called when a line is closed, after its calls are gone. */
  closeLine?(lineIndex: number): Promise<void> | void;
  /**
   * Create the provider side of a call. Nothing reaches the world before `make()`.
   * `report` delivers events to the call actor; `clock` is the only source of time.
   */
  createCall(request: CallRequest, report: (event: ProviderEvent) => void, clock: Clock): ProviderCall;
  /** Release everything; resolves when no socket, timer or transaction is left. */
  shutdown(): Promise<void>;
}

/** An error a provider throws or reports, carrying the LINEERR_ name that fits. */
export class ProviderError extends Error {
  constructor(
    readonly lineError: LineErrorName,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
