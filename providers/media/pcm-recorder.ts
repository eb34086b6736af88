/**
 * Recording PCM that arrives (a message left after the tone, what a simulated far end heard):
 * frames of any size are kept until a maximum length, a stretch of silence, or a stop, and the
 * recording says which of the three ended it. It can be had as a WAVE file.
 *
 * Silence is judged on 20 ms blocks of the recording (whatever the size of the frames that brought
 * them), each below `silenceDbm0` or not. It ends a recording only after some sound has been heard:
 * a caller often takes a moment to start speaking, and a recording that ended in that moment would
 * be empty. That moment is bounded by its own, optional, `noInputMs`: with nothing heard that long,
 * the recording ends too (reason 'silence'). The silence that ended a recording is kept in it, so
 * its length is what was heard; cut `silenceMs` off its end to drop it.
 */
import { levelDbm0 } from './level.js';
import { FRAME_SAMPLES, msToSamples, samplesToMs } from './pcm.js';
import { encodeWav } from './wav.js';

/** Why a recording ended. */
export type RecordingEnd = 'maxLength' | 'silence' | 'stopped';

/** When a recording ends. */
export interface PcmRecorderOptions {
  /** The longest recording, in ms: it ends there ('maxLength'), cut to the sample. */
  maxMs: number;
  /** End after this much silence once sound has been heard ('silence'). Default: never. */
  silenceMs?: number;
  /** The level below which a 20 ms block is silence, in dBm0. Default −45. */
  silenceDbm0?: number;
  /** End after this long with no sound heard at all ('silence'). Default: never (until `maxMs`). */
  noInputMs?: number;
}

/** A finished recording. */
export interface Recording {
  reason: RecordingEnd;
  samples: Int16Array;
  durationMs: number;
}

/**
 * A recorder: push what arrives, await `done`.
 *
 * @example
 * ```ts
 * const recorder = new PcmRecorder({ maxMs: 60_000, silenceMs: 3000 });
 * rtp.onAudio((frame) => recorder.push(frame));
 * const { reason, durationMs } = await recorder.done; // 'silence', 4180
 * await writeFile('message.wav', recorder.toWav());
 * ```
 */
export class PcmRecorder {
  /** Settles with the recording when it ends. */
  readonly done: Promise<Recording>;
  private resolve: (recording: Recording) => void = () => {};
  private buffer: Int16Array;
  private length = 0;
  private judged = 0;
  private silentSamples = 0;
  private heard = false;
  private end: RecordingEnd | null = null;
  private readonly maxSamples: number;
  private readonly silenceSamples: number;
  private readonly noInputSamples: number;
  private readonly silenceDbm0: number;

  constructor(options: PcmRecorderOptions) {
    this.maxSamples = msToSamples(options.maxMs);
    this.silenceSamples = options.silenceMs === undefined ? Infinity : msToSamples(options.silenceMs);
    this.noInputSamples = options.noInputMs === undefined ? Infinity : msToSamples(options.noInputMs);
    this.silenceDbm0 = options.silenceDbm0 ?? -45;
    this.buffer = new Int16Array(Math.min(this.maxSamples, msToSamples(10_000)));
    this.done = new Promise((resolve) => (this.resolve = resolve));
  }

  /** Why it ended, or null while it records. */
  get ended(): RecordingEnd | null {
    return this.end;
  }

  /** Keep `samples` (as much as fits); returns whether it still records afterwards. */
  push(samples: Int16Array): boolean {
    for (let at = 0; at < samples.length && !this.end; ) {
      // Up to the end of the 20 ms block being filled, then judge it.
      const take = Math.min(samples.length - at, FRAME_SAMPLES - (this.length - this.judged), this.maxSamples - this.length);
      this.append(samples.subarray(at, at + take));
      at += take;
      if (this.length - this.judged === FRAME_SAMPLES) this.judge();
      if (!this.end && this.length >= this.maxSamples) this.finish('maxLength');
    }
    return this.end === null;
  }

  /** End the recording now ('stopped'), unless it has ended already. */
  stop(): void {
    if (!this.end) this.finish('stopped');
  }

  /** The samples recorded so far. */
  samples(): Int16Array {
    return this.buffer.slice(0, this.length);
  }

  /** The samples recorded so far as an 8 kHz mono 16-bit WAVE file. */
  toWav(): Uint8Array {
    return encodeWav(this.samples());
  }

  private append(samples: Int16Array): void {
    if (this.length + samples.length > this.buffer.length) {
      const grown = new Int16Array(Math.min(this.maxSamples, Math.max(2 * this.buffer.length, this.length + samples.length)));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(samples, this.length);
    this.length += samples.length;
  }

  /** Judge the block just filled: sound or silence, and whether the silence ends the recording. */
  private judge(): void {
    const silent = levelDbm0(this.buffer, this.judged, this.length) < this.silenceDbm0;
    this.judged = this.length;
    if (!silent) {
      this.heard = true;
      this.silentSamples = 0;
      return;
    }
    this.silentSamples += FRAME_SAMPLES;
    if (this.heard ? this.silentSamples >= this.silenceSamples : this.length >= this.noInputSamples) this.finish('silence');
  }

  private finish(reason: RecordingEnd): void {
    this.end = reason;
    this.resolve({ reason, samples: this.samples(), durationMs: samplesToMs(this.length) });
  }
}
