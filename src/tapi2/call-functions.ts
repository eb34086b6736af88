/**
 * The call functions: lineDial, lineDrop, lineDeallocateCall, lineGetCallStatus,
 * lineGetCallInfo (lineGenerateDigits is in generate-digits.ts). What a call may do now is what its statechart accepts now; its state, mode
 * and times come from what the actor reported; nothing is decided here.
 *
 * The two readings the facts sheet records, and the one taken:
 * - lineDial: the parameter text allows "any state except idle and disconnected", the note at
 *   the end of the page only DIALTONE and DIALING. xtapi takes the note (the stricter, later
 *   reading), as the call chart does: lineDial is accepted in DIALTONE or DIALING while the
 *   address is still incomplete (the previous string ended in ";", or there was none), and
 *   anything else is LINEERR_INVALCALLSTATE. Digits on a connected call are DTMF, which is
 *   lineGenerateDigits' business (generate-digits.ts), not lineDial's.
 * - lineDeallocateCall: the parameter text refuses a sole owner's non-idle call, the remarks
 *   allow it from TAPI 2.0, leaving the call without an owner. xtapi takes the parameter text:
 *   LINEERR_INVALCALLSTATE until the call is IDLE. In xtapi nothing can take an ownerless call
 *   over (there is no lineGetNewCalls or handoff), so a deallocated live call could never be
 *   dropped by anyone; "drop, wait for IDLE, deallocate" keeps every call clearable.
 */
import { parseAddress } from '../address/parse-address.js';
import { callFeatures, callInfoOf, callStateMode, lineCallState } from './call-report.js';
import { releaseCall, sendRequest } from './call-tracking.js';
import { swapPartners } from './call-control.js';
import { incomingCallInfo } from './incoming-calls.js';
import { lineErr } from './codes.js';
import * as call from './constants/call.js';
import * as err from './constants/errors.js';
import type { CallEntry } from './handles.js';
import { dword } from './pointers.js';
import type { Tapi2Runtime } from './runtime.js';
import { fillApplicationStructure, LINECALLINFO_LAYOUT, LINECALLSTATUS_LAYOUT, systemTime, zeroDialParams } from './structures.js';


/** The call of `hCall` (its handle delivered, not deallocated) with its actor, or the LINEERR_. */
export function liveCall(rt: Tapi2Runtime, hCall: unknown) {
  const entry = rt.call(hCall);
  if (typeof entry === 'number') return entry;
  // A bound handle always has its actor: it is bound when the make's success reply is delivered.
  const c = entry.call;
  return c ? { entry, call: c } : err.LINEERR_INVALCALLHANDLE;
}

/**
 * The call of `hCall` for a request that changes it: as {@link liveCall}, and LINEERR_NOTOWNER
 * for a call the application only monitors ("Call Privileges": a monitor watches, an owner acts).
 */
export function ownedCall(rt: Tapi2Runtime, hCall: unknown) {
  const found = liveCall(rt, hCall);
  if (typeof found === 'number') return found;
  return found.entry.privilege === call.LINECALLPRIVILEGE_OWNER ? found : err.LINEERR_NOTOWNER;
}

/**
 * User-user information sent with a drop, an accept or an answer: LINEERR_INVALPOINTER for a bad
 * buffer, LINEERR_USERUSERINFOTOOBIG for any byte of it (LINEDEVCAPS dwUUIDropSize,
 * dwUUIAcceptSize and dwUUIAnswerSize are 0: no provider carries it), else 0.
 */
export function checkUserUserInfo(lpsUserUserInfo: unknown, dwSize: unknown): number {
  if (lpsUserUserInfo === null || lpsUserUserInfo === undefined) return 0;
  if (typeof lpsUserUserInfo !== 'string' && !(lpsUserUserInfo instanceof Uint8Array)) return err.LINEERR_INVALPOINTER;
  const size = dword(dwSize);
  if (size === null || size > lpsUserUserInfo.length) return err.LINEERR_INVALPOINTER;
  return size > 0 ? err.LINEERR_USERUSERINFOTOOBIG : 0;
}

/** lineDial: more of the address, while the chart accepts DIAL (the strict reading above). */
export function lineDial(rt: Tapi2Runtime, hCall: unknown, lpszDestAddress: unknown, dwCountryCode: unknown): number {
  const found = ownedCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call: c } = found;
  if (typeof lpszDestAddress !== 'string') return err.LINEERR_INVALPOINTER;
  const countryCode = dword(dwCountryCode);
  if (countryCode === null || countryCode > 999) return err.LINEERR_INVALCOUNTRYCODE;
  if (!c.getSnapshot().can({ type: 'DIAL', digits: '', complete: true })) return err.LINEERR_INVALCALLSTATE;
  // "" finishes a partial address (lineDial); a DIAL* error means nothing was dialled.
  const parsed = parseAddress(lpszDestAddress, entry.line.device, { allowEmpty: true });
  if (!parsed.ok) return lineErr(parsed.error, entry.line.apiVersion);
  if (parsed.address.kind !== 'dialable') return err.LINEERR_INVALADDRESS;
  return sendRequest(rt, entry, c, { type: 'DIAL', digits: parsed.address.dialString, complete: !parsed.address.partial });
}

/**
 * lineDrop: in any state but IDLE; answered once the call has ended. A call that arrived and is
 * not answered yet is refused (the caller hears busy: SIP 486).
 */
export function lineDrop(rt: Tapi2Runtime, hCall: unknown, lpsUserUserInfo: unknown, dwSize: unknown): number {
  const found = ownedCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call: c } = found;
  const uui = checkUserUserInfo(lpsUserUserInfo, dwSize);
  if (uui !== 0) return uui;
  // Any state but idle (lineDrop); DROP is accepted everywhere but the end.
  if (!c.getSnapshot().can({ type: 'DROP' })) return err.LINEERR_INVALCALLSTATE;
  return sendRequest(rt, entry, c, { type: 'DROP' });
}

/** lineDeallocateCall: free the handle of an IDLE call (the reading above). */
export function lineDeallocateCall(rt: Tapi2Runtime, hCall: unknown): number {
  const found = liveCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call: c } = found;
  if (c.getSnapshot().status === 'active') return err.LINEERR_INVALCALLSTATE;
  releaseCall(rt, entry, false, true);
  entry.line.calls.delete(entry);
  entry.line.app.queue.prune();
  return 0;
}

/** The state, mode and entry time last reported for the call (what LINE_CALLSTATE said). */
function reportedStatus(entry: CallEntry) {
  const snapshot = entry.call?.getSnapshot();
  const event = entry.reported ?? { state: snapshot?.context.state ?? 'ended', mode: null, at: 0 };
  const state = lineCallState(event.state) ?? call.LINECALLSTATE_UNKNOWN;
  return { state, mode: callStateMode(state, event.mode), at: event.at };
}

/** lineGetCallStatus: LINECALLSTATUS from what was last reported and what the chart accepts now. */
export function lineGetCallStatus(rt: Tapi2Runtime, hCall: unknown, lpCallStatus: unknown): number {
  const found = liveCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call: c } = found;
  return fillApplicationStructure(lpCallStatus, LINECALLSTATUS_LAYOUT, () => {
    const status = reportedStatus(entry);
    return {
      values: {
        dwCallState: status.state,
        dwCallStateMode: status.mode,
        dwCallPrivilege: entry.privilege,
        // A monitor can do nothing to the call (LINECALLSTATUS dwCallFeatures: for this handle).
        dwCallFeatures: entry.privilege === call.LINECALLPRIVILEGE_OWNER ? callFeatures(c, swapPartners(rt, entry)) : 0,
      },
      extra: { tStateEntryTime: systemTime(status.at) },
    };
  });
}

/** lineGetCallInfo: LINECALLINFO from the actor's context and the call's creation data. */
export function lineGetCallInfo(rt: Tapi2Runtime, hCall: unknown, lpCallInfo: unknown): number {
  const found = liveCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call: c } = found;
  return fillApplicationStructure(lpCallInfo, LINECALLINFO_LAYOUT, () => {
    const { params, destination, address, incoming, redirections } = c.getSnapshot().context;
    const { extras } = entry;
    const blocked = params.blockId;
    if (incoming) return incomingCallInfo(entry, incoming, params, rt.devices.of(entry.line)?.users ?? [entry.line]);
    // "The address to which the call was redirected" (LINECALLINFO RedirectionID): the last redirect.
    const redirectedTo = redirections.at(-1)?.to ?? null;
    return {
      values: {
        ...callInfoOf(entry, params),
        dwCallParamFlags: extras.callParamFlags,
        dwOrigin: call.LINECALLORIGIN_OUTBOUND,
        dwReason: call.LINECALLREASON_DIRECT,
        dwNumOwners: 1,
        dwCountryCode: extras.countryCode,
        dwTrunk: 0xffffffff,
        dwCallerIDFlags: blocked ? call.LINECALLPARTYID_BLOCKED : call.LINECALLPARTYID_ADDRESS,
        dwCalledIDFlags: destination ? call.LINECALLPARTYID_ADDRESS : call.LINECALLPARTYID_UNKNOWN,
        dwConnectedIDFlags: call.LINECALLPARTYID_UNKNOWN,
        dwRedirectionIDFlags: redirectedTo === null ? call.LINECALLPARTYID_UNKNOWN : call.LINECALLPARTYID_ADDRESS,
        dwRedirectingIDFlags: call.LINECALLPARTYID_UNKNOWN,
      },
      extra: { DialParams: zeroDialParams() },
      strings: {
        CallerID: blocked ? null : (params.origination ?? entry.line.device.address),
        // What has been dialled so far, lineDial's digits included.
        CalledID: destination,
        RedirectionID: redirectedTo,
        AppName: entry.line.app.name,
        DisplayableAddress: extras.displayableAddress ?? address,
        CalledParty: extras.calledParty,
        Comment: extras.comment,
      },
    };
  });
}
