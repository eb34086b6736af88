/**
 * The simulated switch against the call model: every generated path, through the whole running
 * system (root, line supervisor, call actor, simulated switch) on a manual clock, with the same
 * invariants as the core's own suite. Paths the switch's script plays come from the script; the
 * others are injected into the switch (`SimulatedProvider.inject`), so the whole chart is covered.
 */
import { describeConformance } from '../../src/testing/conformance-suite.js';
import { simulatedDriver } from './simulated-driver.js';

describeConformance(simulatedDriver(), {
  // Every state and every transition: what the switch's script plays it plays itself, the rest
  // is injected into it (see simulated-driver.ts).
  minCoverage: 1,
  // Provider events the chart calls impossible too: the root's `PROVIDER.*` (a provider that lies).
  impossibleEvents: true,
});
