/**
 * `xtapi/tapi2`: the TAPI 2.x line API over xtapi's call actors. `createTapi2` returns the line
 * functions under their C names; every TAPI 2 line constant and message id is exported under its
 * C name with its C value (LINEERR_ values as the signed 32-bit numbers a C `LONG` holds).
 *
 * @example
 * ```ts
 * import { createTapi2, LINEINITIALIZEEXOPTION_USEEVENT, LINE_REPLY, INFINITE } from 'xtapi/tapi2';
 *
 * const tapi = createTapi2();
 * const hLineApp = { value: 0 };
 * tapi.lineInitializeEx(hLineApp, null, null, 'demo', { value: 0 }, { value: 0x00020002 },
 *   { dwOptions: LINEINITIALIZEEXOPTION_USEEVENT });
 * const msg = {};
 * await tapi.lineGetMessage(hLineApp.value, msg, 0); // LINEERR_OPERATIONFAILED: nothing queued
 * tapi.lineShutdown(hLineApp.value);
 * ```
 *
 * @packageDocumentation
 */
export { createTapi2 } from './tapi2.js';
export type { Tapi2, Tapi2Options } from './tapi2.js';
export type { LineCallback } from './messages.js';
export { TAPI2_HIGH_API_VERSION, TAPI2_LOW_API_VERSION } from './api-version.js';
export type {
  GUID,
  LINECALLINFO,
  LINECALLPARAMS,
  LINECALLSTATUS,
  LINEDEVCAPS,
  LINEDEVSTATUS,
  LINEDIALPARAMS,
  LINEEXTENSIONID,
  LINEGENERATETONE,
  LINEINITIALIZEEXPARAMS,
  LINEMESSAGE,
  LINEMONITORTONE,
  Out,
  SYSTEMTIME,
} from './structures.js';
// Constants only: each of these files exports nothing but TAPI constants under their C names.
export * from './constants/index.js';
