/**
 * Seeded test signals for the media units: white noise at a level, and a speech-like babble (voiced
 * syllables with a gliding pitch and formants, unvoiced hiss, pauses). The same seed gives the same
 * samples, so a failure replays.
 */
import { dbm0ToPeak } from '../../../providers/media/level.js';
import { SAMPLE_RATE, msToSamples } from '../../../providers/media/pcm.js';

/** xorshift32 (Marsaglia, 2003): a small seeded generator of [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e37_79b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/** A standard normal value (Box-Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `ms` of Gaussian white noise whose RMS level is `levelDbm0`. */
export function whiteNoise(ms: number, levelDbm0: number, seed: number): Int16Array {
  const random = seededRandom(seed);
  const rms = dbm0ToPeak(levelDbm0) / Math.SQRT2;
  return Int16Array.from({ length: msToSamples(ms) }, () => Math.max(-32_768, Math.min(32_767, Math.round(rms * gaussian(random)))));
}

/** `signal` with `noise` added, clipped to 16 bits (the noise as long as the signal, or longer). */
export function addNoise(signal: Int16Array, noise: Int16Array): Int16Array {
  return signal.map((x, i) => Math.max(-32_768, Math.min(32_767, x + noise[i])));
}

/** One voiced syllable: harmonics of a gliding pitch, shaped by three formants. */
function syllable(out: Float64Array, from: number, length: number, random: () => number): void {
  const f0Start = 90 + 160 * random();
  const f0End = f0Start * (0.7 + 0.6 * random());
  const formants = [300 + 600 * random(), 900 + 1600 * random(), 2300 + 1000 * random()];
  const phases = new Float64Array(40);
  for (let n = 0; n < length; n++) {
    const f0 = f0Start + ((f0End - f0Start) * n) / length;
    const envelope = Math.sin((Math.PI * n) / length);
    let value = 0;
    for (let h = 1; h * f0 < 3600 && h <= 40; h++) {
      const f = h * f0;
      const gain = formants.reduce((sum, formant) => sum + 1 / (1 + ((f - formant) / 80) ** 2), 0);
      phases[h - 1] += (2 * Math.PI * f) / SAMPLE_RATE;
      value += gain * Math.sin(phases[h - 1]);
    }
    out[from + n] = envelope * value;
  }
}

/** `ms` of speech-like babble at about `levelDbm0` (RMS over the whole): no DTMF in it. */
export function babble(ms: number, levelDbm0: number, seed: number): Int16Array {
  const random = seededRandom(seed);
  const out = new Float64Array(msToSamples(ms));
  for (let at = 0; at < out.length; ) {
    const length = Math.min(out.length - at, msToSamples(80 + 220 * random()));
    const kind = random();
    if (kind < 0.65) syllable(out, at, length, random);
    else if (kind < 0.85) for (let n = 0; n < length; n++) out[at + n] = 0.3 * gaussian(random);
    at += length;
  }
  const rms = Math.sqrt(out.reduce((sum, x) => sum + x * x, 0) / out.length) || 1;
  const scale = dbm0ToPeak(levelDbm0) / Math.SQRT2 / rms;
  return Int16Array.from(out, (x) => Math.max(-32_768, Math.min(32_767, Math.round(x * scale))));
}
