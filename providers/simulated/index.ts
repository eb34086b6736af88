/**
 * `xtapi/providers/simulated`: the embedded, deterministic switch.
 *
 * @packageDocumentation
 */
export { simulatedProvider } from './simulated-provider.js';
export type { SimulatedProvider, SimulatedProviderOptions } from './simulated-provider.js';
export type { Fault, NumberEntry, Outcome } from './directory.js';
export type { SimulatedCallInfo, SimulatedPhase } from './simulated-call.js';
export type { SimulatedCaller } from './simulated-incoming-call.js';
export type { SaidDigits } from './key-presses.js';
export { defaultTiming, instantTiming } from './timing.js';
export type { Timing } from './timing.js';
