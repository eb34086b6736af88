/**
 * What `--play`, `--gather` and `--record` do to a call once it is connected, through the modern
 * API: play the file (`call.play()`), then gather the far end's digits (`call.gather()`), then
 * record what the far end says (`call.record()`), reporting the playback's end, each key as it
 * comes, the gathering's end and the recording's. Keys pressed while the file plays are reported
 * but not gathered: the gathering starts when the playback ends, as TAPI's lineGatherDigits does
 * when it is called. The call ending cancels all three (the lines say so); a recording cut short
 * by the far end hanging up is still written (that is how a message left on a machine ends).
 */
import type { Call } from '../phone/call.js';
import { XtapiError } from '../phone/errors.js';
import type { MediaEvent } from './media-lines.js';
import type { PlayFile } from './play-file.js';

/** `--gather` and its rules, as `call.gather()` takes them. */
export interface GatherPlan {
  /** `--gather`: the most digits to gather. */
  max: number;
  /** `--gather-term`: the keys that end it, kept as its last digit ('' for none). */
  terminators: string;
  /** `--first-timeout`: how long to wait for the first key, ms (0: for ever). */
  firstTimeoutMs: number;
  /** `--inter-timeout`: how long to wait for each next key, ms (0: for ever). */
  interTimeoutMs: number;
}

/** `--record` and when the recording ends, as `call.record()` takes them. */
export interface RecordPlan {
  /** `--record`: the WAV file written once the recording ends. */
  path: string;
  /** `--record-max`: the longest recording, ms. */
  maxMs: number;
  /** `--record-silence`: end after this much silence once the far end has been heard, ms; null: never. */
  silenceMs: number | null;
}

/** What the command line asked to do with a connected call. */
export interface MediaPlan {
  /** `--play`: the file, read already. */
  play: PlayFile | null;
  gather: GatherPlan | null;
  record: RecordPlan | null;
}

/** Nothing asked. */
export const NO_MEDIA: MediaPlan = Object.freeze({ play: null, gather: null, record: null });

/** The gathering's rules when the command line says none: `#` ends it; 5 s for the first key, 3 s for each next one. */
export const GATHER_RULES = Object.freeze({ terminators: '#', firstTimeoutMs: 5000, interTimeoutMs: 3000 });

/** The longest recording when `--record-max` is not given: a minute. */
export const RECORD_MAX_MS = 60_000;

/**
 * Whether `plan` asks for anything.
 *
 * @example
 * ```ts
 * wantsMedia(NO_MEDIA); // false
 * ```
 */
export function wantsMedia(plan: MediaPlan): boolean {
  return plan.play !== null || plan.gather !== null || plan.record !== null;
}

/** An error of the modern API, to report; anything else is a bug, and is thrown on. */
function reported(error: unknown): XtapiError {
  if (!(error instanceof XtapiError)) throw error;
  return error;
}

/** A file that could not be written: its system error code (ENOSPC, EACCES…), or null for anything else. */
function fileError(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

/**
 * Run `plan` on `call`, which has just connected; `report` hears what happens. Resolves once the
 * playback, the gathering and the recording are over (never rejects for a call's error or a file
 * that could not be written: they are reported).
 *
 * @example
 * ```ts
 * await runMedia(call, { play: readPlayFile('--play', 'greeting.wav'), gather: { max: 4, ...GATHER_RULES }, record: null }, (event) => console.log(event));
 * // { kind: 'played', … } { kind: 'dtmf', digit: '1', … } … { kind: 'digits', gathered: { digits: '12#', termination: 'TERMDIGIT' } }
 * ```
 */
export async function runMedia(call: Call, plan: MediaPlan, report: (event: MediaEvent) => void): Promise<void> {
  const { play, gather, record } = plan;
  if (gather !== null) {
    // Every key, for the life of the call: those pressed during the file or after the gathering too.
    const off = call.on('dtmf', ({ digit, via }) => report({ kind: 'dtmf', digit, via }));
    void call.ended().then(off);
  }
  if (play) {
    await call.play(play.samples).then(
      (result) => report({ kind: 'played', file: play.path, result }),
      (error: unknown) => report({ kind: 'played', file: play.path, error: reported(error) }),
    );
  }
  // A call ended during the file has nothing left to gather or record: its playback line says cancelled.
  if (gather !== null && call.cause === null) {
    await call.gather(gather).then(
      (gathered) => report({ kind: 'digits', gathered }),
      (error: unknown) => report({ kind: 'digits', error: reported(error) }),
    );
  }
  if (record !== null && call.cause === null) {
    const { path, maxMs, silenceMs } = record;
    await call.record({ path, maxMs, ...(silenceMs === null ? {} : { silenceMs }) }).then(
      (recording) => report({ kind: 'recorded', file: path, recording }),
      (error: unknown) => {
        const code = fileError(error);
        if (code !== null) report({ kind: 'recorded', file: path, fileError: code, message: (error as Error).message });
        else report({ kind: 'recorded', file: path, error: reported(error) });
      },
    );
  }
}
