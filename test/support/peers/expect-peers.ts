/**
 * The assertions every peer test makes on SIPp, in one place: it ended by itself with exit
 * code 0 and its `-trace_stat` counts exactly the successful calls it should (its `-trace_err`
 * log is the message when it did not).
 */
import { expect } from 'vitest';
import { type SippRun, sippTotals } from './sipp.js';

/** SIPp exited 0 with `calls` successful calls and none failed. */
export async function expectSippPassed(run: SippRun, calls = 1): Promise<void> {
  const exit = await run.process.exited;
  expect(exit.code, run.report()).toBe(0);
  expect(sippTotals(run), run.report()).toMatchObject({ successful: calls, failed: 0 });
}

/**
 * The time limits of a peer test file (`vi.setConfig(PEER_TIMEOUTS)` at its top): real peers
 * start, answer and exit on real time, so each test and hook gets room to run several times
 * slower than it does on an idle machine (a loaded CI runner), while its own waits stay short.
 */
export const PEER_TIMEOUTS = Object.freeze({ testTimeout: 60_000, hookTimeout: 60_000 });
