/**
 * Cadenced tones as 8 kHz 16-bit PCM, made a frame at a time for as long as they are wanted: the
 * sound of TAPI's lineGenerateTone. A tone is one or more sines played at once (LINEGENERATETONE's
 * "multifrequency tone"), each with its own cadence: on for `onMs`, off for `offMs`, again and
 * again, and silent for `delayMs` before its first burst.
 *
 * Each burst starts at phase 0, so it begins without a click (as `toneMix` does); a component
 * with no off time is one unbroken sine.
 */
import { FRAME_SAMPLES, msToSamples, SAMPLE_RATE } from './pcm.js';

/** One sine of a cadenced tone. */
export interface CadencedComponent {
  /** In Hz, above 0 and below half the sample rate (4000 Hz). */
  frequency: number;
  /** Its peak amplitude in 16-bit linear PCM (see `dbm0ToPeak` in level.ts). */
  peak: number;
  /** How long each burst lasts, ms; 0: the component is never heard. */
  onMs: number;
  /** The silence after each burst, ms; 0: a constant tone. */
  offMs: number;
  /** Silence before the first burst, ms (default 0). */
  delayMs?: number;
}

/** A component in samples, ready to be computed. */
interface Prepared {
  step: number;
  peak: number;
  on: number;
  period: number;
  delay: number;
}

/** The peak that LINEGENERATETONE's full volume (dwVolume 0xFFFF) stands for: see {@link volumeToPeak}. */
export const FULL_VOLUME_PEAK = 32_767 / 3;

/**
 * The peak of a LINEGENERATETONE component of `dwVolume` (0x0000FFFF full volume, 0 silence), in
 * proportion: full volume is the loudest at which three components (the most a custom tone may
 * have) add up to no more than 16-bit full scale, so a custom tone never clips.
 *
 * @example
 * ```ts
 * Math.round(volumeToPeak(0xffff)); // 10922
 * volumeToPeak(0); // 0
 * ```
 */
export function volumeToPeak(dwVolume: number): number {
  return (FULL_VOLUME_PEAK * Math.min(Math.max(dwVolume, 0), 0xffff)) / 0xffff;
}

/**
 * A tone of `components` played together, as frames of 20 ms numbered from 0.
 *
 * @example
 * ```ts
 * const busy = new CadencedTone([
 *   { frequency: 480, peak: dbm0ToPeak(-24), onMs: 500, offMs: 500 },
 *   { frequency: 620, peak: dbm0ToPeak(-24), onMs: 500, offMs: 500 },
 * ]);
 * busy.frame(0).length; // 160: the first 20 ms of the first burst
 * busy.samples(1000);   // one whole cycle
 * ```
 */
export class CadencedTone {
  private readonly parts: readonly Prepared[];

  constructor(readonly components: readonly CadencedComponent[]) {
    this.parts = components
      .filter((c) => c.onMs > 0 && c.peak > 0)
      .map((c) => {
        const on = msToSamples(c.onMs);
        const off = msToSamples(c.offMs);
        return { step: (2 * Math.PI * c.frequency) / SAMPLE_RATE, peak: c.peak, on, period: off === 0 ? 0 : on + off, delay: msToSamples(c.delayMs ?? 0) };
      });
  }

  /** The sample at `n` (from the tone's start), clipped to 16 bits. */
  private sample(n: number): number {
    let value = 0;
    for (const { step, peak, on, period, delay } of this.parts) {
      if (n < delay) continue;
      const t = n - delay;
      // A constant tone runs on unbroken; a cadenced one starts each burst at phase 0.
      const within = period === 0 ? t : t % period;
      if (period !== 0 && within >= on) continue;
      value += peak * Math.sin(step * within);
    }
    return Math.max(-32_768, Math.min(32_767, Math.round(value)));
  }

  /** Frame `index`: a fresh buffer of the 160 samples from 20·index ms. */
  frame(index: number): Int16Array {
    const out = new Int16Array(FRAME_SAMPLES);
    const first = index * FRAME_SAMPLES;
    for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = this.sample(first + i);
    return out;
  }

  /** The first `durationMs` of the tone. */
  samples(durationMs: number): Int16Array {
    const out = new Int16Array(msToSamples(durationMs));
    for (let n = 0; n < out.length; n++) out[n] = this.sample(n);
    return out;
  }
}
