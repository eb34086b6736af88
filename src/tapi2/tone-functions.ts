/**
 * lineGenerateTone and lineMonitorTones, with LINE_GENERATE and LINE_MONITORTONE: tones on a
 * connected call, through its audio (rule 13 of the provider contract), so every provider that
 * carries audio has them.
 *
 * The rules (Microsoft's pages of these functions, structures and messages), and the readings taken:
 * - lineGenerateTone: owners only (LINEERR_NOTOWNER). "Considered to have completed successfully
 *   when the tone generation has been successfully initiated": 0, then LINE_GENERATE to the
 *   application that asked (dwParam1 LINEGENERATETERM_DONE at the end of dwDuration,
 *   LINEGENERATETERM_CANCEL when cancelled; dwParam3 the tick count). The call "can be any
 *   state", but tones "are generated as inband tones, the call would typically have to be in the
 *   connected state": the tone goes through the audio of a connected call, and in any other state
 *   the request is LINEERR_INVALCALLSTATE; on a connected call whose provider carries no audio,
 *   LINEERR_OPERATIONUNAVAIL. A tone under way is cancelled when the call stops talking;
 * - dwToneMode: one LINETONEMODE_ bit, else LINEERR_INVALTONEMODE; 0 cancels the generation under
 *   way on the call, if any (0 either way). The standard tones are those of
 *   `providers/media/call-progress-tones.ts`; CUSTOM plays dwNumTones LINEGENERATETONE components
 *   together, each with its own cadence. A component is LINEERR_INVALTONE when its frequency is
 *   outside 1 … 3999 Hz (8 kHz audio carries nothing at or above 4000 Hz; the provider "may adjust"
 *   a frequency, not invent one), its volume is above 0xFFFF, or dwNumTones is 0 or above
 *   LINEDEVCAPS dwGenerateToneMaxNumFreq (3); an lpTones that is not an array of that many
 *   structures is LINEERR_INVALPOINTER;
 * - dwDuration: ms; 0 is the tone's default: until cancelled, but one cycle (1 s) for BILLING
 *   ("fixed (single cycle)"). A value that is no DWORD (which C cannot pass) is LINEERR_INVALPARAM;
 * - one generation per call: "only one inband generation request (tone generation or digit
 *   generation) is allowed to be in progress per call across all applications". A new
 *   lineGenerateTone, or lineGenerateDigits, cancels the tone under way (LINE_GENERATE
 *   LINEGENERATETERM_CANCEL to the application that asked for it) before it starts;
 * - lineMonitorTones: any call state but idle, and monitors may use it (LINEERR_NOTOWNER is not
 *   among its errors). Per call handle, as lineMonitorDigits: a NULL lpToneList (or an empty one)
 *   turns it off, another list replaces the one before. It lasts until then, until the call ends,
 *   or until the handle is deallocated. An lpToneList that is not an array of dwNumEntries
 *   structures is LINEERR_INVALPOINTER ("the value specified by the dwNumEntries parameter is too
 *   large"); more than LINEDEVCAPS dwMonitorToneMaxNumEntries (16) is LINEERR_RESOURCEUNAVAIL; an
 *   entry whose frequencies the receiver cannot hear (outside 1 … 3999 Hz, or two closer than
 *   25 Hz: `providers/media/tone-detector.ts`) is LINEERR_INVALTONE. LINEERR_INVALTONELIST is not
 *   among the page's errors and is not returned. Each tone heard for dwDuration is LINE_MONITORTONE
 *   to this handle's application: dwParam1 the entry's dwAppSpecific, dwParam3 the tick count.
 */
import { CALL_PROGRESS_TONES, type CallProgressTone } from '../../providers/media/call-progress-tones.js';
import { CadencedTone, volumeToPeak } from '../../providers/media/cadenced-tone.js';
import { toneProblem, type ToneToDetect } from '../../providers/media/tone-detector.js';
import { generateTone, cancelToneGeneration } from '../phone/tone-generation.js';
import { monitorTones } from '../phone/tone-monitor.js';
import { liveCall, ownedCall } from './call-functions.js';
import { lineErr } from './codes.js';
import * as err from './constants/errors.js';
import * as media from './constants/media.js';
import { LINE_MONITORTONE } from './constants/messages.js';
import { postGenerate } from './generate-digits.js';
import type { CallEntry } from './handles.js';
import { dword } from './pointers.js';
import { stopMonitoringTones } from './monitor-tones.js';
import type { Tapi2Runtime } from './runtime.js';

/** LINEDEVCAPS dwGenerateToneModes: every LINETONEMODE_. */
export const GENERATE_TONE_MODES =
  media.LINETONEMODE_CUSTOM | media.LINETONEMODE_RINGBACK | media.LINETONEMODE_BUSY | media.LINETONEMODE_BEEP | media.LINETONEMODE_BILLING;
/** LINEDEVCAPS dwGenerateToneMaxNumFreq and dwMonitorToneMaxNumFreq. */
export const TONE_MAX_NUM_FREQ = 3;
/** LINEDEVCAPS dwMonitorToneMaxNumEntries. */
export const MONITOR_TONE_MAX_ENTRIES = 16;

/** The standard tones by LINETONEMODE_ (TAPI 3's TTM_ have the same values). */
export const STANDARD_TONES: ReadonlyMap<number, CallProgressTone> = new Map([
  [media.LINETONEMODE_RINGBACK, 'ringback'],
  [media.LINETONEMODE_BUSY, 'busy'],
  [media.LINETONEMODE_BEEP, 'beep'],
  [media.LINETONEMODE_BILLING, 'billing'],
]);

/** The fields of a structure as DWORDs, or null when it is no structure. */
function dwordsOf(entry: unknown, names: readonly string[]): number[] | null | 'bad' {
  if (typeof entry !== 'object' || entry === null) return null;
  const values = names.map((name) => dword((entry as Record<string, unknown>)[name]));
  return values.some((v) => v === null) ? 'bad' : (values as number[]);
}

/** The first `count` entries of `list` as DWORD fields; a number is the LINEERR_ for a bad list or entry. */
function structures(list: unknown, count: number, names: readonly string[], badEntry: number): number[][] | number {
  if (!Array.isArray(list) || list.length < count) return err.LINEERR_INVALPOINTER;
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    const fields = dwordsOf(list[i], names);
    if (fields === null) return err.LINEERR_INVALPOINTER;
    if (fields === 'bad') return badEntry;
    out.push(fields);
  }
  return out;
}

/**
 * A custom tone from `count` LINEGENERATETONE structures (see above): a {@link CadencedTone}, or
 * the LINEERR_ for the list (INVALPOINTER, INVALTONE). Shared with TAPI 3's GenerateCustomTones.
 */
export function customTone(list: unknown, count: number): CadencedTone | number {
  if (count < 1 || count > TONE_MAX_NUM_FREQ) return err.LINEERR_INVALTONE;
  const found = structures(list, count, ['dwFrequency', 'dwCadenceOn', 'dwCadenceOff', 'dwVolume'], err.LINEERR_INVALTONE);
  if (typeof found === 'number') return found;
  for (const [frequency, , , volume] of found) if (frequency < 1 || frequency >= 4000 || volume > 0xffff) return err.LINEERR_INVALTONE;
  return new CadencedTone(found.map(([frequency, onMs, offMs, volume]) => ({ frequency, onMs, offMs, peak: volumeToPeak(volume) })));
}

/** lineGenerateTone: a standard or custom tone on a connected call; LINE_GENERATE when it ends. */
export function lineGenerateTone(rt: Tapi2Runtime, hCall: unknown, dwToneMode: unknown, dwDuration: unknown, dwNumTones: unknown, lpTones: unknown): number {
  const found = ownedCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call: c } = found;
  const mode = dword(dwToneMode);
  if (mode === 0) {
    cancelToneGeneration(c);
    return 0;
  }
  if (mode === null || (mode & (mode - 1)) !== 0 || (mode & GENERATE_TONE_MODES) === 0) return err.LINEERR_INVALTONEMODE;
  let duration = dword(dwDuration);
  if (duration === null) return err.LINEERR_INVALPARAM;
  let tone: CadencedTone;
  if (mode === media.LINETONEMODE_CUSTOM) {
    const custom = customTone(lpTones, dword(dwNumTones) ?? 0);
    if (typeof custom === 'number') return custom;
    tone = custom;
  } else {
    const standard = CALL_PROGRESS_TONES[STANDARD_TONES.get(mode)!];
    tone = standard.tone;
    if (duration === 0 && mode === media.LINETONEMODE_BILLING) duration = standard.cycleMs;
  }
  const refused = generateTone(c, tone, duration, (end) =>
    postGenerate(rt, entry, end === 'done' ? media.LINEGENERATETERM_DONE : media.LINEGENERATETERM_CANCEL),
  );
  return refused ? lineErr(refused.code as Parameters<typeof lineErr>[0], entry.line.apiVersion) : 0;
}

/**
 * The tones of `count` LINEMONITORTONE structures (see above), or the LINEERR_ for the list.
 * Shared with TAPI 3's DetectTones, which has the same fields.
 */
export function tonesToMonitor(list: unknown, count: number): Array<ToneToDetect & { tag: number }> | number {
  if (count > MONITOR_TONE_MAX_ENTRIES) return err.LINEERR_RESOURCEUNAVAIL;
  const found = structures(list, count, ['dwAppSpecific', 'dwDuration', 'dwFrequency1', 'dwFrequency2', 'dwFrequency3'], err.LINEERR_INVALTONE);
  if (typeof found === 'number') return found;
  const tones = found.map(([tag, durationMs, ...frequencies]) => ({ tag, durationMs, frequencies: frequencies.filter((f) => f !== 0) }));
  return tones.some((tone) => toneProblem(tone) !== null) ? err.LINEERR_INVALTONE : tones;
}

/** lineMonitorTones: LINE_MONITORTONE for each tone of the list heard on the call, for this handle. */
export function lineMonitorTones(rt: Tapi2Runtime, hCall: unknown, lpToneList: unknown, dwNumEntries: unknown): number {
  const found = liveCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call: c } = found;
  if (c.getSnapshot().status !== 'active') return err.LINEERR_INVALCALLSTATE;
  let tones: Array<ToneToDetect & { tag: number }> = [];
  if (lpToneList !== null && lpToneList !== undefined) {
    const count = dword(dwNumEntries);
    if (count === null) return err.LINEERR_INVALPOINTER;
    const list = tonesToMonitor(lpToneList, count);
    if (typeof list === 'number') return list;
    tones = list;
  }
  stopMonitoringTones(entry);
  if (tones.length === 0) return 0;
  entry.toneMonitor = monitorTones(c, rt.clock, tones, (index, at) => postTone(entry, tones[index].tag, at));
  return 0;
}

/** LINE_MONITORTONE to the handle's application. */
function postTone(entry: CallEntry, tag: number, at: number): void {
  const { app } = entry.line;
  app.queue.post({
    hDevice: entry.handle,
    dwMessageID: LINE_MONITORTONE,
    dwCallbackInstance: entry.line.callbackInstance,
    dwParam1: tag,
    dwParam2: 0,
    // GetTickCount: milliseconds, as a DWORD that wraps after about 49.7 days.
    dwParam3: Math.floor(at) >>> 0,
    live: () => app.alive && !entry.silenced,
  });
}
