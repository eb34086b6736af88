/**
 * The TAPI 2 structures as JavaScript objects: LINEMESSAGE, LINEINITIALIZEEXPARAMS,
 * LINECALLPARAMS (in), and the variably sized LINEDEVCAPS, LINEDEVSTATUS, LINECALLSTATUS and
 * LINECALLINFO (out), with the fields tapi.h gives them, in its order.
 *
 * How C's variably sized structures map to JavaScript (Microsoft, "Variably Sized Data
 * Structures"; `docs/reference/tapi2-functions.md`):
 * - The application passes an object; the library fills it. `dwTotalSize` is optional: absent,
 *   the object is taken to be large enough for everything; present and smaller than the fixed
 *   part, the function returns LINEERR_STRUCTURETOOSMALL.
 * - Every DWORD field of the fixed part is set (0 where xtapi has nothing to say), and DWORDs are
 *   unsigned (`>>> 0`), as C has them.
 * - A variable part (a `dwXxxSize`/`dwXxxOffset` pair) is given as a string property named after
 *   the pair, `Xxx` (`LineName`, `CalledID`, …), with `dwXxxSize` its size in bytes including
 *   the terminating NUL and `dwXxxOffset` where C would have put it. A part that does not fit in
 *   `dwTotalSize` is left out whole (size and offset 0, no property): nothing is truncated, and
 *   `dwNeededSize > dwUsedSize` says so.
 */

import { LINEERR_INVALPOINTER, LINEERR_STRUCTURETOOSMALL } from './constants/errors.js';
import { isStructure } from './pointers.js';

/**
 * An out-parameter: the `LPDWORD`, `LPHLINEAPP`, `LPHLINE`, `LPHCALL` of the C API. The library
 * writes `value` at the moment TAPI would (for lineMakeCall's `lphCall`: when the success
 * LINE_REPLY is delivered).
 *
 * @example
 * ```ts
 * const hLineApp: Out = { value: 0 };
 * tapi.lineInitializeEx(hLineApp, null, callback, 'app', { value: 0 }, { value: 0x00020002 }, { dwOptions: 1 });
 * hLineApp.value; // a positive handle
 * ```
 */
export interface Out<T = number> {
  value: T;
}

/** LINEDIALPARAMS: dialling timings in ms; 0 means the line's default (LINEDIALPARAMS structure page). */
export interface LINEDIALPARAMS {
  dwDialPause: number;
  dwDialSpeed: number;
  dwDigitDuration: number;
  dwWaitForDialtone: number;
}

/**
 * LINEGENERATETONE: one frequency of a custom tone (lineGenerateTone, LINETONEMODE_CUSTOM): in Hz,
 * its cadence in ms (on 0: not heard; off 0: constant) and its volume (0x0000FFFF full, 0 silence).
 */
export interface LINEGENERATETONE {
  dwFrequency: number;
  dwCadenceOn: number;
  dwCadenceOff: number;
  dwVolume: number;
}

/**
 * LINEMONITORTONE: one tone to listen for (lineMonitorTones): a tag given back in
 * LINE_MONITORTONE, how long it must last (ms), and up to three frequencies in Hz (0 unused; all 0
 * is silence).
 */
export interface LINEMONITORTONE {
  dwAppSpecific: number;
  dwDuration: number;
  dwFrequency1: number;
  dwFrequency2: number;
  dwFrequency3: number;
}

/** SYSTEMTIME, in Coordinated Universal Time (LINECALLSTATUS tStateEntryTime). */
export interface SYSTEMTIME {
  wYear: number;
  wMonth: number;
  wDayOfWeek: number;
  wDay: number;
  wHour: number;
  wMinute: number;
  wSecond: number;
  wMilliseconds: number;
}

/** A GUID (LINEDEVCAPS PermanentLineGuid). */
export interface GUID {
  Data1: number;
  Data2: number;
  Data3: number;
  Data4: number[];
}

/** LINEEXTENSIONID: the provider's extension id from lineNegotiateAPIVersion (xtapi has none: all 0). */
export interface LINEEXTENSIONID {
  dwExtensionID0: number;
  dwExtensionID1: number;
  dwExtensionID2: number;
  dwExtensionID3: number;
}

/**
 * LINEMESSAGE: one message, as lineGetMessage returns it (the six values a LINECALLBACK gets).
 *
 * @example
 * ```ts
 * const msg = {} as LINEMESSAGE;
 * if ((await tapi.lineGetMessage(hLineApp.value, msg, 1000)) === 0 && msg.dwMessageID === LINE_REPLY) {
 *   console.log('request', msg.dwParam1, 'result', msg.dwParam2);
 * }
 * ```
 */
export interface LINEMESSAGE {
  hDevice: number;
  dwMessageID: number;
  dwCallbackInstance: number;
  dwParam1: number;
  dwParam2: number;
  dwParam3: number;
}

/**
 * LINEINITIALIZEEXPARAMS: how lineInitializeEx delivers messages. `dwOptions` is
 * LINEINITIALIZEEXOPTION_USEHIDDENWINDOW (the callback) or LINEINITIALIZEEXOPTION_USEEVENT
 * (lineGetMessage); completion ports do not exist in JavaScript.
 */
export interface LINEINITIALIZEEXPARAMS {
  dwTotalSize?: number;
  dwNeededSize?: number;
  dwUsedSize?: number;
  dwOptions: number;
  hEvent?: unknown;
  hCompletionPort?: unknown;
  dwCompletionKey?: number;
}

/**
 * LINECALLPARAMS: how lineMakeCall sets a call up (LINECALLPARAMS structure page). Every field is optional
 * and 0 (or absent) means the default; NULL instead of the whole structure is a 3.1 kHz voice
 * call from the line's own address. Variable parts are strings named after their Size/Offset
 * pair (`OrigAddress`, `DisplayableAddress`, …). `dwNoAnswerTimeout` is in seconds, as in C.
 */
export interface LINECALLPARAMS {
  dwTotalSize?: number;
  dwBearerMode?: number;
  dwMinRate?: number;
  dwMaxRate?: number;
  dwMediaMode?: number;
  dwCallParamFlags?: number;
  dwAddressMode?: number;
  dwAddressID?: number;
  DialParams?: Partial<LINEDIALPARAMS>;
  OrigAddress?: string | null;
  DisplayableAddress?: string | null;
  CalledParty?: string | null;
  Comment?: string | null;
  UserUserInfo?: string | Uint8Array | null;
  HighLevelComp?: string | Uint8Array | null;
  LowLevelComp?: string | Uint8Array | null;
  DevSpecific?: string | Uint8Array | null;
  dwPredictiveAutoTransferStates?: number;
  TargetAddress?: string | null;
  SendingFlowspec?: string | Uint8Array | null;
  ReceivingFlowspec?: string | Uint8Array | null;
  DeviceClass?: string | null;
  DeviceConfig?: string | Uint8Array | null;
  CallData?: string | Uint8Array | null;
  dwNoAnswerTimeout?: number;
  CallingPartyID?: string | null;
  dwAddressType?: number;
}

/** The DWORD fields of a structure, in tapi.h order; `dwXxxSize` + `dwXxxOffset` pairs are variable parts. */
type Dwords<K extends string> = { [P in K]: number };

const LINECALLSTATUS_DWORDS = [
  'dwTotalSize', 'dwNeededSize', 'dwUsedSize', 'dwCallState', 'dwCallStateMode', 'dwCallPrivilege',
  'dwCallFeatures', 'dwDevSpecificSize', 'dwDevSpecificOffset', 'dwCallFeatures2',
] as const;

/** LINECALLSTATUS (TAPI 2.x layout): what a call may do now and since when it is in its state. */
export type LINECALLSTATUS = Dwords<(typeof LINECALLSTATUS_DWORDS)[number]> & { tStateEntryTime: SYSTEMTIME };

const LINECALLINFO_DWORDS = [
  'dwTotalSize', 'dwNeededSize', 'dwUsedSize', 'hLine', 'dwLineDeviceID', 'dwAddressID', 'dwBearerMode',
  'dwRate', 'dwMediaMode', 'dwAppSpecific', 'dwCallID', 'dwRelatedCallID', 'dwCallParamFlags',
  'dwCallStates', 'dwMonitorDigitModes', 'dwMonitorMediaModes', 'dwOrigin', 'dwReason',
  'dwCompletionID', 'dwNumOwners', 'dwNumMonitors', 'dwCountryCode', 'dwTrunk',
  'dwCallerIDFlags', 'dwCallerIDSize', 'dwCallerIDOffset', 'dwCallerIDNameSize', 'dwCallerIDNameOffset',
  'dwCalledIDFlags', 'dwCalledIDSize', 'dwCalledIDOffset', 'dwCalledIDNameSize', 'dwCalledIDNameOffset',
  'dwConnectedIDFlags', 'dwConnectedIDSize', 'dwConnectedIDOffset', 'dwConnectedIDNameSize', 'dwConnectedIDNameOffset',
  'dwRedirectionIDFlags', 'dwRedirectionIDSize', 'dwRedirectionIDOffset', 'dwRedirectionIDNameSize', 'dwRedirectionIDNameOffset',
  'dwRedirectingIDFlags', 'dwRedirectingIDSize', 'dwRedirectingIDOffset', 'dwRedirectingIDNameSize', 'dwRedirectingIDNameOffset',
  'dwAppNameSize', 'dwAppNameOffset', 'dwDisplayableAddressSize', 'dwDisplayableAddressOffset',
  'dwCalledPartySize', 'dwCalledPartyOffset', 'dwCommentSize', 'dwCommentOffset', 'dwDisplaySize', 'dwDisplayOffset',
  'dwUserUserInfoSize', 'dwUserUserInfoOffset', 'dwHighLevelCompSize', 'dwHighLevelCompOffset',
  'dwLowLevelCompSize', 'dwLowLevelCompOffset', 'dwChargingInfoSize', 'dwChargingInfoOffset',
  'dwTerminalModesSize', 'dwTerminalModesOffset', 'dwDevSpecificSize', 'dwDevSpecificOffset',
  'dwCallTreatment', 'dwCallDataSize', 'dwCallDataOffset', 'dwSendingFlowspecSize', 'dwSendingFlowspecOffset',
  'dwReceivingFlowspecSize', 'dwReceivingFlowspecOffset',
] as const;

/**
 * LINECALLINFO (TAPI 2.x layout): the call's mostly fixed data. xtapi fills the line, device,
 * bearer and media modes, call id, parameter flags, the states the call can be in, origin and
 * reason (outbound and direct for a call made here; as the provider said for one that arrived),
 * owners and monitors, country code, caller (number and name) and called party, where a call
 * made here was redirected to (RedirectionID, the last redirect), app name, and the displayable
 * address, called party and comment from LINECALLPARAMS.
 */
export type LINECALLINFO = Dwords<(typeof LINECALLINFO_DWORDS)[number]> & {
  DialParams: LINEDIALPARAMS;
  CallerID?: string;
  CallerIDName?: string;
  CalledID?: string;
  RedirectionID?: string;
  AppName?: string;
  DisplayableAddress?: string;
  CalledParty?: string;
  Comment?: string;
};

const LINEDEVCAPS_DWORDS = [
  'dwTotalSize', 'dwNeededSize', 'dwUsedSize', 'dwProviderInfoSize', 'dwProviderInfoOffset',
  'dwSwitchInfoSize', 'dwSwitchInfoOffset', 'dwPermanentLineID', 'dwLineNameSize', 'dwLineNameOffset',
  'dwStringFormat', 'dwAddressModes', 'dwNumAddresses', 'dwBearerModes', 'dwMaxRate', 'dwMediaModes',
  'dwGenerateToneModes', 'dwGenerateToneMaxNumFreq', 'dwGenerateDigitModes', 'dwMonitorToneMaxNumFreq',
  'dwMonitorToneMaxNumEntries', 'dwMonitorDigitModes', 'dwGatherDigitsMinTimeout', 'dwGatherDigitsMaxTimeout',
  'dwMedCtlDigitMaxListSize', 'dwMedCtlMediaMaxListSize', 'dwMedCtlToneMaxListSize', 'dwMedCtlCallStateMaxListSize',
  'dwDevCapFlags', 'dwMaxNumActiveCalls', 'dwAnswerMode', 'dwRingModes', 'dwLineStates',
  'dwUUIAcceptSize', 'dwUUIAnswerSize', 'dwUUIMakeCallSize', 'dwUUIDropSize', 'dwUUISendUserUserInfoSize',
  'dwUUICallInfoSize', 'dwNumTerminals', 'dwTerminalCapsSize', 'dwTerminalCapsOffset',
  'dwTerminalTextEntrySize', 'dwTerminalTextSize', 'dwTerminalTextOffset', 'dwDevSpecificSize',
  'dwDevSpecificOffset', 'dwLineFeatures', 'dwSettableDevStatus', 'dwDeviceClassesSize', 'dwDeviceClassesOffset',
] as const;

/**
 * LINEDEVCAPS (TAPI 2.x layout; PermanentLineGuid from 2.2): what a line device can do, from the
 * provider's capabilities.
 */
export type LINEDEVCAPS = Dwords<(typeof LINEDEVCAPS_DWORDS)[number]> & {
  MinDialParams: LINEDIALPARAMS;
  MaxDialParams: LINEDIALPARAMS;
  DefaultDialParams: LINEDIALPARAMS;
  PermanentLineGuid?: GUID;
  ProviderInfo?: string;
  SwitchInfo?: string;
  LineName?: string;
  DeviceClasses?: string;
};

const LINEDEVSTATUS_DWORDS = [
  'dwTotalSize', 'dwNeededSize', 'dwUsedSize', 'dwNumOpens', 'dwOpenMediaModes', 'dwNumActiveCalls',
  'dwNumOnHoldCalls', 'dwNumOnHoldPendCalls', 'dwLineFeatures', 'dwNumCallCompletions', 'dwRingMode',
  'dwSignalLevel', 'dwBatteryLevel', 'dwRoamMode', 'dwDevStatusFlags', 'dwTerminalModesSize',
  'dwTerminalModesOffset', 'dwDevSpecificSize', 'dwDevSpecificOffset', 'dwAvailableMediaModes',
  'dwAppInfoSize', 'dwAppInfoOffset',
] as const;

/** LINEDEVSTATUS (TAPI 2.x layout): the line's state now. */
export type LINEDEVSTATUS = Dwords<(typeof LINEDEVSTATUS_DWORDS)[number]>;

/** A structure layout: its DWORDs in order plus the bytes of the embedded structures. */
export interface Layout {
  readonly dwords: readonly string[];
  readonly embedded: number;
}

const DIALPARAMS_SIZE = 16;
const SYSTEMTIME_SIZE = 16;
const GUID_SIZE = 16;

export const LINECALLSTATUS_LAYOUT: Layout = { dwords: LINECALLSTATUS_DWORDS, embedded: SYSTEMTIME_SIZE };
export const LINECALLINFO_LAYOUT: Layout = { dwords: LINECALLINFO_DWORDS, embedded: DIALPARAMS_SIZE };
export const LINEDEVSTATUS_LAYOUT: Layout = { dwords: LINEDEVSTATUS_DWORDS, embedded: 0 };
/** LINEDEVCAPS up to 2.1; 2.2 adds PermanentLineGuid. */
export const LINEDEVCAPS_LAYOUT: Layout = { dwords: LINEDEVCAPS_DWORDS, embedded: 3 * DIALPARAMS_SIZE };
export const LINEDEVCAPS22_LAYOUT: Layout = { dwords: LINEDEVCAPS_DWORDS, embedded: 3 * DIALPARAMS_SIZE + GUID_SIZE };
/** LINECALLPARAMS of TAPI 2.x: 44 DWORDs up to dwCallingPartyIDOffset, DialParams included (`docs/reference/tapi2-constants.md`). */
export const LINECALLPARAMS_FIXED_SIZE = 176;

/** The fixed size of a structure, in bytes, as C computes it (tapi.h packs structures to 1 byte). */
export function fixedSize(layout: Layout): number {
  return layout.dwords.length * 4 + layout.embedded;
}

/** The variable parts of a layout: every `dwXxxSize` directly followed by `dwXxxOffset`. */
function partsOf(layout: Layout): string[] {
  const parts: string[] = [];
  for (let i = 0; i + 1 < layout.dwords.length; i++) {
    const stem = /^dw(.+)Size$/.exec(layout.dwords[i])?.[1];
    if (stem && layout.dwords[i + 1] === `dw${stem}Offset`) parts.push(stem);
  }
  return parts;
}

const partsCache = new WeakMap<Layout, string[]>();

/** Whether an application's `dwTotalSize` (if it set one) holds the fixed part of `layout`. */
export function holdsFixedPart(target: Record<string, unknown>, size: number): boolean {
  const total = target.dwTotalSize;
  return total === undefined || (typeof total === 'number' && Number.isInteger(total) && total >= size);
}

/**
 * Fill `target` as TAPI fills a variably sized structure: every DWORD (from `values`, else 0),
 * the embedded structures in `extra`, then the variable parts in header order while they fit.
 * The caller has checked the size with {@link holdsFixedPart}.
 */
export function fillStructure(
  target: Record<string, unknown>,
  layout: Layout,
  values: Readonly<Record<string, number>>,
  extra: Readonly<Record<string, unknown>>,
  strings: Readonly<Record<string, string | null | undefined>>,
): void {
  const total = typeof target.dwTotalSize === 'number' ? target.dwTotalSize : Infinity;
  for (const name of layout.dwords) if (name !== 'dwTotalSize') target[name] = (values[name] ?? 0) >>> 0;
  Object.assign(target, extra);
  let parts = partsCache.get(layout);
  if (!parts) partsCache.set(layout, (parts = partsOf(layout)));
  const fixed = fixedSize(layout);
  let needed = fixed;
  let used = fixed;
  for (const stem of parts) {
    delete target[stem];
    const text = strings[stem];
    if (text === null || text === undefined || text === '') continue;
    // A NUL-terminated string of single-byte characters (LINEDEVCAPS dwStringFormat ASCII).
    const size = text.length + 1;
    needed += size;
    if (used + size > total) continue;
    target[`dw${stem}Size`] = size;
    target[`dw${stem}Offset`] = used;
    target[stem] = text;
    used += size;
  }
  if (target.dwTotalSize === undefined) target.dwTotalSize = needed;
  target.dwNeededSize = needed;
  target.dwUsedSize = used;
}

/** A SYSTEMTIME in UTC for a clock time in ms. */
export function systemTime(ms: number): SYSTEMTIME {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  return {
    wYear: d.getUTCFullYear(),
    wMonth: d.getUTCMonth() + 1,
    wDayOfWeek: d.getUTCDay(),
    wDay: d.getUTCDate(),
    wHour: d.getUTCHours(),
    wMinute: d.getUTCMinutes(),
    wSecond: d.getUTCSeconds(),
    wMilliseconds: d.getUTCMilliseconds(),
  };
}

/** An all-zero LINEDIALPARAMS (the line's defaults). */
export function zeroDialParams(): LINEDIALPARAMS {
  return { dwDialPause: 0, dwDialSpeed: 0, dwDigitDuration: 0, dwWaitForDialtone: 0 };
}

/** What goes into a structure: its DWORDs by name, embedded structures, variable parts by stem. */
export interface Contents {
  values: Readonly<Record<string, number>>;
  extra?: Readonly<Record<string, unknown>>;
  strings?: Readonly<Record<string, string | null | undefined>>;
}

/**
 * Fill an application's structure, with TAPI's checks first: not an object the library can
 * fill, LINEERR_INVALPOINTER; `dwTotalSize` below the fixed part, LINEERR_STRUCTURETOOSMALL.
 * `contents` runs only once the structure is known to be good. Returns 0 or the LINEERR_.
 */
export function fillApplicationStructure(target: unknown, layout: Layout, contents: () => Contents): number {
  if (!isStructure(target)) return LINEERR_INVALPOINTER;
  if (!holdsFixedPart(target, fixedSize(layout))) return LINEERR_STRUCTURETOOSMALL;
  const { values, extra = {}, strings = {} } = contents();
  try {
    fillStructure(target, layout, values, extra, strings);
    return 0;
  } catch {
    // A property the application made read-only: memory TAPI cannot write.
    return LINEERR_INVALPOINTER;
  }
}
