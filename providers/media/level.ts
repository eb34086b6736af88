/**
 * Signal level in dBm0 for 16-bit linear PCM: what a tone generator is asked for and what a
 * detector's thresholds are written in, as ITU-T Q.23 and Q.24 give DTMF levels.
 *
 * The reference is G.711's: μ-law's theoretical load capacity, 8159 in its 14-bit scale (32,636
 * here, two bits to the left), is the peak of a sine of +3.17 dBm0, as ITU-T G.711 states for its
 * μ-law tables; so a 0 dBm0 sine has a peak of 32,636 · 10^(−3.17/20) ≈ 22,657. A-law's (+3.14
 * dBm0 at 4096 of 13 bits) gives the same level within 0.1 dB.
 */

/** The peak of a 0 dBm0 sine in 16-bit linear PCM. */
export const DBM0_PEAK = 32_636 / 10 ** (3.17 / 20);

/** The mean square of a 0 dBm0 sine (its peak squared, halved). */
const DBM0_MEAN_SQUARE = (DBM0_PEAK * DBM0_PEAK) / 2;

/**
 * The peak amplitude of a sine at `dbm0`.
 *
 * @example
 * ```ts
 * Math.round(dbm0ToPeak(0)); // 22657
 * Math.round(dbm0ToPeak(-20)); // 2266
 * ```
 */
export function dbm0ToPeak(dbm0: number): number {
  return DBM0_PEAK * 10 ** (dbm0 / 20);
}

/**
 * The level of a signal whose mean square (power per sample) is `meanSquare`; −Infinity for 0.
 *
 * @example
 * ```ts
 * meanSquareToDbm0(dbm0ToPeak(-10) ** 2 / 2); // -10 (within rounding)
 * ```
 */
export function meanSquareToDbm0(meanSquare: number): number {
  return 10 * Math.log10(meanSquare / DBM0_MEAN_SQUARE);
}

/**
 * The mean square of `samples[start..end)` (0 for an empty range).
 *
 * @example
 * ```ts
 * meanSquare(Int16Array.of(3, -3)); // 9
 * ```
 */
export function meanSquare(samples: ArrayLike<number>, start = 0, end = samples.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i] * samples[i];
  return end > start ? sum / (end - start) : 0;
}

/**
 * The RMS level of `samples[start..end)` in dBm0 (−Infinity for silence).
 *
 * @example
 * ```ts
 * levelDbm0(new Int16Array(160)); // -Infinity
 * ```
 */
export function levelDbm0(samples: ArrayLike<number>, start = 0, end = samples.length): number {
  return meanSquareToDbm0(meanSquare(samples, start, end));
}
