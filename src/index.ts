/**
 * `xtapi`: TAPI-style call control on XState v5 actors. This entry point is the modern
 * promise/event API; `xtapi/tapi2` and `xtapi/tapi3` are the TAPI faces over the same core.
 *
 * @example
 * ```ts
 * import { createTelephony } from 'xtapi';
 * import { simulatedProvider } from 'xtapi/providers/simulated';
 *
 * const telephony = createTelephony({ providers: [simulatedProvider()] }); // one simulated line
 * const line = await telephony.openLine(0);
 * const call = await line.makeCall('5550111', { on: { state: ({ state, mode }) => console.log(state, mode) } });
 * await call.until('connected');
 * await call.drop();
 * await telephony.shutdown();
 * ```
 *
 * @packageDocumentation
 */
export { createTelephony, Telephony } from './phone/telephony.js';
export type { DeviceInfo, OpenLineOptions, TelephonyOptions } from './phone/telephony.js';
export type { InspectOption, InspectorInfo, InspectorOptions } from './inspect/telephony-inspector.js';
export { Line } from './phone/line.js';
export type { LineEventMap, LineStatus, MakeCallOptions } from './phone/line.js';
export { Call } from './phone/call.js';
export type { CallEventMap, CallFeatures, CallHoldEvent, CallListeners, CallTransferredEvent, Caller, Gathered, GatherOptions, HeldBy, PlaybackResult, PlayOptions, PlaySource, RecordOptions, Recording, RejectMode, ToneOptions, TransferRequest } from './phone/call.js';
export type { CallOptions } from './phone/call-options.js';
export { CallEndedError, XtapiError } from './phone/errors.js';
export { WavFormatError } from '../providers/media/wav.js';
export type { XtapiErrorCode } from './phone/errors.js';
export { MAX_ADDRESS_LENGTH, parseAddress } from './address/parse-address.js';
export type { AddressCapabilities, AddressError, ParsedAddress, ParseOptions, ParseResult } from './address/parse-address.js';
export type {
  CallCause,
  CallDigitEvent,
  CallEndedEvent,
  CallRedirectedEvent,
  CallRedirection,
  CallReplyEvent,
  CallState,
  CallStateEvent,
  CallWarningEvent,
  RequestKind,
} from '../machines/events.js';
export type { LineServiceChange, LineState } from '../machines/line.js';
export { ProviderError, defaultCallParams, realClock } from '../providers/provider.js';
export type {
  BearerMode,
  BusyMode,
  CallMode,
  CallOrigin,
  CallParams,
  CallReason,
  CallRequest,
  Clock,
  ConnectedMode,
  DialToneMode,
  DisconnectMode,
  DropMode,
  IncomingCall,
  LineDevice,
  LineErrorName,
  LineServiceEvent,
  LineLink,
  MediaMode,
  Provider,
  ProviderCall,
  ProviderCommand,
  ProviderDetail,
  ProviderEvent,
  ProviderEventType,
  ProviderLine,
} from '../providers/provider.js';
