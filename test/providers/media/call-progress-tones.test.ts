/**
 * The standard tones of lineGenerateTone as documented: ringback 440 + 480 Hz 2 s on 4 s off at
 * −19 dBm0, busy 480 + 620 Hz 0.5 s on 0.5 s off at −24 dBm0, beep 1400 Hz unbroken, billing's
 * one-second cycle.
 */
import { describe, expect, it } from 'vitest';
import { CALL_PROGRESS_TONES } from '../../../providers/media/call-progress-tones.js';
import { goertzelPower } from '../../../providers/media/goertzel.js';
import { levelDbm0, meanSquare } from '../../../providers/media/level.js';
import { msToSamples } from '../../../providers/media/pcm.js';
import { measureTone } from '../../../providers/media/tone-measure.js';

/** The share of `samples`' power at `frequencies`. */
const share = (samples: Int16Array, frequencies: number[]) => frequencies.reduce((sum, f) => sum + goertzelPower(samples, f), 0) / meanSquare(samples);

describe('call progress tones', () => {
  it('ringback: 440 + 480 Hz, 2 s on, 4 s off, −19 dBm0 each (−16 together)', () => {
    const samples = CALL_PROGRESS_TONES.ringback.tone.samples(12_000);
    const burst = measureTone(samples)!;
    expect([burst.startMs, burst.durationMs]).toEqual([0, 2000]);
    expect(burst.levelDbm0).toBeCloseTo(-16, 0);
    expect(share(samples.subarray(0, msToSamples(2000)), [440, 480])).toBeGreaterThan(0.99);
    expect(levelDbm0(samples, msToSamples(2000), msToSamples(6000))).toBe(-Infinity);
    expect(measureTone(samples.subarray(msToSamples(6000)))!.durationMs).toBe(2000);
  });

  it('busy: 480 + 620 Hz, 0.5 s on, 0.5 s off, −24 dBm0 each', () => {
    const samples = CALL_PROGRESS_TONES.busy.tone.samples(1000);
    const burst = measureTone(samples)!;
    expect([burst.startMs, burst.durationMs]).toEqual([0, 500]);
    expect(burst.levelDbm0).toBeCloseTo(-21, 0);
    expect(share(samples.subarray(0, msToSamples(500)), [480, 620])).toBeGreaterThan(0.99);
  });

  it('beep: 1400 Hz unbroken; billing: 941 + 1477 Hz for 60 ms, then 350 + 440 Hz to the end of its one second', () => {
    const beep = measureTone(CALL_PROGRESS_TONES.beep.tone.samples(3000))!;
    expect(beep.durationMs).toBe(3000);
    expect(beep.frequency).toBeCloseTo(1400, 1);
    const billing = CALL_PROGRESS_TONES.billing.tone.samples(1000);
    expect(share(billing.subarray(0, msToSamples(60)), [941, 1477])).toBeGreaterThan(0.9);
    expect(share(billing.subarray(msToSamples(60)), [350, 440])).toBeGreaterThan(0.99);
    expect(CALL_PROGRESS_TONES.billing.cycleMs).toBe(1000);
  });
});
