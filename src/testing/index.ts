/**
 * `xtapi/testing`: what a test of xtapi, or of a provider, needs.
 *
 * @packageDocumentation
 */
export { ManualClock } from './manual-clock.js';
