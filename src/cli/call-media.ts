/**
 * What `--play` and `--gather` do to a call once it is connected, through the modern API: play
 * the file (`call.play()`), then gather the far end's digits (`call.gather()`), reporting the
 * playback's end, each key as it comes, and the gathering's end. Keys pressed while the file
 * plays are reported but not gathered: the gathering starts when the playback ends, as TAPI's
 * lineGatherDigits does when it is called. The call ending cancels both (the lines say so).
 */
import type { Call } from '../phone/call.js';
import { XtapiError } from '../phone/errors.js';
import type { MediaEvent } from './media-lines.js';
import type { PlayFile } from './play-file.js';

/** What the command line asked to do with a connected call. */
export interface MediaPlan {
  /** `--play`: the file, read already. */
  play: PlayFile | null;
  /** `--gather`: the most digits to gather. */
  gather: number | null;
}

/** Nothing asked. */
export const NO_MEDIA: MediaPlan = Object.freeze({ play: null, gather: null });

/** The gathering's rules: `#` ends it; 5 s for the first key, 3 s for each next one. */
export const GATHER_RULES = Object.freeze({ terminators: '#', firstTimeoutMs: 5000, interTimeoutMs: 3000 });

/**
 * Whether `plan` asks for anything.
 *
 * @example
 * ```ts
 * wantsMedia(NO_MEDIA); // false
 * ```
 */
export function wantsMedia(plan: MediaPlan): boolean {
  return plan.play !== null || plan.gather !== null;
}

/**
 * Run `plan` on `call`, which has just connected; `report` hears what happens. Resolves once the
 * playback and the gathering are over (never rejects for a call's error: it is reported).
 *
 * @example
 * ```ts
 * await runMedia(call, { play: readPlayFile('--play', 'greeting.wav'), gather: 4 }, (event) => console.log(event));
 * // { kind: 'played', … } { kind: 'dtmf', digit: '1', … } … { kind: 'digits', gathered: { digits: '12#', termination: 'TERMDIGIT' } }
 * ```
 */
export async function runMedia(call: Call, plan: MediaPlan, report: (event: MediaEvent) => void): Promise<void> {
  const failed = (error: unknown) => {
    if (!(error instanceof XtapiError)) throw error;
    return error;
  };
  if (plan.gather !== null) {
    // Every key, for the life of the call: those pressed during the file or after the gathering too.
    const off = call.on('dtmf', ({ digit, via }) => report({ kind: 'dtmf', digit, via }));
    void call.ended().then(off);
  }
  const { play } = plan;
  if (play) {
    await call.play(play.samples).then(
      (result) => report({ kind: 'played', file: play.path, result }),
      (error: unknown) => report({ kind: 'played', file: play.path, error: failed(error) }),
    );
  }
  // A call ended during the file has nothing left to gather: its playback line says cancelled.
  if (plan.gather === null || call.cause !== null) return;
  await call.gather({ max: plan.gather, ...GATHER_RULES }).then(
    (gathered) => report({ kind: 'digits', gathered }),
    (error: unknown) => report({ kind: 'digits', error: failed(error) }),
  );
}
