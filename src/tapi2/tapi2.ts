/**
 * `createTapi2`: the TAPI 2.x line API over xtapi's call actors, with TAPI's functions, messages,
 * codes and rules (`docs/reference/`; the seed is Microsoft's lineMakeCall page). See
 * `docs/tapi2.md` for the choices made where TAPI leaves room.
 */
import { inspect } from 'node:util';
import type { Telephony } from '../phone/telephony.js';
import * as app from './app-functions.js';
import * as calls from './call-functions.js';
import { lineGenerateDigits } from './generate-digits.js';
import * as digits from './digit-functions.js';
import * as answers from './answer-functions.js';
import * as holds from './hold-functions.js';
import * as transfers from './transfer-functions.js';
import { LINEERR_OPERATIONFAILED } from './constants/errors.js';
import * as lines from './line-functions.js';
import * as status from './status-messages.js';
import * as tones from './tone-functions.js';
import type { LineCallback } from './messages.js';
import type { Tapi2CallControl } from './call-control-api.js';
import { Tapi2Runtime, type Tapi2Options } from './runtime.js';
import type {
  LINECALLINFO,
  LINECALLPARAMS,
  LINECALLSTATUS,
  LINEDEVCAPS,
  LINEDEVSTATUS,
  LINEEXTENSIONID,
  LINEGENERATETONE,
  LINEINITIALIZEEXPARAMS,
  LINEMESSAGE,
  LINEMONITORTONE,
  Out,
} from './structures.js';

/**
 * The TAPI 2 line functions, under their C names. Every function returns what its C twin
 * returns: 0 or a negative LINEERR_ for the synchronous ones, a positive request id or a
 * negative LINEERR_ for the asynchronous ones (lineMakeCall, lineDial, lineDrop, lineAccept,
 * lineAnswer, and the hold and transfer functions of {@link Tapi2CallControl}), whose result
 * comes later in LINE_REPLY. lineGetMessage returns a Promise of 0 or a LINEERR_. No function
 * throws: bad handles, pointers and parameters give the LINEERR_ TAPI lists for them.
 *
 * Messages are never delivered from inside the function that caused them; they are queued and
 * delivered in order on a later microtask (see `messages.ts`).
 */
export interface Tapi2 extends Tapi2CallControl {
  /**
   * Initialise an application. `lpLineInitializeExParams.dwOptions` picks how messages arrive:
   * LINEINITIALIZEEXOPTION_USEHIDDENWINDOW calls `lpfnCallback` with TAPI's six arguments;
   * LINEINITIALIZEEXOPTION_USEEVENT queues them for {@link Tapi2.lineGetMessage}. Writes the
   * application handle, the number of line devices, and the highest API version (0x00020002).
   *
   * @example
   * ```ts
   * const hLineApp = { value: 0 }, numDevs = { value: 0 }, version = { value: 0x00020002 };
   * tapi.lineInitializeEx(hLineApp, null, (hDevice, msg, inst, p1, p2, p3) => console.log(msg, p1, p2),
   *   'my app', numDevs, version, { dwOptions: LINEINITIALIZEEXOPTION_USEHIDDENWINDOW }); // 0
   * ```
   */
  lineInitializeEx(
    lphLineApp: Out | null,
    hInstance: unknown,
    lpfnCallback: LineCallback | null,
    lpszFriendlyAppName: string | null,
    lpdwNumDevs: Out | null,
    lpdwAPIVersion: Out | null,
    lpLineInitializeExParams: LINEINITIALIZEEXPARAMS | null,
  ): number;

  /**
   * Event mode: the next message, as soon as there is one; LINEERR_OPERATIONFAILED after
   * `dwTimeout` ms (on the telephony's clock) with none, at once for 0; INFINITE waits for ever.
   * lineShutdown ends a wait with LINEERR_INVALAPPHANDLE.
   *
   * @example
   * ```ts
   * const msg = {} as LINEMESSAGE;
   * while ((await tapi.lineGetMessage(hLineApp.value, msg, INFINITE)) === 0) {
   *   if (msg.dwMessageID === LINE_CALLSTATE && msg.dwParam1 === LINECALLSTATE_CONNECTED) break;
   * }
   * ```
   */
  lineGetMessage(hLineApp: number, lpMessage: Partial<LINEMESSAGE> | null, dwTimeout: number): Promise<number>;

  /**
   * The API version to open a device with: the highest in `[low, high]` that xtapi speaks
   * (0x00020000 to 0x00020002), or LINEERR_INCOMPATIBLEAPIVERSION.
   *
   * @example
   * ```ts
   * const version = { value: 0 };
   * tapi.lineNegotiateAPIVersion(hLineApp.value, 0, 0x00010004, 0x00020002, version, {}); // 0
   * version.value; // 0x00020002
   * ```
   */
  lineNegotiateAPIVersion(
    hLineApp: number,
    dwDeviceID: number,
    dwAPILowVersion: number,
    dwAPIHighVersion: number,
    lpdwAPIVersion: Out | null,
    lpExtensionID: Partial<LINEEXTENSIONID> | null,
  ): number;

  /**
   * A device's capabilities, from its provider: name, bearer and media modes, how many calls it
   * holds, which dial modifiers it carries out.
   *
   * @example
   * ```ts
   * const caps = {} as LINEDEVCAPS;
   * tapi.lineGetDevCaps(hLineApp.value, 0, 0x00020002, 0, caps); // 0
   * caps.LineName; // 'Simulated line 0'
   * ```
   */
  lineGetDevCaps(hLineApp: number, dwDeviceID: number, dwAPIVersion: number, dwExtVersion: number, lpLineDevCaps: Partial<LINEDEVCAPS> | null): number;

  /**
   * Open a line device (or, with LINEMAPPER, the first that fits `lpCallParams`). Several opens of
   * one device each get their own handle and share the line; each sees only its own calls.
   *
   * @example
   * ```ts
   * const hLine = { value: 0 };
   * tapi.lineOpen(hLineApp.value, 0, hLine, 0x00020002, 0, 42, LINECALLPRIVILEGE_NONE, 0, null); // 0
   * ```
   */
  lineOpen(
    hLineApp: number,
    dwDeviceID: number,
    lphLine: Out | null,
    dwAPIVersion: number,
    dwExtVersion: number,
    dwCallbackInstance: number,
    dwPrivileges: number,
    dwMediaModes: number,
    lpCallParams: LINECALLPARAMS | null,
  ): number;

  /**
   * Close a line handle: the calls made on it are dropped and nothing more about them is
   * delivered, except the LINE_REPLY every request still pending gets (TAPI 2.0: only
   * lineShutdown withdraws replies; a make cancelled by the close answers LINEERR_USERCANCELLED).
   *
   * @example
   * ```ts
   * tapi.lineClose(hLine.value); // 0
   * ```
   */
  lineClose(hLine: number): number;

  /**
   * Shut an application down: its lines are closed (their calls dropped), its messages stop.
   * The last lineShutdown of an instance that started its own telephony shuts that down too.
   *
   * @example
   * ```ts
   * tapi.lineShutdown(hLineApp.value); // 0
   * ```
   */
  lineShutdown(hLineApp: number): number;

  /**
   * Place a call. Returns a request id; LINE_REPLY with it says whether the call was placed, and
   * `lphCall.value` is written when that reply is delivered. NULL (or an address ending in ";")
   * leaves the call waiting for {@link Tapi2.lineDial}; NULL `lpCallParams` is a voice call.
   *
   * @example
   * ```ts
   * const hCall = { value: 0 };
   * const request = tapi.lineMakeCall(hLine.value, hCall, '+1 (425) 555-0111', 0, null); // > 0
   * ```
   */
  lineMakeCall(hLine: number, lphCall: Out | null, lpszDestAddress: string | null, dwCountryCode: number, lpCallParams: LINECALLPARAMS | null): number;

  /**
   * Dial more of a call's address while it waits for digits (DIALTONE, or DIALING after a
   * partial address); a string ending in ";" leaves it waiting, one without completes it.
   *
   * @example
   * ```ts
   * tapi.lineDial(hCall.value, '555;', 0); // request id
   * tapi.lineDial(hCall.value, '0111', 0); // request id: dialling is complete
   * ```
   */
  lineDial(hCall: number, lpszDestAddress: string | null, dwCountryCode: number): number;

  /**
   * Drop a call in any state but IDLE; the call ends in LINECALLSTATE_IDLE and the LINE_REPLY
   * follows.
   *
   * @example
   * ```ts
   * tapi.lineDrop(hCall.value, null, 0); // request id
   * ```
   */
  lineDrop(hCall: number, lpsUserUserInfo: string | Uint8Array | null, dwSize: number): number;

  /**
   * Accept a call that arrived and is OFFERING: it goes to ACCEPTED and the caller hears ringback.
   * Returns a request id; the LINE_REPLY follows at once. A monitor gets LINEERR_NOTOWNER.
   *
   * @example
   * ```ts
   * // on LINE_APPNEWCALL: hCall = dwParam2
   * tapi.lineAccept(hCall, null, 0); // request id
   * ```
   */
  lineAccept(hCall: number, lpsUserUserInfo: string | Uint8Array | null, dwSize: number): number;

  /**
   * Answer a call that arrived (OFFERING or ACCEPTED). Returns a request id; the LINE_REPLY comes
   * once the call is connected (then LINE_CALLSTATE CONNECTED), or with an error if the caller
   * gave up first. A monitor gets LINEERR_NOTOWNER.
   *
   * @example
   * ```ts
   * tapi.lineAnswer(hCall, null, 0); // request id
   * ```
   */
  lineAnswer(hCall: number, lpsUserUserInfo: string | Uint8Array | null, dwSize: number): number;

  /**
   * Send digits as DTMF on a CONNECTED call (LINEDIGITMODE_DTMF; 0-9, A-D, *, #, other characters
   * ignored). Returns 0 at once; LINE_GENERATE (dwParam1 LINEGENERATETERM_DONE) follows once the
   * provider has the digits. NULL `lpszDigits` cancels a generation in progress (there never is
   * one: each is done before the function returns). `dwDuration` 0 is the default.
   *
   * @example
   * ```ts
   * tapi.lineGenerateDigits(hCall.value, LINEDIGITMODE_DTMF, '1234#', 0); // 0
   * // later: LINE_GENERATE, hDevice = hCall, dwParam1 = LINEGENERATETERM_DONE
   * ```
   */
  lineGenerateDigits(hCall: number, dwDigitMode: number, lpszDigits: string | null, dwDuration: number): number;

  /**
   * Turn LINE_MONITORDIGITS on (LINEDIGITMODE_DTMF) or off (0) for this handle of the call: one
   * message per key the far end presses (dwParam1 the digit's character code, dwParam2
   * LINEDIGITMODE_DTMF, dwParam3 the tick count). Any state but IDLE and DISCONNECTED; a monitor
   * may use it.
   *
   * @example
   * ```ts
   * tapi.lineMonitorDigits(hCall.value, LINEDIGITMODE_DTMF); // 0
   * // later: LINE_MONITORDIGITS, hDevice = hCall, dwParam1 = '5'.charCodeAt(0)
   * ```
   */
  lineMonitorDigits(hCall: number, dwDigitModes: number): number;

  /**
   * Gather up to `dwNumDigits` of the far end's digits into `lpsDigits.value` (a string), until a
   * termination digit, a timeout (ms; 0 waits for ever) or a cancel (NULL `lpsDigits`, a new
   * request, the call's end); LINE_GATHERDIGITS then says why (dwParam1 LINEGATHERTERM_), and the
   * buffer holds the digits once it is delivered. Owners only.
   *
   * @example
   * ```ts
   * const digits = { value: '' };
   * tapi.lineGatherDigits(hCall.value, LINEDIGITMODE_DTMF, digits, 4, '#', 5000, 3000); // 0
   * // later: LINE_GATHERDIGITS, dwParam1 = LINEGATHERTERM_TERMDIGIT; digits.value === '12#'
   * ```
   */
  lineGatherDigits(
    hCall: number,
    dwDigitModes: number,
    lpsDigits: { value: string } | null,
    dwNumDigits: number,
    lpszTerminationDigits: string | null,
    dwFirstDigitTimeout: number,
    dwInterDigitTimeout: number,
  ): number;

  /**
   * Play a tone to the far end of a CONNECTED call, through its audio: LINETONEMODE_RINGBACK, _BUSY,
   * _BEEP, _BILLING (North American tones), or _CUSTOM with `dwNumTones` LINEGENERATETONE components
   * (1 … 3) in `lpTones`. `dwDuration` ms, 0 the default (until cancelled; one cycle for BILLING).
   * Returns 0 once it has started; LINE_GENERATE follows (dwParam1 LINEGENERATETERM_DONE, or
   * _CANCEL when dwToneMode 0, another tone or lineGenerateDigits ended it, or the call stopped
   * talking). Owners only; LINEERR_OPERATIONUNAVAIL when the provider carries no audio.
   *
   * @example
   * ```ts
   * tapi.lineGenerateTone(hCall.value, LINETONEMODE_BUSY, 3000, 0, null); // 0
   * tapi.lineGenerateTone(hCall.value, LINETONEMODE_CUSTOM, 500, 1, [{ dwFrequency: 1000, dwCadenceOn: 100, dwCadenceOff: 100, dwVolume: 0x8000 }]);
   * // later: LINE_GENERATE, hDevice = hCall, dwParam1 = LINEGENERATETERM_CANCEL (the busy tone), then _DONE
   * ```
   */
  lineGenerateTone(hCall: number, dwToneMode: number, dwDuration: number, dwNumTones: number, lpTones: readonly LINEGENERATETONE[] | null): number;

  /**
   * Listen for tones on the call for this handle: LINE_MONITORTONE (dwParam1 the entry's
   * dwAppSpecific, dwParam3 the tick count) each time one of the `dwNumEntries` LINEMONITORTONE
   * entries has been heard for its dwDuration (up to three frequencies; all 0 is silence). NULL
   * turns it off, a new list replaces the old. Any state but IDLE; a monitor may use it.
   *
   * @example
   * ```ts
   * tapi.lineMonitorTones(hCall.value, [{ dwAppSpecific: 7, dwDuration: 400, dwFrequency1: 480, dwFrequency2: 620, dwFrequency3: 0 }], 1); // 0
   * // later: LINE_MONITORTONE, hDevice = hCall, dwParam1 = 7 (a busy tone)
   * ```
   */
  lineMonitorTones(hCall: number, lpToneList: readonly LINEMONITORTONE[] | null, dwNumEntries: number): number;

  /**
   * Free a call handle once the call is IDLE (before that: LINEERR_INVALCALLSTATE). Replies to
   * the call's requests are still delivered.
   *
   * @example
   * ```ts
   * tapi.lineDeallocateCall(hCall.value); // 0
   * ```
   */
  lineDeallocateCall(hCall: number): number;

  /**
   * The call's state now: dwCallState, dwCallStateMode, dwCallFeatures, tStateEntryTime.
   *
   * @example
   * ```ts
   * const status = {} as LINECALLSTATUS;
   * tapi.lineGetCallStatus(hCall.value, status);
   * status.dwCallState === LINECALLSTATE_CONNECTED && (status.dwCallFeatures & LINECALLFEATURE_DROP) !== 0;
   * ```
   */
  lineGetCallStatus(hCall: number, lpCallStatus: Partial<LINECALLSTATUS> | null): number;

  /**
   * The call's information: line, call id, bearer and media modes, origin, reason, caller and
   * called party, displayable address.
   *
   * @example
   * ```ts
   * const info = {} as LINECALLINFO;
   * tapi.lineGetCallInfo(hCall.value, info);
   * info.CalledID; // '+14255550111'
   * ```
   */
  lineGetCallInfo(hCall: number, lpCallInfo: Partial<LINECALLINFO> | null): number;

  /**
   * The line's status now: opens, active calls, whether a call can be made (dwLineFeatures).
   *
   * @example
   * ```ts
   * const status = {} as LINEDEVSTATUS;
   * tapi.lineGetLineDevStatus(hLine.value, status);
   * (status.dwLineFeatures & LINEFEATURE_MAKECALL) !== 0;
   * ```
   */
  lineGetLineDevStatus(hLine: number, lpLineDevStatus: Partial<LINEDEVSTATUS> | null): number;

  /**
   * Choose the line and address changes this line handle hears: LINE_LINEDEVSTATE with a
   * LINEDEVSTATE_ bit in `dwLineStates` (xtapi reports LINEDEVSTATE_OUTOFSERVICE and
   * LINEDEVSTATE_INSERVICE); by default none but REINIT. A bit that is no LINEDEVSTATE_ value is
   * LINEERR_INVALLINESTATE, one that is no LINEADDRESSSTATE_ value LINEERR_INVALADDRESSSTATE.
   *
   * @example
   * ```ts
   * tapi.lineSetStatusMessages(hLine.value, LINEDEVSTATE_OUTOFSERVICE | LINEDEVSTATE_INSERVICE, 0); // 0
   * // later: LINE_LINEDEVSTATE, hDevice = hLine, dwParam1 = LINEDEVSTATE_OUTOFSERVICE
   * ```
   */
  lineSetStatusMessages(hLine: number, dwLineStates: number, dwAddressStates: number): number;

  /**
   * The masks the line handle set with {@link Tapi2.lineSetStatusMessages} (0 and 0 before).
   *
   * @example
   * ```ts
   * const lineStates = { value: 0 }, addressStates = { value: 0 };
   * tapi.lineGetStatusMessages(hLine.value, lineStates, addressStates); // 0
   * ```
   */
  lineGetStatusMessages(hLine: number, lpdwLineStates: Out | null, lpdwAddressStates: Out | null): number;

  /**
   * Not TAPI: the telephony the functions run over, for XState users and tests (null before the
   * first lineInitializeEx and after the last lineShutdown of an instance started over providers).
   */
  readonly telephony: Telephony | null;

  /**
   * Not TAPI: resolves once every line close, call drop and telephony shutdown started so far
   * has finished (with a manual clock, let time run meanwhile).
   *
   * @example
   * ```ts
   * tapi.lineShutdown(hLineApp.value);
   * await tapi.whenIdle(); // every call dropped, every actor stopped
   * ```
   */
  whenIdle(): Promise<void>;
}

/** Options of {@link createTapi2}. */
export type { Tapi2Options };

/** Wrap a function so that no exception escapes: TAPI functions return codes, never throw. */
function guard<A extends unknown[]>(fn: (...args: A) => number): (...args: A) => number {
  return (...args) => {
    try {
      return fn(...args);
    } catch {
      return LINEERR_OPERATIONFAILED;
    }
  };
}

/**
 * Create a TAPI 2 instance: over a telephony it starts on `providers` (at the first
 * lineInitializeEx), or over an existing `telephony`.
 *
 * @example
 * ```ts
 * import { createTapi2, LINE_REPLY, LINEINITIALIZEEXOPTION_USEHIDDENWINDOW } from 'xtapi/tapi2';
 * import { simulatedProvider } from 'xtapi/providers/simulated';
 *
 * const tapi = createTapi2({ providers: [simulatedProvider({ timing: 'instant' })] });
 * const hLineApp = { value: 0 };
 * tapi.lineInitializeEx(hLineApp, null, (hDevice, msg, inst, p1, p2) => {
 *   if (msg === LINE_REPLY) console.log('request', p1, 'result', p2);
 * }, 'demo', { value: 0 }, { value: 0x00020002 }, { dwOptions: LINEINITIALIZEEXOPTION_USEHIDDENWINDOW });
 * ```
 */
export function createTapi2(options: Tapi2Options = {}): Tapi2 {
  const rt = new Tapi2Runtime(options);
  const tapi: Tapi2 = {
    lineInitializeEx: guard((a, b, c, d, e, f, g) => app.lineInitializeEx(rt, a, b, c, d, e, f, g)),
    lineGetMessage: (hLineApp, lpMessage, dwTimeout) => {
      try {
        return app.lineGetMessage(rt, hLineApp, lpMessage, dwTimeout);
      } catch {
        return Promise.resolve(LINEERR_OPERATIONFAILED);
      }
    },
    lineNegotiateAPIVersion: guard((a, b, c, d, e, f) => app.lineNegotiateAPIVersion(rt, a, b, c, d, e, f)),
    lineGetDevCaps: guard((a, b, c, d, e) => app.lineGetDevCaps(rt, a, b, c, d, e)),
    lineOpen: guard((a, b, c, d, e, f, g, h, i) => lines.lineOpen(rt, a, b, c, d, e, f, g, h, i)),
    lineClose: guard((hLine) => lines.lineClose(rt, hLine)),
    lineShutdown: guard((hLineApp) => app.lineShutdown(rt, hLineApp)),
    lineMakeCall: guard((a, b, c, d, e) => lines.lineMakeCall(rt, a, b, c, d, e)),
    lineDial: guard((a, b, c) => calls.lineDial(rt, a, b, c)),
    lineDrop: guard((a, b, c) => calls.lineDrop(rt, a, b, c)),
    lineAccept: guard((a, b, c) => answers.lineAccept(rt, a, b, c)),
    lineAnswer: guard((a, b, c) => answers.lineAnswer(rt, a, b, c)),
    lineGenerateDigits: guard((a, b, c, d) => lineGenerateDigits(rt, a, b, c, d)),
    lineMonitorDigits: guard((a, b) => digits.lineMonitorDigits(rt, a, b)),
    lineGatherDigits: guard((a, b, c, d, e, f, g) => digits.lineGatherDigits(rt, a, b, c, d, e, f, g)),
    lineGenerateTone: guard((a, b, c, d, e) => tones.lineGenerateTone(rt, a, b, c, d, e)),
    lineMonitorTones: guard((a, b, c) => tones.lineMonitorTones(rt, a, b, c)),
    lineHold: guard((hCall) => holds.lineHold(rt, hCall)),
    lineUnhold: guard((hCall) => holds.lineUnhold(rt, hCall)),
    lineSwapHold: guard((a, b) => holds.lineSwapHold(rt, a, b)),
    lineBlindTransfer: guard((a, b, c) => transfers.lineBlindTransfer(rt, a, b, c)),
    lineSetupTransfer: guard((a, b, c) => transfers.lineSetupTransfer(rt, a, b, c)),
    lineCompleteTransfer: guard((a, b, c, d) => transfers.lineCompleteTransfer(rt, a, b, c, d)),
    lineDeallocateCall: guard((hCall) => calls.lineDeallocateCall(rt, hCall)),
    lineGetCallStatus: guard((a, b) => calls.lineGetCallStatus(rt, a, b)),
    lineGetCallInfo: guard((a, b) => calls.lineGetCallInfo(rt, a, b)),
    lineGetLineDevStatus: guard((a, b) => lines.lineGetLineDevStatus(rt, a, b)),
    lineSetStatusMessages: guard((a, b, c) => status.lineSetStatusMessages(rt, a, b, c)),
    lineGetStatusMessages: guard((a, b, c) => status.lineGetStatusMessages(rt, a, b, c)),
    get telephony() {
      return rt.currentTelephony;
    },
    whenIdle: () => rt.whenIdle(),
  };
  // console.log(tapi) and JSON.stringify(tapi): what the instance holds, not its twenty functions.
  const summary = () => {
    const lines = [...rt.apps].flatMap((app) => [...app.lines]);
    return { applications: rt.apps.size, lines: lines.length, calls: lines.reduce((n, line) => n + line.calls.size, 0), telephony: rt.currentTelephony ? 'running' : 'none' };
  };
  Object.defineProperties(tapi, {
    toJSON: { value: summary },
    [inspect.custom]: { value: () => `Tapi2 ${inspect(summary(), { breakLength: Infinity })}` },
  });
  return tapi;
}
