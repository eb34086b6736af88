/**
 * DTMF and other tones: Q.23's keypad, each digit's two frequencies at their levels (measured with
 * Goertzel), a click-free start, the length asked for, and clipping rather than wrapping.
 */
import { describe, expect, it } from 'vitest';
import { DTMF_HIGH_HZ, DTMF_KEYPAD, DTMF_LOW_HZ, dtmfFrequencies, dtmfTone, tone, toneMix } from '../../../providers/media/dtmf-tones.js';
import { goertzelPower } from '../../../providers/media/goertzel.js';
import { levelDbm0, meanSquareToDbm0 } from '../../../providers/media/level.js';

describe('dtmf-tones', () => {
  it('the sixteen keys are Q.23 rows by columns; lower-case a-d too; anything else is refused', () => {
    expect(dtmfFrequencies('1')).toEqual({ low: 697, high: 1209 });
    expect(dtmfFrequencies('5')).toEqual({ low: 770, high: 1336 });
    expect(dtmfFrequencies('#')).toEqual({ low: 941, high: 1477 });
    expect(dtmfFrequencies('d')).toEqual({ low: 941, high: 1633 });
    const pairs = new Set([...DTMF_KEYPAD.join('')].map((d) => JSON.stringify(dtmfFrequencies(d))));
    expect(pairs.size).toBe(16);
    for (const bad of ['', 'E', '12', ' ', ',']) expect(() => dtmfFrequencies(bad)).toThrow(RangeError);
  });

  it('each digit holds its two frequencies, the high group twistDb louder, and the other six 20 dB down', () => {
    for (const digit of DTMF_KEYPAD.join('')) {
      const samples = dtmfTone(digit, 1000, -12, 3);
      expect(samples.length).toBe(8000);
      const { low, high } = dtmfFrequencies(digit);
      expect(meanSquareToDbm0(goertzelPower(samples, low))).toBeCloseTo(-12, 1);
      expect(meanSquareToDbm0(goertzelPower(samples, high))).toBeCloseTo(-9, 1);
      for (const other of [...DTMF_LOW_HZ, ...DTMF_HIGH_HZ].filter((f) => f !== low && f !== high)) {
        expect(meanSquareToDbm0(goertzelPower(samples, other))).toBeLessThan(-35);
      }
    }
  });

  it('a tone starts at 0, lasts as asked, measures at its level; loud mixes clip', () => {
    const samples = tone(440, 250, -6);
    expect(samples[0]).toBe(0);
    expect(samples.length).toBe(2000);
    expect(levelDbm0(samples)).toBeCloseTo(-6, 1);
    const loud = toneMix([{ frequency: 500, levelDbm0: 3 }, { frequency: 500, levelDbm0: 3 }], 10);
    expect(Math.max(...loud)).toBe(32_767);
    expect(Math.min(...loud)).toBe(-32_768);
    expect(toneMix([], 10)).toEqual(new Int16Array(80));
  });
});
