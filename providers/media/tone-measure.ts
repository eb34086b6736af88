/**
 * Measuring a tone that arrived: where in a buffer of 8 kHz PCM it is above a level, how long, how
 * loud, and its dominant frequency, so that a test can say "a 1 kHz tone of 500 ms came through"
 * rather than count bytes.
 *
 * The tone is the longest run of 5 ms blocks whose level is at or above `minLevelDbm0`, so its
 * start and length are good to a block (5 ms) at each end. Its frequency is found in two steps: the
 * strongest of a scan every 10 Hz over the first 50 ms (a {@link goertzel} term each, refined
 * between the three best by a parabola), then the phase each 25 ms block gains at that frequency
 * over the whole tone, which gives the rest to a fraction of a hertz on a tone of some length.
 */
import { goertzel, phaseGain, phaseGainHz } from './goertzel.js';
import { levelDbm0 } from './level.js';
import { SAMPLE_RATE, samplesToMs } from './pcm.js';

/** The block in which the level is looked at: 5 ms. */
const LEVEL_BLOCK = 40;
/** The samples scanned for the rough frequency: 50 ms (some 20 Hz of resolution). */
const SCAN_SAMPLES = 400;
/** The step of the scan, in Hz. */
const SCAN_STEP = 10;
/** The block whose phase steps refine the frequency: 25 ms, unambiguous to ±20 Hz. */
const PHASE_BLOCK = 200;

/** What {@link measureTone} found. */
export interface ToneMeasurement {
  /** The dominant frequency, in Hz. */
  frequency: number;
  /** The RMS level over the tone, in dBm0. */
  levelDbm0: number;
  /** Its first sample (to a 5 ms block). */
  startSample: number;
  /** Its length in samples (to a 5 ms block at each end). */
  samples: number;
  /** `startSample` in ms. */
  startMs: number;
  /** `samples` in ms. */
  durationMs: number;
}

/** The longest run of level blocks at or above `minLevelDbm0`, as [start, end) in samples. */
function loudestRun(samples: Int16Array, minLevelDbm0: number): [number, number] | null {
  let best: [number, number] | null = null;
  let runStart = -1;
  for (let at = 0; at <= samples.length; at += LEVEL_BLOCK) {
    const end = Math.min(at + LEVEL_BLOCK, samples.length);
    const loud = end > at && levelDbm0(samples, at, end) >= minLevelDbm0;
    if (loud && runStart < 0) runStart = at;
    if (!loud && runStart >= 0) {
      if (!best || at - runStart > best[1] - best[0]) best = [runStart, at];
      runStart = -1;
    }
  }
  return best;
}

function power(samples: Int16Array, frequency: number, start: number, end: number): number {
  const { re, im } = goertzel(samples, frequency, start, end);
  return re * re + im * im;
}

/** The strongest frequency of `samples[start..end)` to within a hertz or so. */
function roughFrequency(samples: Int16Array, start: number, end: number): number {
  const stop = Math.min(end, start + SCAN_SAMPLES);
  let best = SCAN_STEP;
  let bestPower = -1;
  for (let f = SCAN_STEP; f < SAMPLE_RATE / 2; f += SCAN_STEP) {
    const p = power(samples, f, start, stop);
    if (p > bestPower) [best, bestPower] = [f, p];
  }
  // A parabola through the magnitudes either side puts the peak between the steps.
  const below = Math.sqrt(power(samples, best - SCAN_STEP, start, stop));
  const above = Math.sqrt(power(samples, best + SCAN_STEP, start, stop));
  const peak = Math.sqrt(bestPower);
  const curve = below - 2 * peak + above;
  return curve < 0 ? best + (SCAN_STEP * 0.5 * (below - above)) / curve : best;
}

/** `rough` corrected by the phase its blocks gain over `samples[start..end)` beyond its own. */
function refinedFrequency(samples: Int16Array, rough: number, start: number, end: number): number {
  const sum = { re: 0, im: 0 };
  let previous = null;
  for (let at = start; at + PHASE_BLOCK <= end; at += PHASE_BLOCK) {
    const x = goertzel(samples, rough, at, at + PHASE_BLOCK);
    if (previous) {
      const gain = phaseGain(previous, x, rough, PHASE_BLOCK);
      sum.re += gain.re;
      sum.im += gain.im;
    }
    previous = x;
  }
  return sum.re === 0 && sum.im === 0 ? rough : rough + phaseGainHz(sum, PHASE_BLOCK);
}

/**
 * The tone in `samples`: the longest stretch at or above `minLevelDbm0` (−40 unless said), its
 * length, level and dominant frequency; null when nothing reaches the level.
 *
 * @example
 * ```ts
 * const heard = measureTone(concatPcm([silence(100), tone(1000, 500), silence(100)]));
 * // { frequency: 1000.0…, levelDbm0: -10.0…, startMs: 100, durationMs: 500, … }
 * ```
 */
export function measureTone(samples: Int16Array, minLevelDbm0 = -40): ToneMeasurement | null {
  const run = loudestRun(samples, minLevelDbm0);
  if (!run) return null;
  const [start, end] = run;
  // The blocks at either end may be partly silence: leave them out of the frequency if there is more.
  const inner = end - start > 4 * LEVEL_BLOCK ? [start + LEVEL_BLOCK, end - LEVEL_BLOCK] : [start, end];
  const rough = roughFrequency(samples, inner[0], inner[1]);
  return {
    frequency: refinedFrequency(samples, rough, inner[0], inner[1]),
    levelDbm0: levelDbm0(samples, start, end),
    startSample: start,
    samples: end - start,
    startMs: samplesToMs(start),
    durationMs: samplesToMs(end - start),
  };
}
