import { expect, it } from 'vitest';
import { answerACall } from '../../examples/answer-a-call.js';
import { ManualClock } from '../../src/testing/manual-clock.js';

it('answering calls: the nameless caller is rejected, Bob is answered and hangs up, on simulated time', async () => {
  const clock = new ManualClock();
  const lines: string[] = [];
  let finished = false;
  const run = answerACall({ clock, log: (l) => lines.push(`${clock.now()} ${l}`) }).finally(() => (finished = true));
  // The example waits on the line and its calls; simulated time moves while it waits.
  while (!finished) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    clock.advance(10);
  }
  const causes = await run;
  expect(causes).toEqual([
    { mode: 'REJECT', origin: 'local', state: 'offering', connected: false },
    { mode: 'NORMAL', origin: 'remote', state: 'connected', connected: true },
  ]);
  expect(lines).toEqual([
    '0 i0.1: offering, from 5550100 to 100',
    '20 i0.1: rejected, REJECT by local',
    '20 i0.2: offering, from 5550123 (Bob) to 100',
    '20 i0.2: answering',
    '40 i0.2: connected ACTIVE',
    '3040 i0.2: disconnected NORMAL',
    '3040 i0.2: dropping',
    '3060 i0.2: ended',
    '3060 i0.2: ended, NORMAL by remote, connected for a while',
  ]);
  expect(clock.pending).toBe(0);
});
