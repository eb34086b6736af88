import { expect, it } from 'vitest';
import { classicFlow } from '../../examples/tapi2-classic.js';
import { simulatedProvider } from '../../providers/simulated/index.js';
import { ManualClock } from '../../src/testing/manual-clock.js';

it('the classic TAPI 2 flow runs from lineInitializeEx to lineShutdown, on simulated time', async () => {
  const clock = new ManualClock();
  const sim = simulatedProvider();
  const lines: string[] = [];
  let finished = false;
  const run = classicFlow({ providers: [sim], clock, log: (l) => lines.push(l) }).finally(() => (finished = true));
  // The program waits on lineGetMessage(INFINITE); simulated time moves while it waits.
  while (!finished) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    clock.advance(10);
  }
  await run;
  expect(lines).toEqual([
    '1 line device(s)',
    'LINE_REPLY request 1: 0',
    'LINE_CALLSTATE DIALTONE',
    'LINE_CALLSTATE DIALING',
    'LINE_CALLSTATE PROCEEDING',
    'LINE_CALLSTATE RINGBACK',
    'LINE_CALLSTATE CONNECTED',
    'LINE_CALLSTATE IDLE',
    'LINE_REPLY request 2: 0',
    'done',
  ]);
  expect(clock.now()).toBeGreaterThanOrEqual(1870); // connected at 1.85 s, dropped 20 ms later
  expect(sim.calls()).toEqual([]);
  expect(clock.pending).toBe(0);
});
