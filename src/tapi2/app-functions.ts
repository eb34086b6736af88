/**
 * The application-level functions: lineInitializeEx, lineShutdown, lineGetMessage,
 * lineNegotiateAPIVersion, lineGetDevCaps. Each checks its parameters in the order TAPI lists
 * its errors and returns 0 or the LINEERR_ (each function's page; `docs/reference/tapi2-functions.md`).
 */
import { isSupportedVersion, negotiateVersion, TAPI2_HIGH_API_VERSION } from './api-version.js';
import * as err from './constants/errors.js';
import * as line from './constants/line.js';
import { GENERATE_DIGIT_MODES } from './generate-digits.js';
import { GATHER_TIMEOUT_RANGE, MONITOR_DIGIT_MODES } from './digit-functions.js';
import { GENERATE_TONE_MODES, MONITOR_TONE_MAX_ENTRIES, TONE_MAX_NUM_FREQ } from './tone-functions.js';
import type { AppEntry } from './handles.js';
import { type LineCallback, MessageQueue } from './messages.js';
import { dword, isDisplayable, isOut, isStructure, writeOut } from './pointers.js';
import type { Tapi2Runtime } from './runtime.js';
import { REPORTED_LINEDEVSTATES } from './status-messages.js';
import { fillApplicationStructure, LINEDEVCAPS22_LAYOUT, LINEDEVCAPS_LAYOUT, zeroDialParams } from './structures.js';

const lineValues = line as Readonly<Record<string, number>>;

/** OR of the constants `prefix + name` for each name. */
export function bitsOf(prefix: string, names: readonly string[]): number {
  let bits = 0;
  for (const name of names) bits |= lineValues[prefix + name] ?? 0;
  return bits >>> 0;
}

/** lineInitializeEx: check every pointer and option before anything starts; then the application exists. */
export function lineInitializeEx(
  rt: Tapi2Runtime,
  lphLineApp: unknown,
  _hInstance: unknown,
  lpfnCallback: unknown,
  lpszFriendlyAppName: unknown,
  lpdwNumDevs: unknown,
  lpdwAPIVersion: unknown,
  lpLineInitializeExParams: unknown,
): number {
  if (!isOut(lphLineApp) || !isOut(lpdwNumDevs) || !isOut(lpdwAPIVersion)) return err.LINEERR_INVALPOINTER;
  if (!isStructure(lpLineInitializeExParams)) return err.LINEERR_INVALPOINTER;
  // LINEINITIALIZEEXOPTION_CALLHUBTRACKING is a TAPI 3 flag that may ride along; the rest is one ordinal.
  const options = dword(lpLineInitializeExParams.dwOptions);
  if (options === null) return err.LINEERR_INVALPARAM;
  const mechanism = options & ~line.LINEINITIALIZEEXOPTION_CALLHUBTRACKING;
  if (mechanism === line.LINEINITIALIZEEXOPTION_USEHIDDENWINDOW) {
    if (typeof lpfnCallback !== 'function') return err.LINEERR_INVALPOINTER;
  } else if (mechanism !== line.LINEINITIALIZEEXOPTION_USEEVENT) {
    // Completion ports do not exist in JavaScript; anything else is not an option at all.
    return err.LINEERR_INVALPARAM;
  }
  if (lpszFriendlyAppName !== null && lpszFriendlyAppName !== undefined) {
    if (typeof lpszFriendlyAppName !== 'string') return err.LINEERR_INVALPOINTER;
    if (!isDisplayable(lpszFriendlyAppName)) return err.LINEERR_INVALAPPNAME;
  }
  const started = rt.startTelephony();
  if (started !== 0) return started;

  const handle = rt.handles.reserve();
  const queue = new MessageQueue(
    mechanism === line.LINEINITIALIZEEXOPTION_USEEVENT ? { kind: 'event' } : { kind: 'callback', callback: lpfnCallback as LineCallback },
    rt.clock,
    rt.onCallbackError,
  );
  // NULL names the application after its module (lineInitializeEx): "xtapi" here.
  const name = typeof lpszFriendlyAppName === 'string' && lpszFriendlyAppName !== '' ? lpszFriendlyAppName : 'xtapi';
  const app: AppEntry = { kind: 'app', handle, name, queue, lines: new Set(), alive: true };
  rt.apps.add(app);
  rt.handles.bind(app);
  writeOut(lphLineApp, handle);
  writeOut(lpdwNumDevs, rt.telephony.devices.length);
  // Out: the highest version this TAPI speaks, so the application can adapt (lineInitializeEx).
  writeOut(lpdwAPIVersion, TAPI2_HIGH_API_VERSION);
  return 0;
}

/** lineShutdown: the application's lines close (their calls are dropped) and its messages stop. */
export function lineShutdown(rt: Tapi2Runtime, hLineApp: unknown): number {
  const app = rt.app(hLineApp);
  if (typeof app === 'number') return app;
  rt.shutdownApp(app);
  return 0;
}

/** lineGetMessage: the next message of an event-mode application. */
export function lineGetMessage(rt: Tapi2Runtime, hLineApp: unknown, lpMessage: unknown, dwTimeout: unknown): Promise<number> {
  // lineGetMessage lists no LINEERR_UNINITIALIZED: any handle that is not an event-mode application is invalid.
  const app = rt.handles.app(hLineApp);
  if (!app || app.queue.delivery.kind !== 'event') return Promise.resolve(err.LINEERR_INVALAPPHANDLE);
  if (!isStructure(lpMessage)) return Promise.resolve(err.LINEERR_INVALPOINTER);
  const timeout = dword(dwTimeout);
  if (timeout === null) return Promise.resolve(err.LINEERR_OPERATIONFAILED);
  return app.queue.getMessage(lpMessage, timeout);
}

/** The device id of an application-level call, or null (LINEMAPPER is for lineOpen only). */
function deviceOf(rt: Tapi2Runtime, dwDeviceID: unknown): number | null {
  const id = dword(dwDeviceID);
  return id !== null && id < rt.telephony.devices.length ? id : null;
}

/** lineNegotiateAPIVersion: the highest version both sides speak; xtapi has no extensions. */
export function lineNegotiateAPIVersion(
  rt: Tapi2Runtime,
  hLineApp: unknown,
  dwDeviceID: unknown,
  dwAPILowVersion: unknown,
  dwAPIHighVersion: unknown,
  lpdwAPIVersion: unknown,
  lpExtensionID: unknown,
): number {
  const app = rt.app(hLineApp);
  if (typeof app === 'number') return app;
  if (deviceOf(rt, dwDeviceID) === null) return err.LINEERR_BADDEVICEID;
  if (!isOut(lpdwAPIVersion) || !isStructure(lpExtensionID)) return err.LINEERR_INVALPOINTER;
  const low = dword(dwAPILowVersion);
  const high = dword(dwAPIHighVersion);
  const version = low === null || high === null ? null : negotiateVersion(low, high);
  if (version === null) return err.LINEERR_INCOMPATIBLEAPIVERSION;
  writeOut(lpdwAPIVersion, version);
  Object.assign(lpExtensionID, { dwExtensionID0: 0, dwExtensionID1: 0, dwExtensionID2: 0, dwExtensionID3: 0 });
  return 0;
}

/** lineGetDevCaps: LINEDEVCAPS from the device's capabilities, in the layout of `dwAPIVersion`. */
export function lineGetDevCaps(
  rt: Tapi2Runtime,
  hLineApp: unknown,
  dwDeviceID: unknown,
  dwAPIVersion: unknown,
  dwExtVersion: unknown,
  lpLineDevCaps: unknown,
): number {
  const app = rt.app(hLineApp);
  if (typeof app === 'number') return app;
  const deviceId = deviceOf(rt, dwDeviceID);
  if (deviceId === null) return err.LINEERR_BADDEVICEID;
  const version = dword(dwAPIVersion);
  if (version === null || !isSupportedVersion(version)) return err.LINEERR_INCOMPATIBLEAPIVERSION;
  if (dword(dwExtVersion) !== 0) return err.LINEERR_INCOMPATIBLEEXTVERSION;
  const layout = version >= 0x00020002 ? LINEDEVCAPS22_LAYOUT : LINEDEVCAPS_LAYOUT;
  return fillApplicationStructure(lpLineDevCaps, layout, () => {
    const device = rt.telephony.devices[deviceId];
    const dialing =
      (device.dialing.billing ? line.LINEDEVCAPFLAGS_DIALBILLING : 0) |
      (device.dialing.quiet ? line.LINEDEVCAPFLAGS_DIALQUIET : 0) |
      (device.dialing.dialtone ? line.LINEDEVCAPFLAGS_DIALDIALTONE : 0);
    const extra: Record<string, unknown> = {
      MinDialParams: zeroDialParams(),
      MaxDialParams: zeroDialParams(),
      DefaultDialParams: zeroDialParams(),
    };
    if (layout === LINEDEVCAPS22_LAYOUT) extra.PermanentLineGuid = { Data1: 0, Data2: 0, Data3: 0, Data4: [0, 0, 0, 0, 0, 0, 0, 0] };
    return {
      values: {
        dwPermanentLineID: deviceId,
        dwStringFormat: line.STRINGFORMAT_ASCII,
        dwAddressModes: line.LINEADDRESSMODE_ADDRESSID | line.LINEADDRESSMODE_DIALABLEADDR,
        dwNumAddresses: 1,
        dwBearerModes: bitsOf('LINEBEARERMODE_', device.bearerModes),
        dwMediaModes: bitsOf('LINEMEDIAMODE_', device.mediaModes),
        // lineGenerateDigits: every provider sends digits as DTMF, and only so.
        dwGenerateDigitModes: GENERATE_DIGIT_MODES,
        // lineMonitorDigits, lineGatherDigits: a provider reports each key once, as DTMF.
        dwMonitorDigitModes: MONITOR_DIGIT_MODES,
        dwGatherDigitsMinTimeout: GATHER_TIMEOUT_RANGE.min,
        dwGatherDigitsMaxTimeout: GATHER_TIMEOUT_RANGE.max,
        // lineGenerateTone, lineMonitorTones: through the call's audio, on every line (a call whose
        // provider carries none answers LINEERR_OPERATIONUNAVAIL, or hears no tone).
        dwGenerateToneModes: GENERATE_TONE_MODES,
        dwGenerateToneMaxNumFreq: TONE_MAX_NUM_FREQ,
        dwMonitorToneMaxNumFreq: TONE_MAX_NUM_FREQ,
        dwMonitorToneMaxNumEntries: MONITOR_TONE_MAX_ENTRIES,
        // lineClose drops the calls of the handle that made them (lineClose remarks).
        dwDevCapFlags: line.LINEDEVCAPFLAGS_CLOSEDROP | dialing,
        dwMaxNumActiveCalls: device.maxCalls,
        dwLineFeatures: device.maxCalls > 0 ? line.LINEFEATURE_MAKECALL : 0,
        // The LINE_LINEDEVSTATE changes a line can report (lineSetStatusMessages).
        dwLineStates: REPORTED_LINEDEVSTATES,
      },
      extra,
      strings: { ProviderInfo: device.providerName, LineName: device.name, DeviceClasses: 'tapi/line' },
    };
  });
}
