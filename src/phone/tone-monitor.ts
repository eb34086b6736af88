/**
 * Monitoring a call for tones (TAPI 2's lineMonitorTones, TAPI 3's DetectTones): the far end's
 * audio (rule 13 of the provider contract) heard by a {@link ToneDetector}, each tone reported with
 * the clock's time when it has lasted its duration.
 *
 * A monitor may be set in any state (lineMonitorTones: "any state except idle"); it listens from
 * the moment the call is connected and has audio, and stops when the call ends or it is stopped.
 * Silence is also what arrives when nothing does: a far end that sends no audio at all (a quiet
 * simulated far end, RTP with silence suppression) is silent, so while the list has a silence a
 * 20 ms tick of the clock hears a silent frame for each one that did not come.
 */
import type { Subscription } from 'xstate';
import type { CallActorRef } from '../../machines/line.js';
import { mediaOf } from '../../machines/resources.js';
import { FRAME_MS, FRAME_SAMPLES } from '../../providers/media/pcm.js';
import { ToneDetector, type ToneToDetect } from '../../providers/media/tone-detector.js';
import type { Clock } from '../../providers/provider.js';

/** A tone monitor: stop it (idempotent). */
export interface ToneMonitor {
  stop(): void;
}

/** The frames that may be missing before silence is made up for them: two (jitter is not silence). */
const LATE_FRAMES = 2;

/**
 * Listen to `actor`'s call for `tones`; `onTone(index, at)` hears the index of each tone in the
 * list and the clock's time, once per occurrence.
 *
 * @throws {RangeError} for a tone the detector cannot listen for (`toneProblem`).
 *
 * @example
 * ```ts
 * const monitor = monitorTones(call.actor, clock, [{ frequencies: [480, 620], durationMs: 400 }], () => call.drop());
 * ```
 */
export function monitorTones(actor: CallActorRef, clock: Clock, tones: readonly ToneToDetect[], onTone: (index: number, at: number) => void): ToneMonitor {
  const detector = new ToneDetector(tones);
  const silent = new Int16Array(FRAME_SAMPLES);
  const fillsSilence = tones.some((tone) => tone.frequencies.length === 0);
  let stopped = false;
  let listening: (() => void) | null = null;
  let tick: unknown = undefined;
  // The clock's time up to which audio has been heard, real or made up.
  let heardUntil = 0;
  let watching: Subscription | null = null;

  const hear = (frame: Int16Array) => {
    for (const index of detector.push(frame)) {
      if (stopped) return;
      onTone(index, clock.now());
    }
  };
  const fill = () => {
    tick = clock.setTimeout(fill, FRAME_MS);
    const missing = Math.floor((clock.now() - heardUntil) / FRAME_MS);
    if (missing < LATE_FRAMES) return;
    for (let i = 0; i < missing && !stopped; i++) hear(silent);
    heardUntil += missing * FRAME_MS;
  };
  const attach = () => {
    const snapshot = actor.getSnapshot();
    if (listening || snapshot.status !== 'active' || snapshot.context.state !== 'connected') return;
    const media = mediaOf(snapshot.context.line.provider, snapshot.context.callId);
    if (!media) return;
    heardUntil = clock.now();
    listening = media.onReceive((frame) => {
      heardUntil = clock.now();
      hear(frame);
    });
    if (fillsSilence) tick = clock.setTimeout(fill, FRAME_MS);
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    watching?.unsubscribe();
    listening?.();
    if (tick !== undefined) clock.clearTimeout(tick);
  };
  watching = actor.subscribe({ next: attach, complete: stop, error: stop });
  if (actor.getSnapshot().status !== 'active') stop();
  else attach();
  return { stop };
}
