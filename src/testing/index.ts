/**
 * `xtapi/testing`: what a test of xtapi, or of a provider, needs: a manual clock, and the
 * provider conformance kit (the call paths generated from the call machine, the invariants
 * every call keeps, and a vitest suite that runs them against a provider through a driver).
 *
 * `describeConformance` registers vitest tests: it needs `vitest` installed (the rest does not).
 *
 * @packageDocumentation
 */
export { ManualClock } from './manual-clock.js';
export { describeConformance } from './conformance-suite.js';
export type { ConformanceSuiteOptions } from './conformance-suite.js';
export { conformancePaths, runConformancePath } from './conformance.js';
export type { ConformanceDriver, ConformanceOptions, DriverSession, PathResult, ProduceContext, SteppedClock } from './conformance.js';
export { CALL_MODEL_VARIANTS, DEFAULT_TIMERS, MODEL_CALLER, createCallModel, stepKind } from './call-model.js';
export type { CallModelOptions, CallModelTimers, CallModelVariant, CallSnapshot, ModelEvent, ModelView, ProducibleEvent, StepKind } from './call-model.js';
export { eventLabel, generateCallPaths } from './call-paths.js';
export type { CallPath, CallPathStep } from './call-paths.js';
export { ChartCoverage } from './coverage.js';
export type { CoverageReport } from './coverage.js';
export { checkEnd, checkFeatures, checkReplies } from './invariants.js';
export { spyProvider } from './provider-spy.js';
export type { ProviderSpy, SpiedCall } from './provider-spy.js';
export { scriptedDriver, scriptedProvider } from './scripted-driver.js';
export type { ScriptedProvider, ScriptedProviderOptions } from './scripted-driver.js';
