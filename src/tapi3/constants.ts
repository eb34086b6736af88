/**
 * The TAPI 3 enumerations and flag sets, under their C names with their C values (tapi3if.h;
 * meanings in `docs/reference/tapi3.md`). TAPI 3 enums count from 0; the TE_, TAPIMEDIATYPE_ and
 * LINEADDRESSTYPE_ sets are bit flags. The HRESULTs are in `hresults.ts`.
 *
 * @example
 * ```ts
 * import { CS_CONNECTED, TE_CALLSTATE, TAPIMEDIATYPE_AUDIO } from 'xtapi/tapi3';
 *
 * tapi.EventFilter = TE_CALLSTATE | TE_CALLNOTIFICATION;
 * address.QueryMediaType(TAPIMEDIATYPE_AUDIO); // true
 * call.CallState === CS_CONNECTED;
 * ```
 *
 * @packageDocumentation
 */

// CALL_STATE (ITCallInfo::get_CallState, ITCallStateEvent::get_State).
/** Created, Connect not called yet. A call never transitions into CS_IDLE. */
export const CS_IDLE = 0;
/** Connect was called and the provider is working on the connection (outgoing only). */
export const CS_INPROGRESS = 1;
/** Connected: communication is possible. */
export const CS_CONNECTED = 2;
/** Disconnected; the cause is a CEC_DISCONNECT_*. The end: the call should be released. */
export const CS_DISCONNECTED = 3;
/** A new call offered to the application. */
export const CS_OFFERING = 4;
/** On hold. */
export const CS_HOLD = 5;
/** Queued. */
export const CS_QUEUED = 6;
/** The last CALL_STATE value (= CS_QUEUED). */
export const CS_LASTITEM = 6;

// CALL_STATE_EVENT_CAUSE (ITCallStateEvent::get_Cause).
/** No cause. */
export const CEC_NONE = 0;
/** Normal end of the call. */
export const CEC_DISCONNECT_NORMAL = 1;
/** The far end was busy. */
export const CEC_DISCONNECT_BUSY = 2;
/** The destination address was bad. */
export const CEC_DISCONNECT_BADADDRESS = 3;
/** The far end did not answer. */
export const CEC_DISCONNECT_NOANSWER = 4;
/** The call was cancelled. */
export const CEC_DISCONNECT_CANCELLED = 5;
/** The far end rejected the call. */
export const CEC_DISCONNECT_REJECTED = 6;
/** The call failed for another reason. */
export const CEC_DISCONNECT_FAILED = 7;
/** The call was blocked (undocumented by Microsoft; the name says it). */
export const CEC_DISCONNECT_BLOCKED = 8;

// DISCONNECT_CODE (ITBasicCallControl::Disconnect).
/** A normal disconnect. */
export const DC_NORMAL = 0;
/** Disconnecting because the call was not answered. */
export const DC_NOANSWER = 1;
/** Disconnecting because the user rejected the call. */
export const DC_REJECTED = 2;

// CALL_NOTIFICATION_EVENT (ITCallNotificationEvent::get_Event).
/** The application owns the new call. */
export const CNE_OWNER = 0;
/** The application monitors the new call. */
export const CNE_MONITOR = 1;
/** The last CALL_NOTIFICATION_EVENT value (= CNE_MONITOR). */
export const CNE_LASTITEM = 1;

// CALL_PRIVILEGE (ITCallInfo::get_Privilege).
/** The application owns the call and may control it. */
export const CP_OWNER = 0;
/** The application only monitors the call. */
export const CP_MONITOR = 1;

// ADDRESS_STATE (ITAddress::get_State).
/** The address is in service: calls can be made on it. */
export const AS_INSERVICE = 0;
/** The address is out of service. */
export const AS_OUTOFSERVICE = 1;

// ADDRESS_EVENT (ITAddressEvent::get_Event, with TE_ADDRESS).
/** The address state changed: read ITAddress::get_State. */
export const AE_STATE = 0;
export const AE_CAPSCHANGE = 1;
export const AE_RINGING = 2;
export const AE_CONFIGCHANGE = 3;
export const AE_FORWARD = 4;
export const AE_NEWTERMINAL = 5;
export const AE_REMOVETERMINAL = 6;
export const AE_MSGWAITON = 7;
export const AE_MSGWAITOFF = 8;
/** The last ADDRESS_EVENT value (= AE_MSGWAITOFF). */
export const AE_LASTITEM = 8;

// FINISH_MODE and QOS_SERVICE_LEVEL (arguments of Finish and SetQOS).
export const FM_ASTRANSFER = 0;
export const FM_ASCONFERENCE = 1;
export const QSL_NEEDED = 1;
export const QSL_IF_AVAILABLE = 2;
export const QSL_BEST_EFFORT = 3;

// VARIANT_BOOL (wtypes.h): how COM spells true and false. xtapi takes these or JS booleans.
export const VARIANT_TRUE = -1;
export const VARIANT_FALSE = 0;

// TAPI_EVENT: the first argument of ITTAPIEventNotification::Event and the bits of ITTAPI::put_EventFilter.
export const TE_TAPIOBJECT = 0x1;
export const TE_ADDRESS = 0x2;
/** A new call object appeared on an address the application registered for (ITCallNotificationEvent). */
export const TE_CALLNOTIFICATION = 0x4;
/** A call changed state (ITCallStateEvent). */
export const TE_CALLSTATE = 0x8;
export const TE_CALLMEDIA = 0x10;
export const TE_CALLHUB = 0x20;
/** A call's information changed (ITCallInfoChangeEvent). */
export const TE_CALLINFOCHANGE = 0x40;
export const TE_PRIVATE = 0x80;
export const TE_REQUEST = 0x100;
export const TE_AGENT = 0x200;
export const TE_AGENTSESSION = 0x400;
export const TE_QOSEVENT = 0x800;
export const TE_AGENTHANDLER = 0x1000;
export const TE_ACDGROUP = 0x2000;
export const TE_QUEUE = 0x4000;
export const TE_DIGITEVENT = 0x8000;
export const TE_GENERATEEVENT = 0x10000;
export const TE_ASRTERMINAL = 0x20000;
export const TE_TTSTERMINAL = 0x40000;
export const TE_FILETERMINAL = 0x80000;
export const TE_TONETERMINAL = 0x100000;
export const TE_PHONEEVENT = 0x200000;
export const TE_TONEEVENT = 0x400000;
export const TE_GATHERDIGITS = 0x800000;
export const TE_ADDRESSDEVSPECIFIC = 0x1000000;
export const TE_PHONEDEVSPECIFIC = 0x2000000;

// TAPIMEDIATYPE_ (ITAddress::CreateCall lMediaTypes, ITMediaSupport::QueryMediaType).
export const TAPIMEDIATYPE_AUDIO = 0x8;
export const TAPIMEDIATYPE_DATAMODEM = 0x10;
export const TAPIMEDIATYPE_G3FAX = 0x20;
export const TAPIMEDIATYPE_VIDEO = 0x8000;
export const TAPIMEDIATYPE_MULTITRACK = 0x10000;

// LINEADDRESSTYPE_ (ITAddress::CreateCall lAddressType; TAPI 3.0).
/** A phone number in dialable or canonical format. */
export const LINEADDRESSTYPE_PHONENUMBER = 0x1;
export const LINEADDRESSTYPE_SDP = 0x2;
/** An e-mail-like name: on a line that takes URIs, `user@host` or a `sip:` URI. */
export const LINEADDRESSTYPE_EMAILNAME = 0x4;
export const LINEADDRESSTYPE_DOMAINNAME = 0x8;
export const LINEADDRESSTYPE_IPADDRESS = 0x10;

// CALLINFOCHANGE_CAUSE (ITCallInfoChangeEvent::get_Cause, with TE_CALLINFOCHANGE).
export const CIC_OTHER = 0;
export const CIC_DEVSPECIFIC = 1;
export const CIC_BEARERMODE = 2;
export const CIC_RATE = 3;
export const CIC_APPSPECIFIC = 4;
export const CIC_CALLID = 5;
export const CIC_RELATEDCALLID = 6;
export const CIC_ORIGIN = 7;
export const CIC_REASON = 8;
export const CIC_COMPLETIONID = 9;
export const CIC_NUMOWNERINCR = 10;
export const CIC_NUMOWNERDECR = 11;
export const CIC_NUMMONITORS = 12;
export const CIC_TRUNK = 13;
export const CIC_CALLERID = 14;
export const CIC_CALLEDID = 15;
export const CIC_CONNECTEDID = 16;
/** The redirection ID changed: the call was sent elsewhere (read CIS_REDIRECTIONIDNUMBER). */
export const CIC_REDIRECTIONID = 17;
export const CIC_REDIRECTINGID = 18;
export const CIC_USERUSERINFO = 19;
export const CIC_HIGHLEVELCOMP = 20;
export const CIC_LOWLEVELCOMP = 21;
export const CIC_CHARGINGINFO = 22;
export const CIC_TREATMENT = 23;
export const CIC_CALLDATA = 24;
export const CIC_PRIVILEGE = 25;
export const CIC_MEDIATYPE = 26;
/** The last CALLINFOCHANGE_CAUSE value (= CIC_MEDIATYPE). */
export const CIC_LASTITEM = 26;

// CALLINFO_LONG (ITCallInfo::get_CallInfoLong).
export const CIL_MEDIATYPESAVAILABLE = 0;
export const CIL_BEARERMODE = 1;
export const CIL_CALLERIDADDRESSTYPE = 2;
export const CIL_CALLEDIDADDRESSTYPE = 3;
export const CIL_CONNECTEDIDADDRESSTYPE = 4;
export const CIL_REDIRECTIONIDADDRESSTYPE = 5;
export const CIL_REDIRECTINGIDADDRESSTYPE = 6;
export const CIL_ORIGIN = 7;
export const CIL_REASON = 8;
export const CIL_APPSPECIFIC = 9;
export const CIL_CALLPARAMSFLAGS = 10;
export const CIL_CALLTREATMENT = 11;
export const CIL_MINRATE = 12;
export const CIL_MAXRATE = 13;
export const CIL_COUNTRYCODE = 14;
export const CIL_CALLID = 15;
export const CIL_RELATEDCALLID = 16;
export const CIL_COMPLETIONID = 17;
export const CIL_NUMBEROFOWNERS = 18;
export const CIL_NUMBEROFMONITORS = 19;
export const CIL_TRUNK = 20;
export const CIL_RATE = 21;
export const CIL_GENERATEDIGITDURATION = 22;
export const CIL_MONITORDIGITMODES = 23;
export const CIL_MONITORMEDIAMODES = 24;

// CALLINFO_STRING (ITCallInfo::get_CallInfoString).
export const CIS_CALLERIDNAME = 0;
export const CIS_CALLERIDNUMBER = 1;
export const CIS_CALLEDIDNAME = 2;
export const CIS_CALLEDIDNUMBER = 3;
export const CIS_CONNECTEDIDNAME = 4;
export const CIS_CONNECTEDIDNUMBER = 5;
export const CIS_REDIRECTIONIDNAME = 6;
export const CIS_REDIRECTIONIDNUMBER = 7;
export const CIS_REDIRECTINGIDNAME = 8;
export const CIS_REDIRECTINGIDNUMBER = 9;
export const CIS_CALLEDPARTYFRIENDLYNAME = 10;
export const CIS_COMMENT = 11;
export const CIS_DISPLAYABLEADDRESS = 12;
export const CIS_CALLINGPARTYID = 13;
