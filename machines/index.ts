/**
 * `xtapi/machines`: the statecharts themselves, for diagrams, inspection and model-based tests.
 *
 * @packageDocumentation
 */
export { callMachine, callStateBit, hasReached } from './call.js';
export type { CallContext, CallInput, CallMachine } from './call.js';
export { lineMachine, activeCalls, callsOf, freeSlot, PROVIDER_CHILD } from './line.js';
export type { CallActorRef, CreateCallEvent, LineContext, LineEmitted, LineEvent, LineInput, LineMachine, LineServiceChange, LineState } from './line.js';
export { telephonyMachine, lineId } from './telephony.js';
export type { DeviceEntry, LineActorRef, TelephonyContext, TelephonyEmitted, TelephonyEvent, TelephonyInput, TelephonyMachine } from './telephony.js';
export { lineService } from './provider-service.js';
export type { LineServiceCommand, LineServiceInput, LineServiceReport } from './provider-service.js';
export { bindProviders } from './resources.js';
export type * from './events.js';
export { digitGatherMachine } from './digit-gather.js';
export type { DigitGatherMachine, GatherEvent, GatherInput, GatherResult, GatherTermination } from './digit-gather.js';
