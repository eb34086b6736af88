/**
 * `xtapi/tapi3`: TAPI 3 call control over xtapi's call actors. An application written against
 * ITTAPI / ITAddress / ITBasicCallControl / ITCallInfo and ITTAPIEventNotification finds the
 * object model it knows, with every TAPI 3 constant and HRESULT under its C name and C value.
 * Methods that return an HRESULT in C return a Promise of it; methods whose JavaScript shape
 * returns something else (CreateCall returns the call) throw a {@link TapiError}.
 *
 * @example
 * ```ts
 * import { createTapi3, CS_CONNECTED, DC_NORMAL, LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO, TE_CALLSTATE } from 'xtapi/tapi3';
 *
 * const tapi = createTapi3();
 * await tapi.Initialize();
 * tapi.EventFilter = TE_CALLSTATE;
 * tapi.Advise({ Event: (type, event) => type === TE_CALLSTATE && console.log('CS', event.State) });
 * const address = tapi.Addresses.find((a) => a.QueryMediaType(TAPIMEDIATYPE_AUDIO))!;
 * const call = address.CreateCall('5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
 * await call.Connect(true);              // S_OK: connected
 * call.CallState === CS_CONNECTED;       // true
 * await call.Disconnect(DC_NORMAL);      // S_OK
 * call.Release();
 * await tapi.Shutdown();
 * ```
 *
 * @packageDocumentation
 */
export { createTapi3 } from './tapi3.js';
export type { ITTAPI, Tapi3Options } from './tapi3.js';
export type { ITAddress } from './address.js';
export type { ITBasicCallControl, ITCall, ITCallInfo } from './call.js';
export type { ITAddressEvent, ITCallInfoChangeEvent, ITCallNotificationEvent, ITCallStateEvent, ITDigitDetectionEvent, ITDigitGenerationEvent, ITDigitsGatheredEvent, ITTAPIEventNotification, ITToneDetectionEvent, TapiEventArgs, TapiEventObject } from './events.js';
export type { ITLegacyCallMediaControl } from './media-control.js';
export { TTM_BEEP, TTM_BILLING, TTM_BUSY, TTM_RINGBACK } from './tone-control.js';
export type { ITCustomTone, ITDetectTone } from './tone-control.js';
export type { ITLegacyCallMediaControlTones, TAPI_CUSTOMTONE, TAPI_DETECTTONE } from './tone-control.js';
export { TapiError, hresultName } from './tapi-error.js';
export { TWO_MINUTES } from './two-minute-rule.js';
// The two tables of C constants: every name in them is a TAPI 3 (or COM) constant by its C name.
export * from './hresults.js';
export * from './constants.js';
