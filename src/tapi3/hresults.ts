/**
 * Every HRESULT a TAPI 3 method can return, under its C name with its C value as a signed 32-bit
 * number (`0x80040010 | 0 === -2147221488`), so that `hr < 0` means failure as `FAILED(hr)`
 * does in C. Values: winerror.h (S_, E_), tapi3err.h (TAPI_E_; all 90) and olectl.h
 * (CONNECT_E_), as listed in `docs/reference/tapi3.md`.
 *
 * @example
 * ```ts
 * import { S_OK, TAPI_E_INVALCALLSTATE, hresultName } from 'xtapi/tapi3';
 *
 * TAPI_E_INVALCALLSTATE;                 // -2147221488
 * (TAPI_E_INVALCALLSTATE >>> 0).toString(16); // '80040010'
 * hresultName(TAPI_E_INVALCALLSTATE);    // 'TAPI_E_INVALCALLSTATE'
 * hresultName(S_OK);                     // 'S_OK'
 * ```
 *
 * @packageDocumentation
 */

/** Success. */
export const S_OK = 0x00000000;
/** Success, but nothing was done (e.g. Disconnect on a CS_IDLE call). */
export const S_FALSE = 0x00000001;
/** Not implemented. */
export const E_NOTIMPL = 0x80004001 | 0;
/** An invalid pointer (here: a missing object or function where one is required). */
export const E_POINTER = 0x80004003 | 0;
/** Unspecified failure. */
export const E_FAIL = 0x80004005 | 0;
/** Catastrophic failure: the method was called when it could not be. */
export const E_UNEXPECTED = 0x8000ffff | 0;
/** Out of memory. */
export const E_OUTOFMEMORY = 0x8007000e | 0;
/** One or more arguments are invalid. */
export const E_INVALIDARG = 0x80070057 | 0;
/** IConnectionPoint::Unadvise: the cookie names no connection (olectl.h CONNECT_E_FIRST + 0). */
export const CONNECT_E_NOCONNECTION = 0x80040200 | 0;

/** Buffer passed in was not big enough. */
export const TAPI_E_NOTENOUGHMEMORY = 0x80040001 | 0;
/** No items match the request. */
export const TAPI_E_NOITEMS = 0x80040002 | 0;
/** Method not supported. */
export const TAPI_E_NOTSUPPORTED = 0x80040003 | 0;
/** Invalid media type passed in. */
export const TAPI_E_INVALIDMEDIATYPE = 0x80040004 | 0;
/** Operation failed for an unspecified reason. */
export const TAPI_E_OPERATIONFAILED = 0x80040005 | 0;
/** Device already in use. */
export const TAPI_E_ALLOCATED = 0x80040006 | 0;
/** No call appearance available. */
export const TAPI_E_CALLUNAVAIL = 0x80040007 | 0;
/** Too many call completions outstanding. */
export const TAPI_E_COMPLETIONOVERRUN = 0x80040008 | 0;
/** Conference full. */
export const TAPI_E_CONFERENCEFULL = 0x80040009 | 0;
/** Dial modifier not supported (TAPI 3 counterpart of the LINEERR_DIAL family). */
export const TAPI_E_DIALMODIFIERNOTSUPPORTED = 0x8004000A | 0;
/** Device already in use. */
export const TAPI_E_INUSE = 0x8004000B | 0;
/** Address invalid or badly formatted for the address type. */
export const TAPI_E_INVALADDRESS = 0x8004000C | 0;
/** Not permitted in the current address state. */
export const TAPI_E_INVALADDRESSSTATE = 0x8004000D | 0;
/** LINECALLPARAMS invalid. */
export const TAPI_E_INVALCALLPARAMS = 0x8004000E | 0;
/** Call privilege invalid. */
export const TAPI_E_INVALCALLPRIVILEGE = 0x8004000F | 0;
/** Not permitted in the current call state. */
export const TAPI_E_INVALCALLSTATE = 0x80040010 | 0;
/** Calling card invalid. */
export const TAPI_E_INVALCARD = 0x80040011 | 0;
/** Call completion ID invalid. */
export const TAPI_E_INVALCOMPLETIONID = 0x80040012 | 0;
/** Country/region code invalid. */
export const TAPI_E_INVALCOUNTRYCODE = 0x80040013 | 0;
/** Device class identifier invalid. */
export const TAPI_E_INVALDEVICECLASS = 0x80040014 | 0;
/** Dialing parameters invalid. */
export const TAPI_E_INVALDIALPARAMS = 0x80040015 | 0;
/** Digits invalid. */
export const TAPI_E_INVALDIGITS = 0x80040016 | 0;
/** Group pickup ID invalid. */
export const TAPI_E_INVALGROUPID = 0x80040017 | 0;
/** Location ID invalid. */
export const TAPI_E_INVALLOCATION = 0x80040018 | 0;
/** Message ID invalid. */
export const TAPI_E_INVALMESSAGEID = 0x80040019 | 0;
/** Park ID invalid. */
export const TAPI_E_INVALPARKID = 0x8004001A | 0;
/** Rate invalid. */
export const TAPI_E_INVALRATE = 0x8004001B | 0;
/** Timeout value invalid. */
export const TAPI_E_INVALTIMEOUT = 0x8004001C | 0;
/** Tone invalid. */
export const TAPI_E_INVALTONE = 0x8004001D | 0;
/** Invalid list parameter. */
export const TAPI_E_INVALLIST = 0x8004001E | 0;
/** Invalid mode parameter. */
export const TAPI_E_INVALMODE = 0x8004001F | 0;
/** Call is not part of a conference. */
export const TAPI_E_NOCONFERENCE = 0x80040020 | 0;
/** Device removed or device class not recognised. */
export const TAPI_E_NODEVICE = 0x80040021 | 0;
/** No Assisted Telephony requests pending. */
export const TAPI_E_NOREQUEST = 0x80040022 | 0;
/** Application lacks OWNER privilege on the call. */
export const TAPI_E_NOTOWNER = 0x80040023 | 0;
/** Application not registered to handle requests. */
export const TAPI_E_NOTREGISTERED = 0x80040024 | 0;
/** Request queue already full. */
export const TAPI_E_REQUESTOVERRUN = 0x80040025 | 0;
/** Handoff target not found. */
export const TAPI_E_TARGETNOTFOUND = 0x80040026 | 0;
/** No higher-priority handoff target exists. */
export const TAPI_E_TARGETSELF = 0x80040027 | 0;
/** User-user info exceeds the maximum. */
export const TAPI_E_USERUSERINFOTOOBIG = 0x80040028 | 0;
/** Cannot complete until all TAPI apps shut down and reinitialize. */
export const TAPI_E_REINIT = 0x80040029 | 0;
/** Not permitted to call this number. */
export const TAPI_E_ADDRESSBLOCKED = 0x8004002A | 0;
/** Calling-card / billing information rejected. */
export const TAPI_E_BILLINGREJECTED = 0x8004002B | 0;
/** Device-specific feature invalid. */
export const TAPI_E_INVALFEATURE = 0x8004002C | 0;
/** Button or lamp ID invalid. */
export const TAPI_E_INVALBUTTONLAMPID = 0x8004002D | 0;
/** Button state invalid. */
export const TAPI_E_INVALBUTTONSTATE = 0x8004002E | 0;
/** Data segment ID invalid. */
export const TAPI_E_INVALDATAID = 0x8004002F | 0;
/** Hookswitch device ID invalid. */
export const TAPI_E_INVALHOOKSWITCHDEV = 0x80040030 | 0;
/** The call was disconnected. */
export const TAPI_E_DROPPED = 0x80040031 | 0;
/** No program available to handle the request. */
export const TAPI_E_NOREQUESTRECIPIENT = 0x80040032 | 0;
/** Call request queue full. */
export const TAPI_E_REQUESTQUEUEFULL = 0x80040033 | 0;
/** Called number busy. */
export const TAPI_E_DESTBUSY = 0x80040034 | 0;
/** Called party does not answer. */
export const TAPI_E_DESTNOANSWER = 0x80040035 | 0;
/** Called number could not be reached. */
export const TAPI_E_DESTUNAVAIL = 0x80040036 | 0;
/** Request failed for unspecified reasons. */
export const TAPI_E_REQUESTFAILED = 0x80040037 | 0;
/** Request was cancelled. */
export const TAPI_E_REQUESTCANCELLED = 0x80040038 | 0;
/** Privilege level invalid for the operation. */
export const TAPI_E_INVALPRIVILEGE = 0x80040039 | 0;
/** TERMINAL_DIRECTION invalid. */
export const TAPI_E_INVALIDDIRECTION = 0x8004003A | 0;
/** Terminal invalid for this operation. */
export const TAPI_E_INVALIDTERMINAL = 0x8004003B | 0;
/** Terminal class invalid. */
export const TAPI_E_INVALIDTERMINALCLASS = 0x8004003C | 0;
/** Service provider was removed. */
export const TAPI_E_NODRIVER = 0x8004003D | 0;
/** Maximum number of streams reached. */
export const TAPI_E_MAXSTREAMS = 0x8004003E | 0;
/** Operation requires terminals to be selected. */
export const TAPI_E_NOTERMINALSELECTED = 0x8004003F | 0;
/** Terminal is in use. */
export const TAPI_E_TERMINALINUSE = 0x80040040 | 0;
/** Operation requires the stream to be stopped. */
export const TAPI_E_NOTSTOPPED = 0x80040041 | 0;
/** Maximum number of terminals reached. */
export const TAPI_E_MAXTERMINALS = 0x80040042 | 0;
/** Stream invalid for this operation. */
export const TAPI_E_INVALIDSTREAM = 0x80040043 | 0;
/** Call/operation failed due to timeout; the TAPI 3 DLL timeout interval is two minutes. */
export const TAPI_E_TIMEOUT = 0x80040044 | 0;
/** ACD proxy removed this group. */
export const TAPI_E_CALLCENTER_GROUP_REMOVED = 0x80040045 | 0;
/** ACD proxy removed this queue. */
export const TAPI_E_CALLCENTER_QUEUE_REMOVED = 0x80040046 | 0;
/** Agent object created without an ID. */
export const TAPI_E_CALLCENTER_NO_AGENT_ID = 0x80040047 | 0;
/** Agent ID invalid. */
export const TAPI_E_CALLCENTER_INVALAGENTID = 0x80040048 | 0;
/** Agent group invalid. */
export const TAPI_E_CALLCENTER_INVALAGENTGROUP = 0x80040049 | 0;
/** Agent password invalid. */
export const TAPI_E_CALLCENTER_INVALPASSWORD = 0x8004004A | 0;
/** Agent state invalid. */
export const TAPI_E_CALLCENTER_INVALAGENTSTATE = 0x8004004B | 0;
/** Agent activity invalid. */
export const TAPI_E_CALLCENTER_INVALAGENTACTIVITY = 0x8004004C | 0;
/** Registry setting corrupt. */
export const TAPI_E_REGISTRY_SETTING_CORRUPT = 0x8004004D | 0;
/** Bridge-terminal peer already assigned. */
export const TAPI_E_TERMINAL_PEER = 0x8004004E | 0;
/** Bridge-terminal peer must be set first. */
export const TAPI_E_PEER_NOT_SET = 0x8004004F | 0;
/** No event in the MSP event queue. */
export const TAPI_E_NOEVENT = 0x80040050 | 0;
/** Address does not support the specified address type. */
export const TAPI_E_INVALADDRESSTYPE = 0x80040051 | 0;
/** A needed resource is not available. */
export const TAPI_E_RESOURCEUNAVAIL = 0x80040052 | 0;
/** Phone is not open. */
export const TAPI_E_PHONENOTOPEN = 0x80040053 | 0;
/** Specified call is not currently selected. */
export const TAPI_E_CALLNOTSELECTED = 0x80040054 | 0;
/** Information not available for this event type. */
export const TAPI_E_WRONGEVENT = 0x80040055 | 0;
/** Format unknown. */
export const TAPI_E_NOFORMAT = 0x80040056 | 0;
/** Not permitted in the current stream state. */
export const TAPI_E_INVALIDSTREAMSTATE = 0x80040057 | 0;
/** Not permitted in the current state. */
export const TAPI_E_WRONG_STATE = 0x80040058 | 0;
/** Object not initialized. */
export const TAPI_E_NOT_INITIALIZED = 0x80040059 | 0;
/** Telephony service could not be contacted. */
export const TAPI_E_SERVICE_NOT_RUNNING = 0x8004005A | 0;

/**
 * Whether an HRESULT is a success code (`SUCCEEDED(hr)` in C): S_OK and S_FALSE are, every
 * E_ and TAPI_E_ is not.
 *
 * @example
 * ```ts
 * succeeded(await call.Disconnect(DC_NORMAL)); // true for S_OK and for S_FALSE
 * ```
 */
export function succeeded(hr: number): boolean {
  return hr >= 0;
}
