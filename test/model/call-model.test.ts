/**
 * The call chart, path by path, through the whole running system (telephony root, line
 * supervisor, call actor, call service) with the scripted provider, which can produce every
 * provider event in every state, on a manual clock. The paths are generated with xstate/graph
 * from the real call machine (see src/testing/call-model.ts for how and why), including the
 * events the chart calls impossible, so the catch-all is covered too. The last test prints the
 * coverage the running call actors reached and fails below 100 %.
 */
import { describeConformance } from '../../src/testing/conformance-suite.js';
import { scriptedDriver } from '../../src/testing/scripted-driver.js';

describeConformance(scriptedDriver(), { impossibleEvents: true, minCoverage: 1 });
