/**
 * A small IVR with the modern API: answer the call that arrives, play a prompt, gather the caller's
 * digits up to `#`, read them back as tones, say goodbye and hang up.
 *
 * With no provider it runs over the simulated switch: the simulated caller keys in its account
 * number once it hears the prompt, and the switch keeps what it heard, so the whole dialogue is
 * checked without a network (`test/examples/ivr.test.ts`, on a manual clock). Given a provider (a
 * `sipProvider`), the same code waits for a real caller on its first line
 * (`test/peers/ivr-baresip.test.ts`: baresip calls it and keys the digits in).
 */
import { createTelephony } from '../src/index.js';
import { simulatedProvider } from '../providers/simulated/index.js';
import { dtmfTone, tone } from '../providers/media/dtmf-tones.js';
import { concatPcm, silence } from '../providers/media/pcm.js';
import type { Clock, Provider } from '../providers/provider.js';

/** The prompt: three rising beeps. A real IVR plays a WAV file: `call.play('prompt.wav')`. */
const PROMPT = concatPcm([tone(440, 150), silence(50), tone(550, 150), silence(50), tone(660, 300)]);
/**
 * Goodbye: one low tone, and a moment of silence before the hang-up, so that a far end whose jitter
 * buffer still holds the tone's last packets (it passes one on as later ones arrive) plays it whole.
 */
const GOODBYE = concatPcm([tone(330, 500), silence(200)]);

export async function ivr(options: { clock?: Clock; log?: (line: string) => void; provider?: Provider } = {}) {
  const log = options.log ?? console.log;
  const sim = options.provider ? null : simulatedProvider({ timing: 'instant' });
  const telephony = createTelephony({ clock: options.clock, providers: [options.provider ?? sim!] });
  const line = await telephony.openLine(0);
  const calls = line.incoming();

  // The simulated caller waits for the prompt (0.8 s), then keys in 1234# at a brisk pace.
  if (sim) sim.offerCall(0, { from: '5550123', name: 'Bob', says: { digits: '1234#', afterMs: 1_000, intervalMs: 300 } });
  else log('waiting for a call');

  let result = null;
  for await (const call of calls) {
    log(`${call.id}: call from ${call.caller?.number}`);
    await call.answer();
    // Listening from the answer: keys pressed during the prompt are not lost (barge-in).
    const gathering = call.gather({ max: 10, terminators: '#', firstTimeoutMs: 10_000, interTimeoutMs: 3_000 });
    await call.play(PROMPT);
    log(`${call.id}: prompt played`);
    const { digits, termination } = await gathering;
    log(`${call.id}: gathered ${digits} (${termination})`);
    // Read the account number back as DTMF tones, then say goodbye.
    await call.play(concatPcm([...digits.replace('#', '')].flatMap((digit) => [dtmfTone(digit, 100), silence(100)])));
    await call.play(GOODBYE);
    // What the simulated caller heard, kept by the switch while the call lives.
    result = { digits, termination, heard: sim?.heard(call.id) ?? null };
    await call.drop();
    log(`${call.id}: hung up`);
    break;
  }
  await telephony.shutdown();
  return result;
}
