/**
 * The assertion the audio tests make on what arrived: one tone, measured (`measureTone`), of this
 * frequency and this length, each within a margin, rather than bytes counted.
 */
import { expect } from 'vitest';
import { measureTone, type ToneMeasurement } from '../../providers/media/tone-measure.js';

/** What {@link expectTone} expects: the frequency (Hz) and length (ms), and how far off each may be. */
export interface ExpectedTone {
  hz: number;
  ms: number;
  /** Default ±5 Hz. */
  hzWithin?: number;
  /** Default ±60 ms: a far end's jitter buffer may stretch or trim a frame or two at either end. */
  msWithin?: number;
}

/** The longest tone in `samples` is `hz` for `ms`, within the margins; resolves with the measurement. */
export function expectTone(samples: Int16Array, { hz, ms, hzWithin = 5, msWithin = 60 }: ExpectedTone): ToneMeasurement {
  const heard = measureTone(samples);
  expect(heard, 'no tone in what arrived').not.toBeNull();
  const { frequency, durationMs } = heard!;
  expect(frequency, `frequency of ${JSON.stringify(heard)}`).toBeGreaterThanOrEqual(hz - hzWithin);
  expect(frequency, `frequency of ${JSON.stringify(heard)}`).toBeLessThanOrEqual(hz + hzWithin);
  expect(durationMs, `length of ${JSON.stringify(heard)}`).toBeGreaterThanOrEqual(ms - msWithin);
  expect(durationMs, `length of ${JSON.stringify(heard)}`).toBeLessThanOrEqual(ms + msWithin);
  return heard!;
}
