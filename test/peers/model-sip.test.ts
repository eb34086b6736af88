/**
 * The generated call paths against the SIP provider, with SIPp as the far end: the paths SIPp
 * can produce (answer, busy, ring and drop, far-end hang-up), through the whole running system
 * on real time, with the same invariants as every other provider's run. Each path gets its own
 * SIPp and its own provider; SIPp's own verdict (one successful call, exit 0) is checked too.
 *
 * SIPp plays a fixed scenario, so the driver says which sequences it has one for (`canRun`);
 * the generator then finds, for each transition it can reach, a path with such a sequence.
 */
import { describe, it, vi } from 'vitest';
import { type ProviderEvent } from '../../providers/provider.js';
import { sipProvider } from '../../providers/sip/index.js';
import type { ModelView, ProducibleEvent } from '../../src/testing/call-model.js';
import { type CallPath, eventLabel } from '../../src/testing/call-paths.js';
import type { ConformanceDriver, DriverSession } from '../../src/testing/conformance.js';
import { describeConformance } from '../../src/testing/conformance-suite.js';
import { peersFor } from '../support/peers/process.js';
import { FAST_TIMERS } from '../support/peers/sip-telephony.js';
import { type SippRun, sippTotals, startSipp } from '../support/peers/sipp.js';
import { PEER_TIMEOUTS } from '../support/peers/expect-peers.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');

/** What each SIPp scenario makes the SIP provider report, with our commands, as path labels. */
const SCENARIOS: ReadonlyArray<{ file: string; sequences: string[] }> = [
  // INVITE, 100, 180, (0.5 s) 200, ACK; our BYE, 200.
  { file: 'uas_answer.xml', sequences: ['MAKE ‹DIALING› ‹PROCEEDING› ‹RINGBACK› ‹CONNECTED› DROP ‹IDLE›'] },
  // INVITE, 100, 486, ACK; the drop releases at once (by us, or by autoClear).
  { file: 'uas_busy.xml', sequences: ['MAKE ‹DIALING› ‹PROCEEDING› ‹BUSY› DROP ‹IDLE›', 'MAKE ‹DIALING› ‹PROCEEDING› ‹BUSY› ‹IDLE›'] },
  // INVITE, 100, 180; our CANCEL, 200, 487, ACK.
  { file: 'uas_ring_noanswer.xml', sequences: ['MAKE ‹DIALING› ‹PROCEEDING› ‹RINGBACK› DROP ‹IDLE›'] },
  // INVITE, 100, 180, 200, ACK, (1 s) the far end's BYE, our 200; the drop releases at once.
  {
    file: 'uas_callee_bye.xml',
    sequences: [
      'MAKE ‹DIALING› ‹PROCEEDING› ‹RINGBACK› ‹CONNECTED› ‹DISCONNECTED› DROP ‹IDLE›',
      'MAKE ‹DIALING› ‹PROCEEDING› ‹RINGBACK› ‹CONNECTED› ‹DISCONNECTED› ‹IDLE›',
    ],
  },
];

const sequenceOf = (path: CallPath) => path.steps.map((s) => eventLabel(s.event)).join(' ');
/**
 * With autoClear the call drops itself once the far end has gone, and the SIP provider releases
 * such a call at once: an application's drop after that finds the call ended, so those
 * sequences are for calls without autoClear only.
 */
const scenarioOf = (path: CallPath) => {
  const sequence = sequenceOf(path);
  if (path.variant.autoClear && /‹(BUSY|DISCONNECTED)› DROP/.test(sequence)) return undefined;
  return SCENARIOS.find((s) => s.sequences.includes(sequence));
};

/** What SIP with a SIPp far end can produce, by call state. */
const CAN: Readonly<Record<string, readonly ProducibleEvent[]>> = {
  placing: ['PROVIDER.DIALING'],
  dialing: ['PROVIDER.PROCEEDING'],
  proceeding: ['PROVIDER.RINGBACK', 'PROVIDER.BUSY'],
  ringback: ['PROVIDER.CONNECTED'],
  connected: ['PROVIDER.DISCONNECTED'],
  dropping: ['PROVIDER.IDLE'],
};

function sippDriver(): ConformanceDriver {
  return {
    name: 'SIP (SIPp far end)',
    // SIP has no overlap dialling to a URI: the paths call a complete address.
    variants: ['complete', 'autoclear'],
    canProduce: (event: ProducibleEvent, at: ModelView) => CAN[at.state]?.includes(event) ?? false,
    canRun: (path) => scenarioOf(path) !== undefined,
    async start(path): Promise<DriverSession | string> {
      const scenario = scenarioOf(path);
      if (!scenario) return 'SIPp has no scenario for this path';
      const run: SippRun = await startSipp({ scenario: scenario.file, calls: 1, timeoutSec: 20, timewaitMs: 300 });
      return {
        provider: sipProvider({ timers: FAST_TIMERS, lines: [{ aor: 'sip:alice@127.0.0.1' }] }),
        destination: `sip:service@127.0.0.1:${run.port}`,
        // SIPp answers on its own schedule: nothing to do but wait for it.
        produce: (_event: ProviderEvent) => {},
        async close() {
          try {
            const exit = await run.process.exited;
            const totals = sippTotals(run);
            if (exit.code !== 0 || totals.successful !== 1 || totals.failed !== 0) throw new Error(`SIPp did not see a good call: ${run.report()}`);
          } finally {
            await run.dispose();
          }
        },
      };
    },
  };
}

describe.skipIf(peers.skip)(`generated call paths against the SIP provider and SIPp ${peers.reason}`, () => {
  it('has SIPp', () => peers.assert());
  describeConformance(sippDriver(), {
    timeout: 60_000,
    mustCover: [
      'call.placing|PROVIDER.DIALING',
      'call.dialing|PROVIDER.PROCEEDING',
      'call.alerting.proceeding|PROVIDER.RINGBACK',
      'call.alerting|PROVIDER.BUSY',
      'call.alerting|PROVIDER.CONNECTED',
      'call.connected|PROVIDER.DISCONNECTED',
      'call.alerting|DROP',
      'call.connected|DROP',
      'call.busy|DROP',
      'call.busy|always [autoClear]',
      'call.disconnected|always [autoClear]',
      'call.dropping|PROVIDER.IDLE',
    ],
  });
});
