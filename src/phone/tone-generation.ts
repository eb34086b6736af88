/**
 * Generating a tone on a call (TAPI 2's lineGenerateTone, TAPI 3's GenerateTone and
 * GenerateCustomTones): a cadenced tone played to the far end through the call's audio (rule 13 of
 * the provider contract), a 20 ms frame every 20 ms, made as it is due and paced by the provider,
 * for a length or until it is cancelled.
 *
 * "Only one inband generation request (tone generation or digit generation) is allowed to be in
 * progress per call across all applications" (lineGenerateTone remarks): each call has one slot,
 * whichever face asks. A new tone, a digit generation or a cancel ends the one under way with
 * `cancel`; so does the call leaving the talking states (hung up, dropped, ended), since there is
 * no audio to carry it any more.
 */
import type { CallActorRef } from '../../machines/line.js';
import type { CadencedTone } from '../../providers/media/cadenced-tone.js';
import { FRAME_MS } from '../../providers/media/pcm.js';
import { XtapiError } from './errors.js';
import { mediaFor } from './media.js';

/** How a tone generation ended: LINEGENERATETERM_DONE or LINEGENERATETERM_CANCEL. */
export type GenerationEnd = 'done' | 'cancel';

/** A tone generation under way. */
interface Generation {
  cancel(): void;
}

/** The states in which a call can carry a tone that was started while it was connected. */
const TALKING = new Set(['connected', 'onHold', 'onHoldPendTransfer']);

/** The generation under way on each call, if any. */
const generations = new WeakMap<CallActorRef, Generation>();

/**
 * End the generation under way on `actor`'s call, if any: its `onEnd` hears `cancel` before this
 * returns. For a new generation of digits (lineGenerateDigits) and dwToneMode 0.
 */
export function cancelToneGeneration(actor: CallActorRef): void {
  generations.get(actor)?.cancel();
}

/**
 * Play `tone` on `actor`'s call for `durationMs` (0: until cancelled), ending the generation under
 * way first. `onEnd` hears once how it ended: `done` at the end of its length, `cancel` when
 * cancelled or when the call stops talking. Returns the error instead, starting nothing, when the
 * call is not connected (INVALCALLSTATE) or its provider carries no audio (OPERATIONUNAVAIL).
 *
 * @example
 * ```ts
 * generateTone(call.actor, CALL_PROGRESS_TONES.busy.tone, 3000, (end) => console.log(end)); // 'done', 3 s later
 * ```
 */
export function generateTone(actor: CallActorRef, tone: CadencedTone, durationMs: number, onEnd: (end: GenerationEnd) => void): XtapiError | null {
  const media = mediaFor(actor, 'a tone');
  if (media instanceof XtapiError) return media;
  cancelToneGeneration(actor);
  // A length is whole frames: the last one is cut short with silence.
  const frames = durationMs > 0 ? Math.ceil(durationMs / FRAME_MS) : Infinity;
  const lastSamples = durationMs > 0 ? ((durationMs - 1) % FRAME_MS) + 1 : FRAME_MS;
  const playback = media.play((index) => {
    if (index >= frames) return null;
    const frame = tone.frame(index);
    if (index === frames - 1) frame.fill(0, (lastSamples * frame.length) / FRAME_MS);
    return frame;
  });
  let ended = false;
  const end = (how: GenerationEnd) => {
    if (ended) return;
    ended = true;
    watching.unsubscribe();
    if (generations.get(actor) === generation) generations.delete(actor);
    playback.cancel();
    onEnd(how);
  };
  const generation: Generation = { cancel: () => end('cancel') };
  const watching = actor.subscribe({
    next: (snapshot) => {
      if (snapshot.status !== 'active' || !TALKING.has(snapshot.context.state)) end('cancel');
    },
    complete: () => end('cancel'),
    error: () => end('cancel'),
  });
  generations.set(actor, generation);
  playback.result.then(
    ({ reason }) => end(reason === 'done' ? 'done' : 'cancel'),
    () => end('cancel'),
  );
  return null;
}
