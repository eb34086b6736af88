/**
 * In-band tones as 8 kHz 16-bit PCM: any mix of sines at given levels (a single tone for tests and,
 * later, TAPI's lineGenerateTone), and the DTMF pairs of ITU-T Q.23: a low-group frequency (the
 * keypad's row: 697, 770, 852, 941 Hz) with a high-group one (its column: 1209, 1336, 1477, 1633 Hz).
 */
import { dbm0ToPeak } from './level.js';
import { SAMPLE_RATE, msToSamples } from './pcm.js';

/** Q.23's low group, the rows of the keypad, in Hz. */
export const DTMF_LOW_HZ = [697, 770, 852, 941] as const;

/** Q.23's high group, the columns of the keypad, in Hz. */
export const DTMF_HIGH_HZ = [1209, 1336, 1477, 1633] as const;

/** The keypad (Q.23 Figure 1): row by row, the fourth column being A-D. */
export const DTMF_KEYPAD = ['123A', '456B', '789C', '*0#D'] as const;

/**
 * The two frequencies of a DTMF digit (0-9, A-D in either case, *, #).
 *
 * @throws {RangeError} for anything else.
 *
 * @example
 * ```ts
 * dtmfFrequencies('5'); // { low: 770, high: 1336 }
 * ```
 */
export function dtmfFrequencies(digit: string): { low: number; high: number } {
  const key = digit.toUpperCase();
  const row = DTMF_KEYPAD.findIndex((keys) => key.length === 1 && keys.includes(key));
  if (row < 0) throw new RangeError(`not a DTMF digit: ${JSON.stringify(digit)}`);
  return { low: DTMF_LOW_HZ[row], high: DTMF_HIGH_HZ[DTMF_KEYPAD[row].indexOf(key)] };
}

/** One sine of a mix. */
export interface ToneComponent {
  /** In Hz; below half the sample rate (4000 Hz). */
  frequency: number;
  /** Its level in dBm0 (see level.ts): −10 is a tenth of a milliwatt at the zero level point. */
  levelDbm0: number;
}

/**
 * `durationMs` of the sum of `components`, each starting at phase 0 so the first sample is 0 and the
 * tone starts without a click. Clipped to 16 bits if the levels add up beyond full scale.
 *
 * @example
 * ```ts
 * toneMix([{ frequency: 350, levelDbm0: -13 }, { frequency: 440, levelDbm0: -13 }], 1000); // US dial tone
 * ```
 */
export function toneMix(components: readonly ToneComponent[], durationMs: number): Int16Array {
  const sines = components.map(({ frequency, levelDbm0 }) => ({
    step: (2 * Math.PI * frequency) / SAMPLE_RATE,
    peak: dbm0ToPeak(levelDbm0),
  }));
  const out = new Int16Array(msToSamples(durationMs));
  for (let n = 0; n < out.length; n++) {
    let value = 0;
    for (const { step, peak } of sines) value += peak * Math.sin(step * n);
    out[n] = Math.max(-32_768, Math.min(32_767, Math.round(value)));
  }
  return out;
}

/**
 * One sine: `durationMs` of `frequency` at `levelDbm0` (−10 unless said).
 *
 * @example
 * ```ts
 * tone(1000, 20).length; // 160
 * ```
 */
export function tone(frequency: number, durationMs: number, levelDbm0 = -10): Int16Array {
  return toneMix([{ frequency, levelDbm0 }], durationMs);
}

/**
 * The DTMF tone of `digit`, `durationMs` long. `levelDbm0` is the low group's level, and the high
 * group is `twistDb` louder: telephones send it a little louder (2 dB unless said) because lines
 * lose more at higher frequencies, and a detector allows for either group being the weaker.
 *
 * @throws {RangeError} when `digit` is not a DTMF digit.
 *
 * @example
 * ```ts
 * dtmfTone('5', 100).length; // 800: 770 Hz at -10 dBm0 with 1336 Hz at -8 dBm0
 * ```
 */
export function dtmfTone(digit: string, durationMs: number, levelDbm0 = -10, twistDb = 2): Int16Array {
  const { low, high } = dtmfFrequencies(digit);
  return toneMix([{ frequency: low, levelDbm0 }, { frequency: high, levelDbm0: levelDbm0 + twistDb }], durationMs);
}
