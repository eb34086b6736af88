/**
 * From the core's words to TAPI 3's: the call statechart's state to CALL_STATE, a call's cause
 * to CALL_STATE_EVENT_CAUSE, a failed connection to the HRESULT a synchronous Connect returns,
 * and a LINEERR_ name to its TAPI_E_ twin. Pure functions of the actor's snapshot and events:
 * the façade keeps no call state of its own.
 *
 * Microsoft publishes no mapping of LINECALLSTATE_ to CALL_STATE nor of LINEDISCONNECTMODE_ to
 * CEC_ (`docs/reference/tapi3.md`); the tables below are xtapi's, chosen by meaning, and `docs/tapi3.md`
 * lists them.
 */
import { callStateBit } from '../../machines/call.js';
import type { CallContext } from '../../machines/call.js';
import type { CallCause, CallState } from '../../machines/events.js';
import type { DisconnectMode, LineErrorName } from '../../providers/provider.js';
import {
  CEC_DISCONNECT_BADADDRESS,
  CEC_DISCONNECT_BLOCKED,
  CEC_DISCONNECT_BUSY,
  CEC_DISCONNECT_CANCELLED,
  CEC_DISCONNECT_FAILED,
  CEC_DISCONNECT_NOANSWER,
  CEC_DISCONNECT_NORMAL,
  CEC_DISCONNECT_REJECTED,
  CS_CONNECTED,
  CS_HOLD,
  CS_DISCONNECTED,
  CS_IDLE,
  CS_INPROGRESS,
  CS_OFFERING,
} from './constants.js';
import * as H from './hresults.js';

const GONE = callStateBit('busy') | callStateBit('disconnected') | callStateBit('ended');
const CONNECTED = callStateBit('connected');
const OFFERED = callStateBit('offering');

/**
 * The CALL_STATE each state of the call statechart stands for (its `meta.tapi3`), or null for
 * `dropping`, which has none of its own: it is the call on its way to the end, and it goes on
 * showing the CALL_STATE it had (see {@link callStateOf}).
 */
export function csOfState(state: CallState): number | null {
  switch (state) {
    case 'idle':
      return CS_IDLE;
    case 'offering':
    case 'accepted':
    case 'answering':
      return CS_OFFERING;
    case 'placing':
    case 'dialtone':
    case 'dialing':
    case 'proceeding':
    case 'ringback':
      return CS_INPROGRESS;
    case 'connected':
      return CS_CONNECTED;
    case 'onHold':
    case 'onHoldPendTransfer':
      return CS_HOLD;
    case 'busy':
    case 'disconnected':
    case 'ended':
      return CS_DISCONNECTED;
    case 'dropping':
      return null;
  }
}

/**
 * The CALL_STATE of a call, from its actor's context.
 *
 * While a call is `dropping` it keeps the CALL_STATE it had: CS_DISCONNECTED once the far end has
 * gone (busy or disconnected), else CS_HOLD if it was held when the drop began (our Disconnect
 * of a held call, or a transfer completed from hold: the cause's `state` says where the call
 * was), else CS_CONNECTED if it was connected, else CS_OFFERING for a call that arrived, else
 * CS_INPROGRESS. The
 * Disconnect page says the call "will transition to CS_DISCONNECTED after the method completes
 * successfully", i.e. when the provider has released it, and the CALL_STATE table allows no
 * step back; both hold this way (no CS_CONNECTED → CS_INPROGRESS, nothing after CS_DISCONNECTED).
 * A held call being dropped stays CS_HOLD rather than showing CS_CONNECTED for the moment the
 * drop takes: the table allows CS_HOLD → CS_CONNECTED, but that would tell the application its
 * call was taken back, which it never was (CALL_STATE: CS_HOLD → CS_DISCONNECTED is allowed too).
 */
export function callStateOf(context: Pick<CallContext, 'state' | 'reached'> & Partial<Pick<CallContext, 'cause'>>): number {
  const own = csOfState(context.state);
  if (own !== null) return own;
  if (context.reached & GONE) return CS_DISCONNECTED;
  const before = context.cause?.state;
  if (before === 'onHold' || before === 'onHoldPendTransfer') return CS_HOLD;
  if (context.reached & CONNECTED) return CS_CONNECTED;
  // A call that arrived and is being turned down is still CS_OFFERING until it is released.
  return context.reached & OFFERED ? CS_OFFERING : CS_INPROGRESS;
}

/**
 * The CALL_STATE table ("CALL_STATE enumeration"): the states each may go to. Nothing goes back
 * to CS_IDLE, and CS_DISCONNECTED is the end.
 */
const NEXT_STATES: Readonly<Record<number, readonly number[]>> = {
  [CS_IDLE]: [CS_INPROGRESS, CS_CONNECTED, CS_DISCONNECTED, CS_OFFERING, CS_HOLD],
  [CS_INPROGRESS]: [CS_CONNECTED, CS_DISCONNECTED, CS_HOLD],
  [CS_CONNECTED]: [CS_HOLD, CS_DISCONNECTED],
  [CS_DISCONNECTED]: [],
  [CS_OFFERING]: [CS_CONNECTED, CS_DISCONNECTED, CS_HOLD],
  [CS_HOLD]: [CS_CONNECTED, CS_DISCONNECTED],
};

/**
 * Whether a call in CALL_STATE `from` may be reported in `to` next, by the CALL_STATE table. A
 * repeat is not a change (TE_CALLSTATE is sent once per change), and a step the table does not
 * have (CS_CONNECTED → CS_INPROGRESS, anything after CS_DISCONNECTED) is never reported.
 *
 * @example
 * ```ts
 * mayFollow(CS_CONNECTED, CS_HOLD);    // true
 * mayFollow(CS_HOLD, CS_CONNECTED);    // true: taken back (Hold(VARIANT_FALSE))
 * mayFollow(CS_DISCONNECTED, CS_HOLD); // false
 * ```
 */
export function mayFollow(from: number, to: number): boolean {
  return NEXT_STATES[from]?.includes(to) ?? false;
}

/** CEC_ for each LINEDISCONNECTMODE_; null: depends on whether the call was connected. */
const CEC_OF_MODE: Record<DisconnectMode, number | null> = {
  NORMAL: CEC_DISCONNECT_NORMAL,
  PICKUP: CEC_DISCONNECT_NORMAL, // answered elsewhere: not a failure
  FORWARDED: CEC_DISCONNECT_NORMAL,
  BUSY: CEC_DISCONNECT_BUSY,
  BADADDRESS: CEC_DISCONNECT_BADADDRESS,
  NUMBERCHANGED: CEC_DISCONNECT_BADADDRESS,
  NOANSWER: CEC_DISCONNECT_NOANSWER,
  CANCELLED: CEC_DISCONNECT_CANCELLED,
  REJECT: CEC_DISCONNECT_REJECTED,
  DONOTDISTURB: CEC_DISCONNECT_REJECTED, // the destination declines every call
  BLOCKED: CEC_DISCONNECT_BLOCKED,
  UNREACHABLE: CEC_DISCONNECT_FAILED,
  CONGESTION: CEC_DISCONNECT_FAILED,
  INCOMPATIBLE: CEC_DISCONNECT_FAILED,
  NODIALTONE: CEC_DISCONNECT_FAILED,
  OUTOFORDER: CEC_DISCONNECT_FAILED,
  TEMPFAILURE: CEC_DISCONNECT_FAILED,
  QOSUNAVAIL: CEC_DISCONNECT_FAILED,
  UNKNOWN: null,
  UNAVAIL: null,
};

/**
 * The CEC_DISCONNECT_* cause TAPI 3 reports with CS_DISCONNECTED.
 *
 * Our own Disconnect (origin `local`, mode NORMAL) is CEC_DISCONNECT_NORMAL, as the issue asks;
 * a provider that failed or stopped answering is CEC_DISCONNECT_FAILED; a reason that is unknown
 * is NORMAL for a call that was connected (it ended) and FAILED for one that never was.
 *
 * @example
 * ```ts
 * cecOf({ mode: 'BUSY', origin: 'remote', state: 'proceeding', connected: false }); // CEC_DISCONNECT_BUSY
 * ```
 */
export function cecOf(cause: CallCause | null): number {
  if (!cause) return CEC_DISCONNECT_NORMAL;
  if (cause.origin === 'provider' || (cause.origin === 'timeout' && cause.mode !== 'NOANSWER')) return CEC_DISCONNECT_FAILED;
  return CEC_OF_MODE[cause.mode] ?? (cause.connected ? CEC_DISCONNECT_NORMAL : CEC_DISCONNECT_FAILED);
}

/** The TAPI_E_ twin of each LINEERR_ the core uses. */
const HRESULT_OF_LINEERR: Record<LineErrorName, number> = {
  ADDRESSBLOCKED: H.TAPI_E_ADDRESSBLOCKED,
  ALLOCATED: H.TAPI_E_ALLOCATED,
  BADDEVICEID: H.TAPI_E_NODEVICE,
  BEARERMODEUNAVAIL: H.TAPI_E_INVALCALLPARAMS,
  CALLUNAVAIL: H.TAPI_E_CALLUNAVAIL,
  // TAPI 3 has one code for the whole LINEERR_DIAL* family ("TAPI_E_ Constants").
  DIALBILLING: H.TAPI_E_DIALMODIFIERNOTSUPPORTED,
  DIALDIALTONE: H.TAPI_E_DIALMODIFIERNOTSUPPORTED,
  DIALPROMPT: H.TAPI_E_DIALMODIFIERNOTSUPPORTED,
  DIALQUIET: H.TAPI_E_DIALMODIFIERNOTSUPPORTED,
  DIALVOICEDETECT: H.TAPI_E_DIALMODIFIERNOTSUPPORTED,
  INUSE: H.TAPI_E_INUSE,
  INVALADDRESS: H.TAPI_E_INVALADDRESS,
  INVALBEARERMODE: H.TAPI_E_INVALCALLPARAMS,
  INVALCALLPARAMS: H.TAPI_E_INVALCALLPARAMS,
  INVALCALLSTATE: H.TAPI_E_INVALCALLSTATE,
  INVALDIGITS: H.TAPI_E_INVALDIGITS,
  INVALLINESTATE: H.TAPI_E_INVALADDRESSSTATE,
  INVALMEDIAMODE: H.TAPI_E_INVALIDMEDIATYPE,
  INVALPARAM: H.E_INVALIDARG,
  NODRIVER: H.TAPI_E_NODRIVER,
  NOMEM: H.E_OUTOFMEMORY,
  OPERATIONFAILED: H.TAPI_E_OPERATIONFAILED,
  OPERATIONUNAVAIL: H.TAPI_E_NOTSUPPORTED,
  RESOURCEUNAVAIL: H.TAPI_E_RESOURCEUNAVAIL,
  USERCANCELLED: H.TAPI_E_REQUESTCANCELLED,
};

/**
 * The HRESULT for a LINEERR_ name, so that every face refuses the same input the same way.
 *
 * @example
 * ```ts
 * hresultOfLineError('DIALDIALTONE'); // TAPI_E_DIALMODIFIERNOTSUPPORTED
 * ```
 */
export function hresultOfLineError(error: LineErrorName): number {
  return HRESULT_OF_LINEERR[error] ?? H.TAPI_E_OPERATIONFAILED;
}

/** The HRESULT a failed synchronous Connect returns, for each LINEDISCONNECTMODE_. */
const CONNECT_FAILURE_OF_MODE: Record<DisconnectMode, number> = {
  BUSY: H.TAPI_E_DESTBUSY,
  NOANSWER: H.TAPI_E_DESTNOANSWER,
  UNREACHABLE: H.TAPI_E_DESTUNAVAIL,
  CONGESTION: H.TAPI_E_DESTUNAVAIL,
  INCOMPATIBLE: H.TAPI_E_DESTUNAVAIL,
  NODIALTONE: H.TAPI_E_DESTUNAVAIL,
  OUTOFORDER: H.TAPI_E_DESTUNAVAIL,
  TEMPFAILURE: H.TAPI_E_DESTUNAVAIL,
  QOSUNAVAIL: H.TAPI_E_DESTUNAVAIL,
  BADADDRESS: H.TAPI_E_INVALADDRESS,
  NUMBERCHANGED: H.TAPI_E_INVALADDRESS,
  BLOCKED: H.TAPI_E_ADDRESSBLOCKED,
  // The far end ended the attempt without a reason TAPI 3 has a code for.
  REJECT: H.TAPI_E_DROPPED,
  DONOTDISTURB: H.TAPI_E_DROPPED,
  NORMAL: H.TAPI_E_DROPPED,
  PICKUP: H.TAPI_E_DROPPED,
  FORWARDED: H.TAPI_E_DROPPED,
  CANCELLED: H.TAPI_E_DROPPED,
  UNKNOWN: H.TAPI_E_DROPPED,
  UNAVAIL: H.TAPI_E_DROPPED,
};

/**
 * What `Connect(true)` returns for a call that ended without being connected: the application's
 * own Disconnect or Release cancelled the request (TAPI_E_REQUESTCANCELLED); a provider error is
 * its TAPI_E_ twin; otherwise the far end's reason (TAPI_E_DESTBUSY, TAPI_E_DESTNOANSWER,
 * TAPI_E_DESTUNAVAIL, …, TAPI_E_DROPPED when TAPI 3 has no code for it).
 *
 * @example
 * ```ts
 * connectFailure({ mode: 'BUSY', origin: 'remote', state: 'proceeding', connected: false }); // TAPI_E_DESTBUSY
 * ```
 */
export function connectFailure(cause: CallCause | null): number {
  if (!cause) return H.TAPI_E_REQUESTFAILED;
  if (cause.origin === 'local') return H.TAPI_E_REQUESTCANCELLED;
  if (cause.error) return hresultOfLineError(cause.error);
  return CONNECT_FAILURE_OF_MODE[cause.mode] ?? H.TAPI_E_REQUESTFAILED;
}
