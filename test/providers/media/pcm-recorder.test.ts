/**
 * Recording what arrives: ended by its maximum length (to the sample), by silence once sound was
 * heard (not before), by no input at all when asked, or by a stop; the same whatever the frame
 * sizes; and as a WAVE file.
 */
import { describe, expect, it } from 'vitest';
import { tone } from '../../../providers/media/dtmf-tones.js';
import { PcmRecorder } from '../../../providers/media/pcm-recorder.js';
import { concatPcm, silence } from '../../../providers/media/pcm.js';
import { readWav } from '../../../providers/media/wav.js';

/** Push `samples` in frames of `size`; returns how many were pushed before it stopped. */
function feed(recorder: PcmRecorder, samples: Int16Array, size = 160): number {
  for (let at = 0; at < samples.length; at += size) if (!recorder.push(samples.subarray(at, at + size))) return at + size;
  return samples.length;
}

describe('pcm-recorder', () => {
  it('ends at its maximum length, cut to the sample', async () => {
    const recorder = new PcmRecorder({ maxMs: 1000 });
    feed(recorder, tone(440, 3000), 333);
    const recording = await recorder.done;
    expect(recording.reason).toBe('maxLength');
    expect(recording.samples).toEqual(tone(440, 3000).subarray(0, 8000));
    expect(recording.durationMs).toBe(1000);
    expect(recorder.push(Int16Array.of(1))).toBe(false);
  });

  it('ends after silenceMs of silence once sound was heard, the silence kept', async () => {
    const recorder = new PcmRecorder({ maxMs: 60_000, silenceMs: 2000 });
    feed(recorder, concatPcm([silence(3000), tone(300, 1000, -20), silence(1000), tone(300, 500, -20), silence(5000)]));
    const recording = await recorder.done;
    expect(recording.reason).toBe('silence');
    // 3 s of silence before the first sound do not count; the 1 s gap does not end it.
    expect(recording.durationMs).toBe(3000 + 1000 + 1000 + 500 + 2000);
  });

  it('ends on no input only when asked to, after noInputMs', async () => {
    const patient = new PcmRecorder({ maxMs: 10_000, silenceMs: 500 });
    feed(patient, silence(12_000));
    expect((await patient.done).reason).toBe('maxLength');
    const prompt = new PcmRecorder({ maxMs: 10_000, silenceMs: 500, noInputMs: 4000 });
    feed(prompt, silence(12_000));
    expect(await prompt.done).toMatchObject({ reason: 'silence', durationMs: 4000 });
  });

  it('judges silence on 20 ms blocks whatever the frame sizes, below −45 dBm0 unless said', async () => {
    const audio = concatPcm([tone(1000, 500, -40), tone(1000, 700, -50), tone(1000, 300, -40), silence(1000)]);
    for (const size of [1, 7, 160, 999]) {
      const recorder = new PcmRecorder({ maxMs: 60_000, silenceMs: 600 });
      feed(recorder, audio, size);
      expect(await recorder.done).toMatchObject({ reason: 'silence', durationMs: 500 + 600 });
    }
    // At −35 dBm0 it is all silence: nothing was heard, so it goes on recording.
    const stricter = new PcmRecorder({ maxMs: 60_000, silenceMs: 600, silenceDbm0: -35 });
    expect(feed(stricter, audio)).toBe(audio.length);
    expect(stricter.ended).toBeNull();
  });

  it('stop ends it as it is, once; the recording reads back from its WAVE file', async () => {
    const recorder = new PcmRecorder({ maxMs: 60_000, silenceMs: 1000 });
    expect(recorder.ended).toBeNull();
    feed(recorder, tone(700, 250), 100);
    recorder.stop();
    recorder.stop();
    expect(recorder.ended).toBe('stopped');
    const recording = await recorder.done;
    expect(recording).toMatchObject({ reason: 'stopped', durationMs: 250 });
    expect(readWav(recorder.toWav())).toEqual(tone(700, 250));
    expect(recorder.samples()).toEqual(recording.samples);
  });
});
