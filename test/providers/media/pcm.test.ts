/**
 * The PCM format of the media units: 8 kHz, 20 ms frames of 160 samples, and the small helpers.
 */
import { describe, expect, it } from 'vitest';
import { FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE, concatPcm, msToSamples, samplesToMs, silence } from '../../../providers/media/pcm.js';

describe('pcm', () => {
  it('8 kHz, 20 ms frames of 160 samples', () => {
    expect([SAMPLE_RATE, FRAME_MS, FRAME_SAMPLES]).toEqual([8000, 20, 160]);
    expect(msToSamples(20)).toBe(160);
    expect(msToSamples(0.06)).toBe(0);
    expect(samplesToMs(4000)).toBe(500);
  });

  it('silence is zeros; buffers join in order', () => {
    expect(silence(5)).toEqual(new Int16Array(40));
    expect(concatPcm([Int16Array.of(1), new Int16Array(0), Int16Array.of(2, 3)])).toEqual(Int16Array.of(1, 2, 3));
    expect(concatPcm([])).toEqual(new Int16Array(0));
  });
});
