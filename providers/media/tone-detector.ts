/**
 * An in-band tone receiver for lineMonitorTones: for each tone of a list (up to three frequencies
 * sounding together, or none: silence), it says when the tone has been heard for its duration.
 *
 * It looks at blocks of 20 ms (160 samples). For a tone of frequencies f1..fk it fits the block,
 * by least squares, with a sine and a cosine at each (the same thing a {@link goertzel} term
 * measures for one frequency, made exact for several whose terms overlap in so short a block, as
 * 440 and 480 Hz do). The block holds the tone when both hold:
 * - each frequency's fitted sine is at or above `minLevelDbm0` (energy threshold);
 * - the fit holds at least `minToneShare` of the block's power: what else is there (speech, noise,
 *   another tone, a frequency of the list missing from what was heard) is not this tone. So 440 Hz
 *   alone is not heard in a 440 + 480 Hz ringback, nor 440 + 480 Hz in 440 Hz alone.
 * Silence (no frequency) is a block below `silenceDbm0`.
 *
 * A tone is detected once consecutive blocks have held it for its duration, rounded up to whole
 * blocks (at least one), and once only until a block does not: a tone that starts within a block
 * is heard from the next one, so it must last up to 20 ms longer than the duration asked for.
 */
import { meanSquare, meanSquareToDbm0 } from './level.js';
import { FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE } from './pcm.js';

/** One tone to listen for. */
export interface ToneToDetect {
  /** Its frequencies in Hz (1 … 3999, at least 25 Hz apart); none is silence. */
  frequencies: readonly number[];
  /** How long it must last before it is reported, ms. */
  durationMs: number;
}

/** What the receiver checks a block against; every field has a default. */
export interface ToneDetectorOptions {
  /** The level each frequency must reach, in dBm0. Default −35. */
  minLevelDbm0?: number;
  /** The share of the block's power the tone's frequencies must hold, 0-1. Default 0.8. */
  minToneShare?: number;
  /** The level below which a block is silence, in dBm0. Default −45 (as `PcmRecorder`'s). */
  silenceDbm0?: number;
}

/** The closest two frequencies of one tone may be, in Hz: closer, a 20 ms block cannot part them. */
export const MIN_TONE_SPACING_HZ = 25;

/**
 * Why `tone` cannot be listened for, or null when it can: frequencies outside 1 … 3999 Hz (the
 * band 8 kHz PCM carries), more than three, or two closer than {@link MIN_TONE_SPACING_HZ}.
 *
 * @example
 * ```ts
 * toneProblem({ frequencies: [440, 480], durationMs: 500 }); // null
 * toneProblem({ frequencies: [5000], durationMs: 500 });     // 'frequency 5000 Hz is outside 1 … 3999 Hz'
 * ```
 */
export function toneProblem(tone: ToneToDetect): string | null {
  const { frequencies } = tone;
  if (frequencies.length > 3) return `${frequencies.length} frequencies: at most 3`;
  for (const f of frequencies) if (!Number.isFinite(f) || f < 1 || f >= SAMPLE_RATE / 2) return `frequency ${f} Hz is outside 1 … ${SAMPLE_RATE / 2 - 1} Hz`;
  const sorted = [...frequencies].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] < MIN_TONE_SPACING_HZ) return `${sorted[i - 1]} and ${sorted[i]} Hz are closer than ${MIN_TONE_SPACING_HZ} Hz`;
  return null;
}

/** The inverse of a small symmetric positive definite matrix (Gauss-Jordan). */
function invert(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    for (let j = 0; j < 2 * n; j++) a[col][j] /= p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r][col];
      for (let j = 0; j < 2 * n; j++) a[r][j] -= factor * a[col][j];
    }
  }
  return a.map((row) => row.slice(n));
}

/** One tone, prepared: its basis (a cosine and a sine per frequency over a block) and how it is doing. */
class Listener {
  private readonly basis: Float64Array[];
  private readonly inverse: number[][];
  private readonly blocksNeeded: number;
  private run = 0;

  constructor(tone: ToneToDetect) {
    this.basis = tone.frequencies.flatMap((f) => {
      const w = (2 * Math.PI * f) / SAMPLE_RATE;
      const cos = new Float64Array(FRAME_SAMPLES);
      const sin = new Float64Array(FRAME_SAMPLES);
      for (let n = 0; n < FRAME_SAMPLES; n++) [cos[n], sin[n]] = [Math.cos(w * n), Math.sin(w * n)];
      return [cos, sin];
    });
    const gram = this.basis.map((u) => this.basis.map((v) => u.reduce((sum, x, n) => sum + x * v[n], 0)));
    this.inverse = this.basis.length > 0 ? invert(gram) : [];
    this.blocksNeeded = Math.max(1, Math.ceil(tone.durationMs / FRAME_MS));
  }

  /** Whether `block` holds the tone (see the file's comment). */
  private holds(block: Float64Array, power: number, options: Required<ToneDetectorOptions>): boolean {
    const level = meanSquareToDbm0(power);
    if (this.basis.length === 0) return level < options.silenceDbm0;
    if (level < options.minLevelDbm0) return false;
    const b = this.basis.map((u) => u.reduce((sum, x, n) => sum + x * block[n], 0));
    const c = this.inverse.map((row) => row.reduce((sum, x, j) => sum + x * b[j], 0));
    // The fit's power per sample (b·c / N) against the block's.
    const fitted = b.reduce((sum, x, j) => sum + x * c[j], 0) / FRAME_SAMPLES;
    if (fitted < options.minToneShare * power) return false;
    for (let k = 0; k < c.length; k += 2) {
      // A sine of amplitude A has a mean square of A²/2.
      if (meanSquareToDbm0((c[k] * c[k] + c[k + 1] * c[k + 1]) / 2) < options.minLevelDbm0) return false;
    }
    return true;
  }

  /** Hear one block; true when this block completes the tone's duration. */
  hear(block: Float64Array, power: number, options: Required<ToneDetectorOptions>): boolean {
    if (!this.holds(block, power, options)) {
      this.run = 0;
      return false;
    }
    return ++this.run === this.blocksNeeded;
  }
}

/**
 * A tone receiver for one stream and one list of tones.
 *
 * @throws {RangeError} for a tone {@link toneProblem} finds fault with.
 *
 * @example
 * ```ts
 * const detector = new ToneDetector([{ frequencies: [440, 480], durationMs: 1000 }, { frequencies: [], durationMs: 3000 }]);
 * detector.push(ringback); // [0] once a burst has lasted a second
 * ```
 */
export class ToneDetector {
  private readonly listeners: Listener[];
  private readonly options: Required<ToneDetectorOptions>;
  private readonly block = new Float64Array(FRAME_SAMPLES);
  private filled = 0;

  constructor(tones: readonly ToneToDetect[], options: ToneDetectorOptions = {}) {
    for (const tone of tones) {
      const problem = toneProblem(tone);
      if (problem) throw new RangeError(problem);
    }
    this.listeners = tones.map((tone) => new Listener(tone));
    this.options = { minLevelDbm0: options.minLevelDbm0 ?? -35, minToneShare: options.minToneShare ?? 0.8, silenceDbm0: options.silenceDbm0 ?? -45 };
  }

  /** Hear `samples`, the next of the stream; returns the indexes (in the list) of the tones detected in them. */
  push(samples: ArrayLike<number>): number[] {
    const found: number[] = [];
    for (let i = 0; i < samples.length; i++) {
      this.block[this.filled++] = samples[i];
      if (this.filled < FRAME_SAMPLES) continue;
      this.filled = 0;
      const power = meanSquare(this.block);
      this.listeners.forEach((listener, index) => {
        if (listener.hear(this.block, power, this.options)) found.push(index);
      });
    }
    return found;
  }
}
