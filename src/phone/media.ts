/**
 * `call.play()` and `call.record()`: audio on a connected call (rule 13 of the provider contract).
 * A playback sends one 20 ms frame every 20 ms, paced by the provider where it sends it
 * (`CallMedia.play`), a recording keeps what the far end says up to a length or a
 * silence (`pcm-recorder.ts`); both stop when the call ends or their `signal` aborts. What they
 * keep is the request's, not the call's.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { CallActorRef } from '../../machines/line.js';
import { mediaOf } from '../../machines/resources.js';
import type { PcmSource, PlaybackResult } from '../../providers/media/pcm-player.js';
import { PcmRecorder, type PcmRecorderOptions, type Recording } from '../../providers/media/pcm-recorder.js';
import { readWav } from '../../providers/media/wav.js';
import type { CallMedia, Clock } from '../../providers/provider.js';
import { XtapiError } from './errors.js';

/** What can be played: a WAV file's path or bytes (8 kHz mono 16-bit PCM), PCM samples, or a stream of them. */
export type PlaySource = string | Uint8Array | PcmSource;

/** Options of `call.play()`. */
export interface PlayOptions {
  /** Aborting it stops the playback (`cancelled`). */
  signal?: AbortSignal;
}

/** Options of `call.record()`: when it ends, and where the WAV goes. */
export interface RecordOptions extends PcmRecorderOptions {
  /** Write the recording there as an 8 kHz mono 16-bit WAV file once it ends. */
  path?: string;
  /** Aborting it ends the recording (`stopped`). */
  signal?: AbortSignal;
}

export type { PlaybackResult, Recording };

/** How long after `maxMs` of the clock a recording that heard too little is stopped: five frames. */
const BACKSTOP_MS = 100;

/** The audio of a connected call, or the error to reject with (INVALCALLSTATE, OPERATIONUNAVAIL). */
export function mediaFor(actor: CallActorRef, what: string): CallMedia | XtapiError {
  const snapshot = actor.getSnapshot();
  if (snapshot.status !== 'active' || snapshot.context.state !== 'connected') {
    return new XtapiError('INVALCALLSTATE', `${what} needs a connected call, not one in state ${snapshot.context.state}`);
  }
  const media = mediaOf(snapshot.context.line.provider, snapshot.context.callId);
  return media ?? new XtapiError('OPERATIONUNAVAIL', `the provider carries no audio for this call (${what})`);
}

/** The samples of what is to be played. */
async function samplesOf(source: PlaySource): Promise<PcmSource> {
  if (typeof source === 'string') return readWav(new Uint8Array(await readFile(source)));
  if (source instanceof Uint8Array) return readWav(source);
  return source;
}

/** Run `start` until the call ends or `signal` aborts; `stop` is how either ends it. */
function untilCallEnds(actor: CallActorRef, signal: AbortSignal | undefined, stop: () => void): () => void {
  const ended = actor.subscribe({ complete: stop });
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();
  return () => {
    ended.unsubscribe();
    signal?.removeEventListener('abort', stop);
  };
}

/**
 * Play `source` to the far end of `actor`'s call. Rejects with INVALCALLSTATE when the call is not
 * connected, OPERATIONUNAVAIL when its provider carries no audio, a `WavFormatError` for a file
 * that is not 8 kHz mono 16-bit PCM WAV; resolves with how it ended.
 *
 * @example
 * ```ts
 * const { reason, frames } = await playTo(call.actor, 'greeting.wav');
 * ```
 */
export async function playTo(actor: CallActorRef, source: PlaySource, options: PlayOptions = {}): Promise<PlaybackResult> {
  const samples = await samplesOf(source);
  const media = mediaFor(actor, 'play');
  if (media instanceof XtapiError) throw media;
  const playback = media.play(samples);
  const done = untilCallEnds(actor, options.signal, () => playback.cancel());
  try {
    return await playback.result;
  } finally {
    done();
  }
}

/**
 * Record what the far end of `actor`'s call says, until `maxMs`, a silence, the call's end
 * (`stopped`) or `signal`. Rejects as {@link playTo} does for the call; with `path`, the WAV file
 * is written before it resolves.
 *
 * @example
 * ```ts
 * const { reason, durationMs } = await recordFrom(call.actor, clock, { maxMs: 30_000, silenceMs: 2000, path: 'message.wav' });
 * ```
 */
export async function recordFrom(actor: CallActorRef, clock: Clock, options: RecordOptions): Promise<Recording> {
  if (!Number.isFinite(options?.maxMs) || options.maxMs <= 0 || options.maxMs > 2_147_483_647) throw new XtapiError('INVALPARAM', `maxMs must be a length in ms above 0, not ${options?.maxMs}`);
  const media = mediaFor(actor, 'record');
  if (media instanceof XtapiError) throw media;
  const recorder = new PcmRecorder(options);
  const listening = media.onReceive((frame) => recorder.push(frame));
  const done = untilCallEnds(actor, options.signal, () => recorder.stop());
  // Lengths are counted in what arrives; a far end that sends nothing is stopped by the clock.
  const backstop = clock.setTimeout(() => recorder.stop(), options.maxMs + BACKSTOP_MS);
  try {
    const recording = await recorder.done;
    if (options.path) await writeFile(options.path, recorder.toWav());
    return recording;
  } finally {
    clock.clearTimeout(backstop);
    listening();
    done();
  }
}
