/**
 * Answering calls with the modern API, over the simulated switch: open a line, take the calls
 * that arrive one by one (`line.incoming()`), turn down a caller who gives no name, answer the
 * next, and follow it until the caller hangs up. The README shows the same steps. Run by
 * `test/examples/answer-a-call.test.ts`, on a manual clock.
 */
import { createTelephony } from '../src/index.js';
import { simulatedProvider } from '../providers/simulated/index.js';
import type { Clock } from '../providers/provider.js';

export async function answerACall(options: { clock?: Clock; log?: (line: string) => void } = {}) {
  const log = options.log ?? console.log;
  const sim = simulatedProvider();
  const telephony = createTelephony({ clock: options.clock, providers: [sim] });
  const line = await telephony.openLine(0);
  // The calls that arrive from now on, one by one: listen before anything can ring.
  const calls = line.incoming();

  // Two callers ring line 0: one with no name, then Bob, who hangs up 3 s after the answer.
  sim.offerCall(0, { from: '5550100' });
  sim.offerCall(0, { from: '5550123', name: 'Bob', hangupAfterMs: 3_000 });

  const causes = [];
  for await (const call of calls) {
    const { number, name } = call.caller!;
    log(`${call.id}: ${call.state}, from ${number}${name ? ` (${name})` : ''} to ${call.called}`);
    if (!name) {
      // Turned down: the caller is told REJECT (SIP 603 Decline; TAPI 3's DC_REJECTED).
      const cause = await call.reject('REJECT');
      log(`${call.id}: rejected, ${cause.mode} by ${cause.origin}`);
      causes.push(cause);
      continue;
    }
    call.on('state', ({ state, mode }) => log(`${call.id}: ${state}${mode ? ` ${mode}` : ''}`));
    await call.answer(); // resolves once connected
    const cause = await call.ended(); // the caller hangs up (autoClear drops our side)
    log(`${call.id}: ended, ${cause.mode} by ${cause.origin}, connected for ${cause.connected ? 'a while' : 'no time'}`);
    causes.push(cause);
    break; // leaving the loop stops listening
  }

  await telephony.shutdown();
  return causes;
}
