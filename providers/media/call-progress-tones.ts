/**
 * The standard tones of lineGenerateTone (LINETONEMODE_RINGBACK, _BUSY, _BEEP, _BILLING; TAPI 3's
 * TTM_ of the same values). Their "exact definition is service provider defined" (LINETONEMODE_
 * Constants); xtapi generates those of the North American precise tone plan, the ones a caller on
 * a US or Canadian line knows:
 * - ringback (audible ringing): 440 + 480 Hz at −19 dBm0 each, 2 s on, 4 s off;
 * - busy: 480 + 620 Hz at −24 dBm0 each, 0.5 s on, 0.5 s off;
 * - beep: 1400 Hz at −13 dBm0, unbroken, the frequency of the tone that warns a recording is made
 *   (the page: "a beep, as used to announce the beginning of a recording");
 * - billing: the calling-card prompt's shape, 60 ms of 941 + 1477 Hz then 940 ms of 350 + 440 Hz,
 *   at −13 dBm0 each, one cycle of one second (its default length is "fixed (single cycle)").
 */
import { type CadencedComponent, CadencedTone } from './cadenced-tone.js';
import { dbm0ToPeak } from './level.js';

/** The standard tones by name. */
export type CallProgressTone = 'ringback' | 'busy' | 'beep' | 'billing';

/** `frequencies` at `levelDbm0` each, all with the same cadence. */
function together(frequencies: readonly number[], levelDbm0: number, onMs: number, offMs: number, delayMs = 0): CadencedComponent[] {
  return frequencies.map((frequency) => ({ frequency, peak: dbm0ToPeak(levelDbm0), onMs, offMs, delayMs }));
}

/** Each standard tone, and the length of its one cycle in ms. */
export const CALL_PROGRESS_TONES: Readonly<Record<CallProgressTone, { tone: CadencedTone; cycleMs: number }>> = Object.freeze({
  ringback: { tone: new CadencedTone(together([440, 480], -19, 2000, 4000)), cycleMs: 6000 },
  busy: { tone: new CadencedTone(together([480, 620], -24, 500, 500)), cycleMs: 1000 },
  beep: { tone: new CadencedTone(together([1400], -13, 1000, 0)), cycleMs: 1000 },
  billing: { tone: new CadencedTone([...together([941, 1477], -13, 60, 940), ...together([350, 440], -13, 940, 60, 60)]), cycleMs: 1000 },
});
