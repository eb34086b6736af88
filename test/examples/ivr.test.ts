import { expect, it } from 'vitest';
import { ivr } from '../../examples/ivr.js';
import { DtmfDetector } from '../../providers/media/dtmf-detector.js';
import { ManualClock } from '../../src/testing/manual-clock.js';

it('the IVR answers, plays its prompt, gathers 1234#, reads it back and hangs up, on simulated time', async () => {
  const clock = new ManualClock();
  const lines: string[] = [];
  let finished = false;
  const run = ivr({ clock, log: (l) => lines.push(`${clock.now()} ${l}`) }).finally(() => (finished = true));
  // The IVR waits on the caller and on its own playback: simulated time moves while it waits.
  while (!finished) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    clock.advance(20);
  }
  const result = await run;
  expect(result).toMatchObject({ digits: '1234#', termination: 'TERMDIGIT' });
  expect(lines.map((l) => l.replace(/^\d+ /, ''))).toEqual(['i0.1: call from 5550123', 'i0.1: prompt played', 'i0.1: gathered 1234# (TERMDIGIT)', 'i0.1: hung up']);
  // The caller heard the read-back: the digits, found in the audio by an in-band DTMF detector.
  const heard = new DtmfDetector().push(result!.heard!).map((d) => d.digit).join('');
  expect(heard).toBe('1234');
});
