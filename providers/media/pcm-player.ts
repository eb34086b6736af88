/**
 * Playing PCM out in real time: 20 ms frames of 160 samples (RFC 3551 §4.5's default packet time
 * at G.711's 8 kHz), one per 20 ms, on the injected {@link Clock}, each handed to a sink (an RTP
 * sender, a simulated far end's ear).
 *
 * Frame n is due at start + 20·n ms, computed from the start rather than from the frame before, so
 * a timer that fires late delays one frame, not all that follow: a frame already due goes at once.
 * A stream (an async iterable of chunks of any size) that cannot keep up is another matter: when a
 * frame is late because its samples were, the schedule starts again from it, rather than sending
 * the frames it missed in a burst the far end's jitter buffer would have to absorb.
 */
import type { Clock } from '../provider.js';
import { FRAME_MS, FRAME_SAMPLES } from './pcm.js';

/** What to play: a whole buffer, or a stream of chunks of any size. */
export type PcmSource = Int16Array | AsyncIterable<Int16Array>;

/**
 * Frames made as they are due: frame n (a fresh 160-sample buffer), or null when there is none
 * (see {@link playGenerated}).
 */
export type FrameMaker = (index: number) => Int16Array | null;

/** Anything a call can play: PCM in memory, a stream of it, or frames made as they are due. */
export type FrameSource = PcmSource | FrameMaker;

/** Where frames go: each a fresh 160-sample buffer, with its number from 0. */
export type FrameSink = (frame: Int16Array, index: number) => void;

/** How a playback ended, and how many frames it sent. */
export interface PlaybackResult {
  reason: 'done' | 'cancelled';
  frames: number;
}

/** A playback under way. */
export interface Playback {
  /**
   * Settles when the last frame is out ('done') or after {@link Playback.cancel} ('cancelled');
   * rejects with the error if the source or the sink throws.
   */
  readonly result: Promise<PlaybackResult>;
  /** Stop: no frame is sent after this returns. Idempotent. */
  cancel(): void;
}

/**
 * The source in frames of 160 samples. The last one, if short, is filled with silence: every frame
 * lasts 20 ms.
 */
async function* framesOf(source: PcmSource): AsyncGenerator<Int16Array> {
  const chunks: AsyncIterable<Int16Array> | Iterable<Int16Array> = source instanceof Int16Array ? [source] : source;
  let frame = new Int16Array(FRAME_SAMPLES);
  let filled = 0;
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; ) {
      const take = Math.min(FRAME_SAMPLES - filled, chunk.length - at);
      frame.set(chunk.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === FRAME_SAMPLES) {
        yield frame;
        frame = new Int16Array(FRAME_SAMPLES);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield frame;
}

/**
 * Play `source` into `sink`, one 20 ms frame per 20 ms of `clock`; the first frame goes at once.
 * A function is a {@link FrameMaker} ({@link playGenerated}).
 *
 * @example
 * ```ts
 * const playback = playPcm(tone(1000, 1000), (frame) => rtp.send(frame), realClock);
 * // later, if the caller hangs up: playback.cancel();
 * await playback.result; // { reason: 'done', frames: 50 }
 * ```
 */
export function playPcm(source: FrameSource, sink: FrameSink, clock: Clock): Playback {
  if (typeof source === 'function') return playGenerated(source, sink, clock);
  return source instanceof Int16Array ? playSamples(source, sink, clock) : playStream(source, sink, clock);
}

/**
 * A playback that has ended before it began, with no frame sent: what a call whose audio is gone
 * plays.
 *
 * @example
 * ```ts
 * await endedPlayback().result; // { reason: 'cancelled', frames: 0 }
 * ```
 */
export function endedPlayback(): Playback {
  return { result: Promise.resolve({ reason: 'cancelled', frames: 0 }), cancel() {} };
}

/**
 * Samples in memory (a prompt, a file read whole): frame n is samples 160·n to 160·n + 159, the
 * last filled with silence, and the playback is done as the last frame goes.
 */
function playSamples(samples: Int16Array, sink: FrameSink, clock: Clock): Playback {
  const total = Math.ceil(samples.length / FRAME_SAMPLES);
  return playFrames(
    (index) => {
      // A fresh buffer per frame (the sink may keep it); the last one filled with silence.
      const frame = new Int16Array(FRAME_SAMPLES);
      frame.set(samples.subarray(index * FRAME_SAMPLES, Math.min(samples.length, (index + 1) * FRAME_SAMPLES)));
      return frame;
    },
    sink,
    clock,
    total,
  );
}

/**
 * Play frames made as they are due: `frameAt(n)` gives frame n (a fresh 160-sample buffer) or
 * null when there is none, and the playback is then done, at the time that frame would have gone
 * (so a tone of 1 s is done 1 s after it started, not as its last frame leaves). For sounds that
 * are computed rather than stored, such as a tone that lasts until it is cancelled
 * (lineGenerateTone).
 *
 * @example
 * ```ts
 * const beep = tone(1000, 20);
 * const playback = playGenerated((n) => (n < 10 ? beep.slice() : null), (frame) => rtp.send(frame), clock);
 * await playback.result; // { reason: 'done', frames: 10 }, 200 ms later
 * ```
 */
export function playGenerated(frameAt: FrameMaker, sink: FrameSink, clock: Clock): Playback {
  return playFrames(frameAt, sink, clock, Infinity);
}

/**
 * The pacing of {@link playSamples} and {@link playGenerated}: one timer per frame and nothing
 * else, no promise or iterator per frame, because a media server runs hundreds of these at once and
 * each frame's cost is paid 50 times a second per call (BENCHMARKS.md, "Media streams"). Frame n
 * is due at start + 20·n, so a late timer delays only its own frame; the first goes in a
 * microtask, after `playPcm` has returned, as a stream's does. Each playback keeps its own timer
 * rather than sharing one tick with the others: measured, a shared tick sends every call's frame
 * in one burst and makes the gaps on the far end less even, not more. Done after `total` frames,
 * or when `frameAt` has no more.
 */
function playFrames(frameAt: FrameMaker, sink: FrameSink, clock: Clock, total: number): Playback {
  let sent = 0;
  let timer: unknown = undefined;
  let settled = false;
  let settle: (result: PlaybackResult) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const result = new Promise<PlaybackResult>((resolve, reject) => {
    settle = (value) => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      resolve(value);
    };
    fail = (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
  });
  const start = clock.now();
  const step = (): void => {
    timer = undefined;
    if (settled) return;
    if (sent >= total) return settle({ reason: 'done', frames: sent });
    // Never early: Node starts a timer from the event loop's time as of the start of its current
    // turn, so a timer set late in a busy turn fires that much early; a frame sent early makes
    // one gap short and the next one long. Wait out the rest instead.
    const early = start + FRAME_MS * sent - clock.now();
    if (early >= 1) {
      timer = clock.setTimeout(step, early);
      return;
    }
    try {
      const frame = frameAt(sent);
      if (frame === null) return settle({ reason: 'done', frames: sent });
      sink(frame, sent++);
    } catch (error) {
      return fail(error);
    }
    if (sent >= total) return settle({ reason: 'done', frames: sent });
    timer = clock.setTimeout(step, Math.max(0, start + FRAME_MS * sent - clock.now()));
  };
  queueMicrotask(step);
  return {
    result,
    cancel() {
      settle({ reason: 'cancelled', frames: sent });
    },
  };
}

/** A stream of chunks: pulled as it comes, each frame on the schedule (see {@link playPcm}). */
function playStream(source: AsyncIterable<Int16Array>, sink: FrameSink, clock: Clock): Playback {
  let cancelled = false;
  let timer: unknown = undefined;
  let wake: (() => void) | null = null;
  let signalCancel = () => {};
  const cancelledSignal = new Promise<null>((resolve) => (signalCancel = () => resolve(null)));

  const sleepUntil = (due: number) =>
    new Promise<void>((resolve) => {
      const ms = due - clock.now();
      if (ms <= 0) return resolve();
      wake = resolve;
      timer = clock.setTimeout(() => {
        timer = undefined;
        wake = null;
        resolve();
      }, ms);
    });

  async function run(): Promise<PlaybackResult> {
    const frames = framesOf(source);
    let sent = 0;
    let anchor = clock.now();
    let sinceAnchor = 0;
    try {
      while (!cancelled) {
        const asked = clock.now();
        const pending = frames.next();
        pending.catch(() => {});
        const next = await Promise.race([pending, cancelledSignal]);
        if (next === null || cancelled) break;
        if (next.done) return { reason: 'done', frames: sent };
        let due = anchor + FRAME_MS * sinceAnchor;
        if (clock.now() > due && clock.now() > asked) {
          // The samples came late (the stream could not keep up): start the schedule again here.
          anchor = clock.now();
          sinceAnchor = 0;
          due = anchor;
        }
        await sleepUntil(due);
        if (cancelled) break;
        sink(next.value, sent++);
        sinceAnchor++;
      }
    } finally {
      if (cancelled) frames.return(undefined).catch(() => {});
    }
    return { reason: 'cancelled', frames: sent };
  }

  return {
    result: run(),
    cancel() {
      if (cancelled) return;
      cancelled = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      wake?.();
      signalCancel();
    },
  };
}
