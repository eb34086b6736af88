/**
 * Calls that arrive, as TAPI 2 hands them to applications. A call offered on a device goes to
 * the line handles open on it by privilege (lineOpen, dwPrivileges; "Call Privileges"):
 *
 * - the first handle opened with LINECALLPRIVILEGE_OWNER for the call's media mode becomes its
 *   owner (one owner: TAPI gives an unowned call to one application that can handle it);
 * - every other handle opened with LINECALLPRIVILEGE_MONITOR gets it as a monitor: it sees every
 *   state, and any request that would change the call is LINEERR_NOTOWNER;
 * - a handle opened with LINECALLPRIVILEGE_NONE gets nothing.
 *
 * Each gets its own hCall, told by LINE_APPNEWCALL (dwParam2 the hCall, dwParam3 the privilege)
 * before the call's first LINE_CALLSTATE, which is OFFERING with dwParam3 = the privilege
 * (LINE_APPNEWCALL and LINE_CALLSTATE pages).
 *
 * @example
 * ```ts
 * // lineOpen(hLineApp, 0, hLine, version, 0, 0, LINECALLPRIVILEGE_OWNER, LINEMEDIAMODE_INTERACTIVEVOICE, null);
 * // a call arrives: LINE_APPNEWCALL(hLine, 0, hCall, OWNER), LINE_CALLSTATE(hCall, OFFERING, ACTIVE, OWNER)
 * ```
 */
import type { CallParams, IncomingCall } from '../../providers/provider.js';
import type { Call } from '../phone/call.js';
import { callInfoOf } from './call-report.js';
import { listen, newCallEntry } from './call-tracking.js';
import { LINE_APPNEWCALL, LINE_CALLSTATE } from './constants/messages.js';
import * as callConstants from './constants/call.js';
import * as lineConstants from './constants/line.js';
import type { CallEntry, LineEntry } from './handles.js';
import type { Tapi2Runtime } from './runtime.js';
import { zeroDialParams } from './structures.js';

const { LINECALLPRIVILEGE_MONITOR, LINECALLPRIVILEGE_OWNER, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE } = callConstants;
const lineValues = lineConstants as Readonly<Record<string, number>>;

/** A call that arrived carries no make's data. */
const NO_EXTRAS = Object.freeze({ countryCode: 0, displayableAddress: null, calledParty: null, comment: null, callParamFlags: 0 });

/** Which handles get the call, and with which privilege (owner first, then monitors). */
function recipients(users: Iterable<LineEntry>, mediaMode: number): Array<[LineEntry, number]> {
  const open = [...users].filter((user) => !user.closed && user.app.alive);
  const owner = open.find((user) => (user.privileges & LINECALLPRIVILEGE_OWNER) !== 0 && (user.mediaModes & mediaMode) !== 0);
  const chosen: Array<[LineEntry, number]> = owner ? [[owner, LINECALLPRIVILEGE_OWNER]] : [];
  for (const user of open) {
    if (user !== owner && (user.privileges & LINECALLPRIVILEGE_MONITOR) !== 0) chosen.push([user, LINECALLPRIVILEGE_MONITOR]);
  }
  return chosen;
}

/** A call arrived on a device: give each handle that takes it an hCall, and tell it. */
export function offerToApplications(rt: Tapi2Runtime, users: Iterable<LineEntry>, call: Call): void {
  const mediaMode = lineValues[`LINEMEDIAMODE_${call.snapshot.context.params.mediaMode}`] ?? 0;
  for (const [line, privilege] of recipients(users, mediaMode)) {
    const entry: CallEntry = newCallEntry(rt, line, null, NO_EXTRAS, privilege);
    // Its states are reported from the start, and its handle is valid at once (LINE_APPNEWCALL
    // gives it): no make to wait for.
    entry.accepted = true;
    rt.handles.bind(entry);
    listen(rt, entry, call.actor);
    const { app } = line;
    const live = () => app.alive && !entry.silenced;
    app.queue.post({ hDevice: line.handle, dwMessageID: LINE_APPNEWCALL, dwCallbackInstance: line.callbackInstance, dwParam1: 0, dwParam2: entry.handle, dwParam3: privilege, live });
    // The call is offered already (it was, before anyone could listen): its first state, told now.
    const { state, enteredAt } = call.snapshot.context;
    entry.reported = { type: 'state', callId: call.id, state, mode: null, at: enteredAt };
    app.queue.post({
      hDevice: entry.handle,
      dwMessageID: LINE_CALLSTATE,
      dwCallbackInstance: line.callbackInstance,
      dwParam1: LINECALLSTATE_OFFERING,
      dwParam2: LINEOFFERINGMODE_ACTIVE,
      dwParam3: privilege,
      live,
    });
  }
}

const callValues = callConstants as Readonly<Record<string, number>>;

/**
 * LINECALLINFO of a call that arrived: origin and reason as the provider told them, the caller's
 * number and name (LINECALLPARTYID_ADDRESS, _NAME; _BLOCKED when it withheld them), the called
 * address, and one owner with its monitors.
 */
export function incomingCallInfo(entry: CallEntry, incoming: Required<IncomingCall> | IncomingCall, params: CallParams, users: Iterable<LineEntry>) {
  const { LINECALLPARTYID_ADDRESS, LINECALLPARTYID_BLOCKED, LINECALLPARTYID_NAME, LINECALLPARTYID_UNKNOWN } = callConstants;
  const callerFlags = (incoming.from ? LINECALLPARTYID_ADDRESS : 0) | (incoming.name ? LINECALLPARTYID_NAME : 0) || LINECALLPARTYID_BLOCKED;
  return {
    values: {
      ...callInfoOf(entry, params),
      dwOrigin: callValues[`LINECALLORIGIN_${incoming.origin ?? 'UNAVAIL'}`],
      dwReason: callValues[`LINECALLREASON_${incoming.reason ?? 'DIRECT'}`],
      dwNumOwners: entry.privilege === LINECALLPRIVILEGE_OWNER ? 1 : 0,
      dwNumMonitors: [...users].flatMap((user) => [...user.calls]).filter((c) => c.call === entry.call && c.privilege === LINECALLPRIVILEGE_MONITOR).length,
      dwTrunk: 0xffffffff,
      dwCallerIDFlags: callerFlags,
      dwCalledIDFlags: incoming.to ? LINECALLPARTYID_ADDRESS : LINECALLPARTYID_UNKNOWN,
      dwConnectedIDFlags: LINECALLPARTYID_UNKNOWN,
      dwRedirectionIDFlags: LINECALLPARTYID_UNKNOWN,
      dwRedirectingIDFlags: LINECALLPARTYID_UNKNOWN,
    },
    extra: { DialParams: zeroDialParams() },
    strings: {
      CallerID: incoming.from ?? null,
      CallerIDName: incoming.name ?? null,
      CalledID: incoming.to ?? null,
      AppName: entry.line.app.name,
    },
  };
}
