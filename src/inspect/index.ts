/**
 * `xtapi/inspect`: seeing the statecharts. Diagrams generated from the machine definitions
 * (Mermaid, DOT, SVG rendered offline), and the live inspector relay for `@statelyai/inspect`
 * (the XState 5 inspector; `@xstate/inspect` works with XState 4 only).
 *
 * @packageDocumentation
 */
export { readChart } from './diagram/chart.js';
export type { Chart, ChartState, ChartTransition, ChartTrigger } from './diagram/chart.js';
export { toMermaid } from './diagram/to-mermaid.js';
export type { MermaidOptions } from './diagram/to-mermaid.js';
export { toDot, stateClass } from './diagram/to-dot.js';
export type { DotOptions } from './diagram/to-dot.js';
export { toSvg } from './diagram/to-svg.js';
export { startInspectorServer } from './inspector-server.js';
export type { InspectorServer, InspectorServerOptions } from './inspector-server.js';
export { inspectTelephony } from './telephony-inspector.js';
export type { InspectOption, InspectorInfo, InspectorOptions, TelephonyInspection } from './telephony-inspector.js';
export { stripNumbers, maskText, NUMBER_KEYS, REDACTED } from './strip-numbers.js';
