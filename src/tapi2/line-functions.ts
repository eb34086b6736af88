/**
 * The line functions: lineOpen, lineClose, lineGetLineDevStatus, lineMakeCall. Each checks its
 * parameters in the order TAPI lists its errors and returns 0, a request id, or the LINEERR_
 * (each function's page; `docs/reference/tapi2-functions.md`).
 */
import { callsOf } from '../../machines/line.js';
import { prepareCall } from '../phone/call-options.js';
import type { Line } from '../phone/line.js';
import { isSupportedVersion } from './api-version.js';
import { bitsOf } from './app-functions.js';
import { readCallParams } from './call-params.js';
import { newCallEntry, placeCall, refuseCall } from './call-tracking.js';
import { lineErr } from './codes.js';
import * as call from './constants/call.js';
import * as err from './constants/errors.js';
import * as line from './constants/line.js';
import type { LineEntry } from './handles.js';
import { dword, isOut, isStructure, writeOut } from './pointers.js';
import type { Tapi2Runtime } from './runtime.js';
import { fillApplicationStructure, LINEDEVSTATUS_LAYOUT } from './structures.js';

const PRIVILEGES = call.LINECALLPRIVILEGE_NONE | call.LINECALLPRIVILEGE_MONITOR | call.LINECALLPRIVILEGE_OWNER;

/**
 * The device lineOpen opens: the one named, or for LINEMAPPER the first whose capabilities
 * satisfy the call parameters (lineOpen, dwDeviceID); LINEERR_ when there is none.
 */
function chooseDevice(rt: Tapi2Runtime, dwDeviceID: unknown, lpCallParams: unknown): number {
  const id = dword(dwDeviceID);
  const devices = rt.telephony.devices;
  if (id === null) return err.LINEERR_BADDEVICEID;
  if (id !== line.LINEMAPPER) return id < devices.length ? id : err.LINEERR_BADDEVICEID;
  const params = readCallParams(lpCallParams);
  if (!params.ok) return params.error;
  const { bearerMode = 'VOICE', mediaMode = 'INTERACTIVEVOICE' } = params.options;
  const found = devices.findIndex((d) => d.bearerModes.includes(bearerMode) && d.mediaModes.includes(mediaMode));
  return found >= 0 ? found : err.LINEERR_LINEMAPPERFAILED;
}

/** lineOpen: check, then give the application a handle on the device's shared line (see `line-devices.ts`). */
export function lineOpen(
  rt: Tapi2Runtime,
  hLineApp: unknown,
  dwDeviceID: unknown,
  lphLine: unknown,
  dwAPIVersion: unknown,
  dwExtVersion: unknown,
  dwCallbackInstance: unknown,
  dwPrivileges: unknown,
  dwMediaModes: unknown,
  lpCallParams: unknown,
): number {
  const app = rt.app(hLineApp);
  if (typeof app === 'number') return app;
  if (!isOut(lphLine)) return err.LINEERR_INVALPOINTER;
  const deviceId = chooseDevice(rt, dwDeviceID, lpCallParams);
  if (deviceId < 0) return deviceId;
  const version = dword(dwAPIVersion);
  if (version === null || !isSupportedVersion(version)) return err.LINEERR_INCOMPATIBLEAPIVERSION;
  if (dword(dwExtVersion) !== 0) return err.LINEERR_INCOMPATIBLEEXTVERSION;

  // dwPrivileges: NONE alone, or MONITOR and/or OWNER; plus LINEOPENOPTION_ flags.
  const privileges = dword(dwPrivileges);
  if (privileges === null) return err.LINEERR_INVALPRIVSELECT;
  const base = privileges & PRIVILEGES;
  const rest = privileges & ~PRIVILEGES;
  if (base === 0 || ((base & call.LINECALLPRIVILEGE_NONE) !== 0 && base !== call.LINECALLPRIVILEGE_NONE)) return err.LINEERR_INVALPRIVSELECT;
  if ((rest & ~(line.LINEOPENOPTION_SINGLEADDRESS | line.LINEOPENOPTION_PROXY)) !== 0) return err.LINEERR_INVALPRIVSELECT;
  // xtapi has no agent proxies (LINEOPENOPTION_PROXY).
  if ((rest & line.LINEOPENOPTION_PROXY) !== 0) return err.LINEERR_OPERATIONUNAVAIL;
  if ((rest & line.LINEOPENOPTION_SINGLEADDRESS) !== 0) {
    // One address per line: SINGLEADDRESS must name address 0 by id (lineOpen, dwPrivileges).
    if (!isStructure(lpCallParams) || dword(lpCallParams.dwAddressMode) !== line.LINEADDRESSMODE_ADDRESSID) return err.LINEERR_INVALADDRESSID;
    if (dword(lpCallParams.dwAddressID ?? 0) !== 0) return err.LINEERR_INVALADDRESSID;
  }
  const device = rt.telephony.devices[deviceId];
  // Media modes matter only to an owner (for calls offered to it): nonzero, known to the line.
  let mediaModes = 0;
  if ((base & call.LINECALLPRIVILEGE_OWNER) !== 0) {
    const modes = dword(dwMediaModes);
    const supported = bitsOf('LINEMEDIAMODE_', device.mediaModes) | line.LINEMEDIAMODE_UNKNOWN;
    if (modes === null || modes === 0 || (modes & ~supported) !== 0) return err.LINEERR_INVALMEDIAMODE;
    mediaModes = modes;
  }

  const entry: LineEntry = {
    kind: 'line',
    handle: rt.handles.reserve(),
    app,
    deviceId,
    device,
    callbackInstance: typeof dwCallbackInstance === 'number' ? dwCallbackInstance : 0,
    privileges,
    mediaModes,
    apiVersion: version,
    calls: new Set(),
    // Every LINE_LINEDEVSTATE but REINIT is off until lineSetStatusMessages (lineSetStatusMessages page).
    lineStates: 0,
    addressStates: 0,
    closed: false,
    silenced: false,
  };
  rt.handles.bind(entry);
  app.lines.add(entry);
  rt.devices.attach(entry);
  writeOut(lphLine, entry.handle);
  return 0;
}

/** lineClose: the handle's calls are dropped (lineClose remarks); their pending requests are still answered (`postReply`). */
export function lineClose(rt: Tapi2Runtime, hLine: unknown): number {
  const entry = rt.line(hLine);
  if (typeof entry === 'number') return entry;
  rt.closeLine(entry, true);
  return 0;
}

/** The calls of the core line that are ONHOLD, and ONHOLDPENDTRANSFER, now (read from their actors). */
function heldCalls(coreLine: Line): { onHold: number; pendTransfer: number } {
  let onHold = 0;
  let pendTransfer = 0;
  for (const ref of Object.values(callsOf(coreLine.actor.getSnapshot()))) {
    const snapshot = ref.getSnapshot();
    if (snapshot.status !== 'active') continue;
    if (snapshot.context.state === 'onHold') onHold++;
    else if (snapshot.context.state === 'onHoldPendTransfer') pendTransfer++;
  }
  return { onHold, pendTransfer };
}

/** lineGetLineDevStatus: LINEDEVSTATUS from the line supervisor's state. */
export function lineGetLineDevStatus(rt: Tapi2Runtime, hLine: unknown, lpLineDevStatus: unknown): number {
  const entry = rt.line(hLine);
  if (typeof entry === 'number') return entry;
  return fillApplicationStructure(lpLineDevStatus, LINEDEVSTATUS_LAYOUT, () => {
    const share = rt.devices.of(entry);
    const status = share?.line?.status;
    let openMediaModes = 0;
    for (const user of share?.users ?? []) openMediaModes |= user.mediaModes;
    // A line still opening takes calls (they wait for it), so MAKECALL stands while a slot is free;
    // out of service it takes none (lineMakeCall: LINEERR_INVALLINESTATE, see dwLineFeatures).
    const canMakeCall = status ? status.canMakeCall : entry.device.maxCalls > 0;
    const held = share?.line ? heldCalls(share.line) : { onHold: 0, pendTransfer: 0 };
    return {
      values: {
        dwNumOpens: share?.users.size ?? 1,
        dwOpenMediaModes: openMediaModes,
        // "Call states other than idle, onHold, onHoldPendingTransfer, and onHoldPendingConference"
        // (LINEDEVSTATUS): the held calls are counted apart.
        dwNumActiveCalls: Math.max(0, (status?.activeCalls ?? 0) - held.onHold - held.pendTransfer),
        dwNumOnHoldCalls: held.onHold,
        dwNumOnHoldPendCalls: held.pendTransfer,
        dwLineFeatures: canMakeCall ? line.LINEFEATURE_MAKECALL : 0,
        dwRoamMode: line.LINEROAMMODE_UNAVAIL,
        // CONNECTED while open; INSERVICE only while the provider has it in service.
        dwDevStatusFlags: status?.state === 'open' ? line.LINEDEVSTATUSFLAGS_CONNECTED | (status.inService ? line.LINEDEVSTATUSFLAGS_INSERVICE : 0) : 0,
        dwAvailableMediaModes: bitsOf('LINEMEDIAMODE_', entry.device.mediaModes),
      },
    };
  });
}

/** lineMakeCall: every synchronous check, then a request id; the call is placed as soon as the line is open. */
export function lineMakeCall(
  rt: Tapi2Runtime,
  hLine: unknown,
  lphCall: unknown,
  lpszDestAddress: unknown,
  dwCountryCode: unknown,
  lpCallParams: unknown,
): number {
  const entry = rt.line(hLine);
  if (typeof entry === 'number') return entry;
  if (!isOut(lphCall)) return err.LINEERR_INVALPOINTER;
  if (lpszDestAddress !== null && lpszDestAddress !== undefined && typeof lpszDestAddress !== 'string') return err.LINEERR_INVALPOINTER;
  // 0 is the default; a country calling code has at most three digits (ITU-T E.164).
  const countryCode = dword(dwCountryCode);
  if (countryCode === null || countryCode > 999) return err.LINEERR_INVALCOUNTRYCODE;
  const params = readCallParams(lpCallParams);
  if (!params.ok) return params.error;
  const address = lpszDestAddress ?? null;
  // The same checks, and so the same LINEERR_, as every other face: a DIAL* error at the first
  // offending character, before anything is dialled (lineMakeCall remarks).
  const prepared = prepareCall(address, params.options, entry.device);
  if (!prepared.ok) return lineErr(prepared.error, entry.apiVersion);
  const share = rt.devices.of(entry);
  if (!share) return err.LINEERR_INVALLINEHANDLE;
  const status = share.line?.status;
  // Out of service (or not open) is TSPI's LINEERR_INVALLINESTATE; in service and full, CALLUNAVAIL.
  if (status && !status.canMakeCall) return status.inService ? err.LINEERR_CALLUNAVAIL : err.LINEERR_INVALLINESTATE;

  const callEntry = newCallEntry(rt, entry, lphCall, { countryCode, ...params.extras });
  const request = rt.nextRequest();
  share.whenOpen(
    (coreLine) => placeCall(rt, callEntry, request, coreLine, address, params.options),
    (error) => refuseCall(callEntry, request, lineErr(error, entry.apiVersion)),
  );
  return request;
}
