/**
 * The Goertzel algorithm (G. Goertzel, "An algorithm for the evaluation of finite trigonometric
 * series", 1958): one term of a discrete Fourier transform, at any frequency, with one multiply per
 * sample. It is how a DTMF receiver looks at its eight frequencies without a whole FFT, and how a
 * test measures one frequency of what arrived.
 *
 * The recursion s[n] = x[n] + 2·cos(ω)·s[n−1] − s[n−2], run over a block of N samples, gives
 * X(ω) = Σ x[n]·e^(−jωn) = e^(−jω(N−1)) · (s[N−1] − e^(−jω)·s[N−2]). The frequency need not be a
 * bin of the block (k = fN/fs need not be whole): the sum is the same.
 */
import { SAMPLE_RATE } from './pcm.js';

/** A complex number: one DFT term. */
export interface Complex {
  re: number;
  im: number;
}

/**
 * X(f) = Σ x[n]·e^(−j2πfn/fs) over `samples[start..end)`, n counted from `start`: its phase is that
 * of the component at `start`.
 *
 * @example
 * ```ts
 * const x = goertzel(tone(1000, 20), 1000); // 160 samples of a sine: X ≈ −j·A·N/2
 * Math.round(Math.hypot(x.re, x.im) / 80) === Math.round(dbm0ToPeak(-10)); // true
 * ```
 */
export function goertzel(samples: ArrayLike<number>, frequency: number, start = 0, end = samples.length): Complex {
  return goertzelWith(goertzelProbe(frequency, end - start), samples, start, end);
}

/**
 * What {@link goertzel} works out from the frequency and the block's length before it looks at a
 * sample. A receiver that runs the same frequencies over block after block (the DTMF detector: eight
 * every 51 samples) works them out once and calls {@link goertzelWith}, saving five cosines and
 * sines a call.
 */
export interface GoertzelProbe {
  /** 2·cos(ω): the recursion's one multiplier. */
  readonly coeff: number;
  /** cos(ω) and sin(ω): e^(−jω), for the last step. */
  readonly cos: number;
  readonly sin: number;
  /** cos and sin of −ω(N−1): the turn back to the block's start, for blocks of `length` samples. */
  readonly backCos: number;
  readonly backSin: number;
  /** N, the block length the turn back is for. */
  readonly length: number;
}

/**
 * The constants of {@link goertzel} at `frequency` for blocks of `length` samples.
 *
 * @example
 * ```ts
 * const probe = goertzelProbe(697, 51);
 * goertzelWith(probe, samples, 51); // the same as goertzel(samples, 697, 51, 102)
 * ```
 */
export function goertzelProbe(frequency: number, length: number): GoertzelProbe {
  const omega = (2 * Math.PI * frequency) / SAMPLE_RATE;
  const back = -omega * (length - 1);
  return {
    coeff: 2 * Math.cos(omega),
    cos: Math.cos(omega),
    sin: Math.sin(omega),
    backCos: Math.cos(back),
    backSin: Math.sin(back),
    length,
  };
}

/**
 * {@link goertzel} with its constants worked out beforehand: X over `samples[start..end)`, which
 * must be `probe.length` samples long (the default) for the phase to be the block start's. The
 * result is goertzel's to the last bit: the same operations on the same numbers.
 */
export function goertzelWith(probe: GoertzelProbe, samples: ArrayLike<number>, start = 0, end = start + probe.length): Complex {
  const { coeff } = probe;
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < end; i++) {
    const s0 = samples[i] + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  // y = s[N−1] − e^(−jω)·s[N−2], then turned back by ω(N−1) so the phase is the block start's.
  const yRe = s1 - probe.cos * s2;
  const yIm = probe.sin * s2;
  return { re: yRe * probe.backCos - yIm * probe.backSin, im: yRe * probe.backSin + yIm * probe.backCos };
}

/**
 * The power of `samples[start..end)` at `frequency`, as a mean square: 2·|X|²/N², which is A²/2
 * for a sine of amplitude A whose frequency is `frequency` (and less the further it is), so it
 * compares directly with the block's mean square (see level.ts).
 *
 * @example
 * ```ts
 * const samples = tone(1000, 20);
 * goertzelPower(samples, 1000) / meanSquare(samples); // ≈ 1: all the power is at 1000 Hz
 * ```
 */
export function goertzelPower(samples: ArrayLike<number>, frequency: number, start = 0, end = samples.length): number {
  const { re, im } = goertzel(samples, frequency, start, end);
  const n = end - start;
  return n > 0 ? (2 * (re * re + im * im)) / (n * n) : 0;
}

/**
 * later · conj(earlier) · e^(−j2πf·lag/fs), for the terms at `frequency` of two blocks `lag`
 * samples apart: a tone at f + Δf turns by 2π·Δf·lag/fs more than f does over the lag, and this is
 * that turn, weighted by the tone's power. Sum it over many block pairs and read the sum with
 * {@link phaseGainHz}: a frequency far finer than one block's resolution.
 *
 * @example
 * ```ts
 * const samples = tone(1010, 100);
 * phaseGainHz(phaseGain(goertzel(samples, 1000, 0, 200), goertzel(samples, 1000, 200, 400), 1000, 200), 200); // ≈ 10
 * ```
 */
export function phaseGain(earlier: Complex, later: Complex, frequency: number, lag: number): Complex {
  const re = later.re * earlier.re + later.im * earlier.im;
  const im = later.im * earlier.re - later.re * earlier.im;
  const turn = (-2 * Math.PI * frequency * lag) / SAMPLE_RATE;
  return { re: re * Math.cos(turn) - im * Math.sin(turn), im: re * Math.sin(turn) + im * Math.cos(turn) };
}

/**
 * The frequency offset, in Hz, that a (summed) {@link phaseGain} over `lag` samples means: within
 * ±fs/(2·lag), beyond which it wraps.
 *
 * @example
 * ```ts
 * phaseGainHz({ re: 0, im: 1 }, 200); // 10: a quarter turn in 25 ms
 * ```
 */
export function phaseGainHz(gain: Complex, lag: number): number {
  return (Math.atan2(gain.im, gain.re) * SAMPLE_RATE) / (2 * Math.PI * lag);
}
