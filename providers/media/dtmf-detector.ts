/**
 * An in-band DTMF receiver (ITU-T Q.24) over 8 kHz 16-bit PCM: feed it samples in chunks of any
 * size and it reports each key press once, with the sample at which the tone started.
 *
 * It looks at the eight Q.23 frequencies with {@link goertzelWith} over windows of 102 samples
 * (12.75 ms, some 78 Hz wide: narrow enough to part 697 from 770 Hz, short enough for 40 ms tones),
 * one every 51 samples. A window holds a digit when all of these hold:
 * - each of its two tones is above `minLevelDbm0` (energy threshold);
 * - the low tone exceeds the high one by no more than the normal twist, the high the low by no more
 *   than the reverse twist (Q.24's twist: lines lose more at high frequencies, so the high group
 *   arrives the weaker, but telephones send it louder);
 * - each tone is `minPeakRatioDb` above the three others of its group (relative peak);
 * - the two tones hold at least `minToneShare` of the window's power: speech and noise spread their
 *   power wide, a DTMF tone holds nearly all of it. (This stands in for a second-harmonic check,
 *   which looks at the same thing more narrowly: voice has harmonics, a DTMF tone has none.)
 *
 * A window is too short to tell Q.24's ±1.5% (to be accepted) from ±3.5% (to be rejected) by level
 * alone, so the frequency is measured: the phase a tone gains from one half-window to the next is
 * 2π·Δf·51/fs (unambiguous to ±78 Hz, beyond 3.5% of 1633 Hz), summed over the windows of the press.
 * A press whose tones are off by more than `maxDeviation` (2.5%: between the two) is not reported.
 *
 * Timing (Q.24 gives each administration's values; 40 ms of tone and 40 ms of pause to be accepted,
 * 20 ms of tone to be rejected and breaks of 10 ms to be bridged are the common ones): a digit is
 * reported once four windows in a row hold it, and ends when five windows in a row do not. As
 * measured on clean tones, a tone of 38 ms or more is always reported and one of 25 ms or less
 * never; a pause of 25 ms or more parts two presses of the same key, a break of 15 ms or less does
 * not. So a long press is one digit, and a key pressed twice is two.
 */
import type { Complex } from './goertzel.js';
import { goertzelProbe, goertzelWith, phaseGain, phaseGainHz } from './goertzel.js';
import { dbm0ToPeak } from './level.js';
import { DTMF_HIGH_HZ, DTMF_KEYPAD, DTMF_LOW_HZ } from './dtmf-tones.js';
import { SAMPLE_RATE } from './pcm.js';

/** A half-window: the step from one window to the next. */
const HALF = 51;
/** A window: two halves. */
const WINDOW = 2 * HALF;
/** Windows in a row that make a digit: with the overlap and the share check, some 30 ms of tone. */
const ON_WINDOWS = 4;
/** Windows in a row without it that end a digit: some 30 ms. */
const OFF_WINDOWS = 5;
/** The eight frequencies, low group first. */
const FREQUENCIES = [...DTMF_LOW_HZ, ...DTMF_HIGH_HZ];
/**
 * Where each tone's power is looked for: its frequency, and 1.5% either side (Q.24's tolerance),
 * so that a tone off by that much still shows (nearly) all its power to the share check; a window
 * this short loses 1.4 dB of a 1633 Hz tone 1.5% off at its nominal frequency alone.
 */
const OFFSETS = [1, 0.985, 1.015];
/** The 24 frequencies of each half-window: the eight, then the eight 1.5% below, then above. */
const PROBES = OFFSETS.flatMap((offset) => FREQUENCIES.map((f) => f * offset));
const OMEGA = PROBES.map((f) => (2 * Math.PI * f) / SAMPLE_RATE);
/** Each probe's Goertzel constants for a half-window, worked out once instead of on every half. */
const GOERTZEL = PROBES.map((f) => goertzelProbe(f, HALF));
/** cos and sin of −ω·HALF per probe: the turn that brings a second half's term to its window's start. */
const TO_WINDOW_COS = OMEGA.map((omega) => Math.cos(-omega * HALF));
const TO_WINDOW_SIN = OMEGA.map((omega) => Math.sin(-omega * HALF));

/** What the detector checks a window against; every field has a default. */
export interface DtmfDetectorOptions {
  /** The level each of the two tones must reach, in dBm0. Default −30. */
  minLevelDbm0?: number;
  /** How much weaker the high tone may be than the low one (normal twist), in dB. Default 8. */
  maxNormalTwistDb?: number;
  /** How much stronger the high tone may be than the low one (reverse twist), in dB. Default 4. */
  maxReverseTwistDb?: number;
  /** How far above the other frequencies of its group each tone must be, in dB. Default 8. */
  minPeakRatioDb?: number;
  /** The share of the window's power the two tones must hold, 0-1. Default 0.85. */
  minToneShare?: number;
  /** The largest relative frequency error accepted. Default 0.025 (Q.24: accept 1.5%, reject 3.5%). */
  maxDeviation?: number;
  /** Called with each digit as it is detected (as well as being returned by `push`). */
  onDigit?: (digit: DetectedDigit) => void;
}

/** One key press. */
export interface DetectedDigit {
  /** 0-9, A-D, * or #. */
  digit: string;
  /**
   * The sample, counted from the first one pushed, at which the first window that held the digit
   * starts: within half a window (51 samples, 6.4 ms) of the tone's start.
   */
  startSample: number;
}

/**
 * One half-window: its first sample, its samples, its energy and its DFT terms at the
 * {@link PROBES}. A term is worked out when a window first asks for it: a quiet window (silence, a
 * pause, a low line noise) is turned down on its energy alone and needs none, and only one that
 * passes the level, twist and peak checks needs any of the sixteen 1.5% off (and then four).
 */
class Half {
  start = 0;
  energy = 0;
  readonly samples = new Float64Array(HALF);
  /** The terms' real and imaginary parts, by probe: numbers in arrays the half keeps, not new objects each half. */
  readonly re = new Float64Array(PROBES.length);
  readonly im = new Float64Array(PROBES.length);
  /** The probes whose terms have been worked out, one bit each. */
  private known = 0;

  /** Start again as the half-window from sample `start`. */
  reset(start: number): void {
    this.start = start;
    this.energy = 0;
    this.known = 0;
  }

  /** Work out the term at probe `k` unless it is known: then `re[k]` and `im[k]` hold it. */
  need(k: number): void {
    if (this.known & (1 << k)) return;
    const { re, im } = goertzelWith(GOERTZEL[k], this.samples);
    this.re[k] = re;
    this.im[k] = im;
    this.known |= 1 << k;
  }

  /** The DFT term at probe `k`. */
  term(k: number): Complex {
    this.need(k);
    return { re: this.re[k], im: this.im[k] };
  }
}

/** The press being heard: its digit, start, windows so far and the summed phase steps of its tones. */
interface Candidate {
  digit: string;
  startSample: number;
  windows: number;
  low: Complex;
  high: Complex;
}

/** The power of the window at probe `k`: its first half's term plus its second's turned back by ω·HALF. */
function windowPower(first: Half, second: Half, k: number): number {
  first.need(k);
  second.need(k);
  const c = TO_WINDOW_COS[k];
  const s = TO_WINDOW_SIN[k];
  const re = first.re[k] + second.re[k] * c - second.im[k] * s;
  const im = first.im[k] + second.re[k] * s + second.im[k] * c;
  return (2 * (re * re + im * im)) / (WINDOW * WINDOW);
}

function plus(a: Complex, b: Complex): Complex {
  return { re: a.re + b.re, im: a.im + b.im };
}

/** The relative frequency error that a summed phase gain over a half-window means for a tone of `frequency`. */
function deviation(gain: Complex, frequency: number): number {
  return phaseGainHz(gain, HALF) / frequency;
}

function argmax(values: ArrayLike<number>, from: number, to: number): number {
  let best = from;
  for (let i = from + 1; i < to; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * A DTMF receiver for one stream.
 *
 * @example
 * ```ts
 * const detector = new DtmfDetector();
 * detector.push(concatPcm([dtmfTone('4', 60), silence(60), dtmfTone('2', 60)]));
 * // [{ digit: '4', startSample: 0 }, { digit: '2', startSample: 969 }]
 * ```
 */
export class DtmfDetector {
  private readonly minTonePower: number;
  private readonly normalTwist: number;
  private readonly reverseTwist: number;
  private readonly peakRatio: number;
  private readonly minToneShare: number;
  private readonly maxDeviation: number;
  private readonly onDigit: ((digit: DetectedDigit) => void) | undefined;
  /** The half being filled, and the one before it (the first of the next window): swapped as each fills. */
  private filling = new Half();
  private previous = new Half();
  /** Whether `previous` holds a half yet. */
  private started = false;
  private filled = 0;
  private consumed = 0;
  /** The powers at the eight frequencies of the window being classified. */
  private readonly powers = new Float64Array(FREQUENCIES.length);
  private candidate: Candidate | null = null;
  private current: string | null = null;
  private misses = 0;

  constructor(options: DtmfDetectorOptions = {}) {
    const ratio = (db: number) => 10 ** (db / 10);
    this.minTonePower = dbm0ToPeak(options.minLevelDbm0 ?? -30) ** 2 / 2;
    this.normalTwist = ratio(options.maxNormalTwistDb ?? 8);
    this.reverseTwist = ratio(options.maxReverseTwistDb ?? 4);
    this.peakRatio = ratio(options.minPeakRatioDb ?? 8);
    this.minToneShare = options.minToneShare ?? 0.85;
    this.maxDeviation = options.maxDeviation ?? 0.025;
    this.onDigit = options.onDigit;
  }

  /** The samples pushed so far. */
  get samples(): number {
    return this.consumed + this.filled;
  }

  /** Hear `samples`, the next of the stream; returns the digits detected in them (often none). */
  push(samples: ArrayLike<number>): DetectedDigit[] {
    const found: DetectedDigit[] = [];
    for (let i = 0; i < samples.length; ) {
      // As many samples as the half has room for, at once; the energy adds them in order, as before.
      const half = this.filling;
      const to = Math.min(HALF, this.filled + samples.length - i);
      let energy = half.energy;
      for (let j = this.filled; j < to; j++) {
        half.samples[j] = samples[i++];
        energy += half.samples[j] * half.samples[j];
      }
      half.energy = energy;
      this.filled = to;
      if (this.filled < HALF) continue;
      this.filled = 0;
      this.consumed += HALF;
      if (this.started) this.window(this.previous, half, found);
      this.filling = this.previous;
      this.filling.reset(this.consumed);
      this.previous = half;
      this.started = true;
    }
    return found;
  }

  /**
   * Whether the window of `first` and `second` holds the energy for a tone at `minLevelDbm0`; if it
   * does not, {@link classify} would turn it down on level, so its terms need not be worked out.
   * No frequency holds more than all of it: |X(ω)|² ≤ N·Σx² (Cauchy–Schwarz), so a power of at
   * most 2·Σx²/N. The factor of 2 below is room for rounding, far more than the terms can be off,
   * so the windows this turns down are exactly ones `classify` turns down: the detections are the same.
   */
  private loudEnough(first: Half, second: Half): boolean {
    // Written as "not below" so that a NaN goes on to classify, as it did before this check.
    return !((2 * 2 * (first.energy + second.energy)) / WINDOW < this.minTonePower);
  }

  /** The digit the window of `first` and `second` holds, by level, twist, relative peak and share. */
  private classify(first: Half, second: Half): { digit: string; low: number; high: number } | null {
    const powers = this.powers;
    for (let k = 0; k < powers.length; k++) powers[k] = windowPower(first, second, k);
    const low = argmax(powers, 0, 4);
    const high = argmax(powers, 4, 8);
    const lowPower = powers[low];
    const highPower = powers[high];
    if (lowPower < this.minTonePower || highPower < this.minTonePower) return null;
    if (lowPower > highPower * this.normalTwist || highPower > lowPower * this.reverseTwist) return null;
    for (let k = 0; k < 8; k++) {
      const peak = k < 4 ? lowPower : highPower;
      if (k !== low && k !== high && powers[k] * this.peakRatio > peak) return null;
    }
    const tonePower = (k: number) => Math.max(powers[k], windowPower(first, second, k + 8), windowPower(first, second, k + 16));
    if (tonePower(low) + tonePower(high) < (this.minToneShare * (first.energy + second.energy)) / WINDOW) return null;
    return { digit: DTMF_KEYPAD[low][high - 4], low, high };
  }

  private window(first: Half, second: Half, found: DetectedDigit[]): void {
    const heard = this.loudEnough(first, second) ? this.classify(first, second) : null;
    if (heard && this.candidate?.digit === heard.digit) {
      this.candidate.windows++;
    } else {
      this.candidate = heard && { digit: heard.digit, startSample: first.start, windows: 1, low: { re: 0, im: 0 }, high: { re: 0, im: 0 } };
    }
    if (heard && this.candidate) {
      const { low, high } = heard;
      this.candidate.low = plus(this.candidate.low, phaseGain(first.term(low), second.term(low), FREQUENCIES[low], HALF));
      this.candidate.high = plus(this.candidate.high, phaseGain(first.term(high), second.term(high), FREQUENCIES[high], HALF));
    }
    if (this.current !== null) {
      if (heard?.digit === this.current) this.misses = 0;
      else if (++this.misses >= OFF_WINDOWS) this.current = null;
    }
    const press = this.candidate;
    if (this.current !== null || !press || press.windows < ON_WINDOWS || !this.inTune(press)) return;
    this.current = press.digit;
    this.misses = 0;
    const digit = { digit: press.digit, startSample: press.startSample };
    found.push(digit);
    this.onDigit?.(digit);
  }

  /** Whether both tones of the press are within `maxDeviation` of their frequencies. */
  private inTune(press: Candidate): boolean {
    const row = DTMF_KEYPAD.findIndex((keys) => keys.includes(press.digit));
    const column = DTMF_KEYPAD[row].indexOf(press.digit);
    return (
      Math.abs(deviation(press.low, DTMF_LOW_HZ[row])) <= this.maxDeviation &&
      Math.abs(deviation(press.high, DTMF_HIGH_HZ[column])) <= this.maxDeviation
    );
  }
}
