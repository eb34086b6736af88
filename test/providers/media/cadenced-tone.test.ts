/**
 * Cadenced tones: each component's frequency and level, its bursts where the cadence puts them, a
 * delay before the first, a constant tone unbroken across frames, frames that join into the same
 * samples as the whole, full volume that cannot clip with three components.
 */
import { describe, expect, it } from 'vitest';
import { CadencedTone, FULL_VOLUME_PEAK, volumeToPeak } from '../../../providers/media/cadenced-tone.js';
import { goertzelPower } from '../../../providers/media/goertzel.js';
import { dbm0ToPeak, levelDbm0 } from '../../../providers/media/level.js';
import { concatPcm, msToSamples } from '../../../providers/media/pcm.js';
import { measureTone } from '../../../providers/media/tone-measure.js';

/** The level of `samples` from `fromMs` to `toMs`. */
const levelBetween = (samples: Int16Array, fromMs: number, toMs: number) => levelDbm0(samples, msToSamples(fromMs), msToSamples(toMs));

describe('cadenced tone', () => {
  it('one component: its frequency, level, and bursts of onMs every onMs + offMs', () => {
    const samples = new CadencedTone([{ frequency: 1000, peak: dbm0ToPeak(-10), onMs: 200, offMs: 300 }]).samples(1000);
    const first = measureTone(samples.subarray(0, msToSamples(500)))!;
    expect(first.frequency).toBeCloseTo(1000, 0);
    expect(first.levelDbm0).toBeCloseTo(-10, 0);
    expect([first.startMs, first.durationMs]).toEqual([0, 200]);
    const second = measureTone(samples.subarray(msToSamples(500)))!;
    expect([second.startMs, second.durationMs]).toEqual([0, 200]);
    expect(levelBetween(samples, 200, 500)).toBe(-Infinity);
  });

  it('two components sound together, each at its level; a delay keeps one silent first', () => {
    const samples = new CadencedTone([
      { frequency: 941, peak: dbm0ToPeak(-13), onMs: 60, offMs: 940 },
      { frequency: 440, peak: dbm0ToPeak(-13), onMs: 940, offMs: 60, delayMs: 60 },
    ]).samples(1000);
    const head = samples.subarray(0, msToSamples(60));
    const tail = samples.subarray(msToSamples(60));
    expect(goertzelPower(head, 941) / goertzelPower(head, 440)).toBeGreaterThan(100);
    expect(goertzelPower(tail, 440) / goertzelPower(tail, 941)).toBeGreaterThan(100);
    expect(measureTone(tail)!.durationMs).toBe(940);
  });

  it('frames are the whole tone cut in 20 ms, and a constant tone (offMs 0) has no break between them', () => {
    const tone = new CadencedTone([{ frequency: 1400, peak: dbm0ToPeak(-13), onMs: 1000, offMs: 0 }]);
    const frames = concatPcm(Array.from({ length: 100 }, (_, i) => tone.frame(i)));
    expect(frames).toEqual(tone.samples(2000));
    const heard = measureTone(frames)!;
    expect(heard.durationMs).toBe(2000);
    expect(heard.frequency).toBeCloseTo(1400, 1);
  });

  it('a component with onMs 0 or no volume is silent; full volume of three components stays within 16 bits', () => {
    expect(levelDbm0(new CadencedTone([{ frequency: 500, peak: 1000, onMs: 0, offMs: 100 }]).samples(200))).toBe(-Infinity);
    expect(levelDbm0(new CadencedTone([{ frequency: 500, peak: volumeToPeak(0), onMs: 100, offMs: 0 }]).samples(200))).toBe(-Infinity);
    const loud = new CadencedTone([300, 1000, 2000].map((frequency) => ({ frequency, peak: volumeToPeak(0xffff), onMs: 100, offMs: 0 }))).samples(2000);
    expect(Math.max(...loud.map(Math.abs))).toBeLessThanOrEqual(32_767);
    expect(volumeToPeak(0x8000)).toBeCloseTo(FULL_VOLUME_PEAK / 2, -1);
  });
});
