/**
 * TAPI 2 message ids (the `dwMessage` of a LINECALLBACK, the `dwMessageID` of a LINEMESSAGE), by
 * their C names with their C values (tapi.h; `docs/reference/tapi2-messages.md`). The phone messages share the
 * numbering and are listed so no id is missing; xtapi sends only line messages.
 *
 * @example
 * ```ts
 * import { LINE_CALLSTATE, LINE_REPLY } from 'xtapi/tapi2';
 * LINE_REPLY; // 12
 * LINE_CALLSTATE; // 2
 * ```
 */
export const LINE_ADDRESSSTATE = 0;
export const LINE_CALLINFO = 1;
export const LINE_CALLSTATE = 2;
export const LINE_CLOSE = 3;
export const LINE_DEVSPECIFIC = 4;
export const LINE_DEVSPECIFICFEATURE = 5;
export const LINE_GATHERDIGITS = 6;
export const LINE_GENERATE = 7;
export const LINE_LINEDEVSTATE = 8;
export const LINE_MONITORDIGITS = 9;
export const LINE_MONITORMEDIA = 10;
export const LINE_MONITORTONE = 11;
export const LINE_REPLY = 12;
export const LINE_REQUEST = 13;
export const PHONE_BUTTON = 14;
export const PHONE_CLOSE = 15;
export const PHONE_DEVSPECIFIC = 16;
export const PHONE_REPLY = 17;
export const PHONE_STATE = 18;
export const LINE_CREATE = 19;
export const PHONE_CREATE = 20;
export const LINE_AGENTSPECIFIC = 21;
export const LINE_AGENTSTATUS = 22;
export const LINE_APPNEWCALL = 23;
export const LINE_PROXYREQUEST = 24;
export const LINE_REMOVE = 25;
export const PHONE_REMOVE = 26;
export const LINE_AGENTSESSIONSTATUS = 27;
export const LINE_QUEUESTATUS = 28;
export const LINE_AGENTSTATUSEX = 29;
export const LINE_GROUPSTATUS = 30;
export const LINE_PROXYSTATUS = 31;
export const LINE_APPNEWCALLHUB = 32;
export const LINE_CALLHUBCLOSE = 33;
export const LINE_DEVSPECIFICEX = 34;

/** dwAPIVersion value that asks lineInitializeEx-era TAPI to negotiate (tapi.h). */
export const INITIALIZE_NEGOTIATION = 0xffffffff;

/** The Win32 `INFINITE` timeout, for lineGetMessage's dwTimeout. */
export const INFINITE = 0xffffffff;
