/**
 * The modern API from start to end: open a line, place a call, follow it, send DTMF, drop it,
 * shut down. The README shows the same steps. Run by `test/examples/modern-quickstart.test.ts`.
 */
import { createTelephony } from '../src/index.js';
import { simulatedProvider } from '../providers/simulated/index.js';
import type { Clock } from '../providers/provider.js';

export async function quickstart(options: { clock?: Clock; log?: (line: string) => void } = {}) {
  const log = options.log ?? console.log;
  const telephony = createTelephony({
    clock: options.clock,
    providers: [simulatedProvider({ timing: 'instant', numbers: { '5550199': { outcome: 'busy' } } })],
  });
  const line = await telephony.openLine(0);

  const call = await line.makeCall('+1 (425) 555-0111', {
    noAnswerTimeout: 30_000,
    on: { state: ({ state, mode }) => log(`${state} ${mode ?? ''}`.trim()) }, // from the first state
  });
  await call.until('connected');
  await call.dial('1#');
  const cause = await call.drop();
  log(`ended: ${cause.mode} by ${cause.origin}`);

  const busy = await line.makeCall('5550199');
  const why = await busy.until('connected').catch((error: { cause: { mode: string } }) => error.cause.mode);
  log(`second call: ${why}`);

  await telephony.shutdown();
  return { cause, why };
}
