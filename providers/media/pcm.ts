/**
 * The one audio format of the media units: 8 kHz mono 16-bit linear PCM, the rate G.711 samples at
 * (ITU-T G.711 §1), in frames of 20 ms, the packet time RFC 3551 §4.5 sets as the default for
 * PCMU and PCMA. Samples are `Int16Array`s; time in samples, or in milliseconds from the first.
 */

/** Samples per second (G.711's 8000 Hz). */
export const SAMPLE_RATE = 8000;

/** The length of one frame in milliseconds (RFC 3551's default packet time). */
export const FRAME_MS = 20;

/** The samples in one frame: 160. */
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

/**
 * The samples in `ms` milliseconds, rounded to the nearest sample.
 *
 * @example
 * ```ts
 * msToSamples(20); // 160
 * ```
 */
export function msToSamples(ms: number): number {
  return Math.round((ms * SAMPLE_RATE) / 1000);
}

/**
 * The milliseconds that `samples` samples last.
 *
 * @example
 * ```ts
 * samplesToMs(4000); // 500
 * ```
 */
export function samplesToMs(samples: number): number {
  return (samples * 1000) / SAMPLE_RATE;
}

/**
 * `ms` milliseconds of silence (zeros).
 *
 * @example
 * ```ts
 * silence(20).length; // 160
 * ```
 */
export function silence(ms: number): Int16Array {
  return new Int16Array(msToSamples(ms));
}

/**
 * Buffers one after the other, as one.
 *
 * @example
 * ```ts
 * concatPcm([Int16Array.of(1), Int16Array.of(2, 3)]); // Int16Array [1, 2, 3]
 * ```
 */
export function concatPcm(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
