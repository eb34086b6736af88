/**
 * Measuring a tone that arrived: frequency to a fraction of a hertz, start and length to a 5 ms
 * block, level to a tenth of a dB, through noise and beside louder or quieter others.
 */
import { describe, expect, it } from 'vitest';
import { dtmfTone, tone } from '../../../providers/media/dtmf-tones.js';
import { concatPcm, silence } from '../../../providers/media/pcm.js';
import { measureTone } from '../../../providers/media/tone-measure.js';
import { addNoise, whiteNoise } from './signals.js';

describe('tone-measure', () => {
  it('a known tone: its frequency, level, start and length', () => {
    for (const frequency of [300, 440, 1000, 1004, 2600, 3400]) {
      const heard = measureTone(concatPcm([silence(100), tone(frequency, 500, -12), silence(100)]));
      expect(heard).not.toBeNull();
      expect(Math.abs(heard!.frequency - frequency)).toBeLessThan(0.1);
      expect(heard!.levelDbm0).toBeCloseTo(-12, 1);
      expect(heard!.startMs).toBe(100);
      expect(heard!.durationMs).toBe(500);
    }
  });

  it('through noise, off the 5 ms grid, the longest stretch above the level counts', () => {
    const samples = concatPcm([silence(53), tone(697, 60), silence(200), tone(1209, 333, -15), silence(77)]);
    const heard = measureTone(addNoise(samples, whiteNoise(800, -45, 5)), -35)!;
    expect(Math.abs(heard.frequency - 1209)).toBeLessThan(0.5);
    expect(Math.abs(heard.startMs - 313)).toBeLessThanOrEqual(5);
    expect(Math.abs(heard.durationMs - 333)).toBeLessThanOrEqual(10);
  });

  it('a DTMF pair: its louder tone; nothing when nothing reaches the level', () => {
    expect(Math.abs(measureTone(dtmfTone('6', 200, -10, 3))!.frequency - 1477)).toBeLessThan(0.5);
    expect(measureTone(tone(1000, 100, -50))).toBeNull();
    expect(measureTone(new Int16Array(0))).toBeNull();
    expect(measureTone(tone(1000, 10, -10))!.durationMs).toBe(10);
  });
});
