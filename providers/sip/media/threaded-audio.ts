/**
 * Calls' RTP sides on media threads (`media-thread.ts`): {@link MediaThreads} starts them and
 * shares the legs and the port range out among them; each leg is a {@link LegAudio} whose work is
 * done there and whose events (keys, frames heard, the end of a playback) come back as messages.
 *
 * Why threads: a call's audio is 50 packets a second each way, each a system call and a callback.
 * Hundreds of calls in the call control's event loop make a frame late whenever the loop is busy
 * (a burst of arrivals, a collection, the calls' own signalling); a thread per core carries the
 * packets alone, in parallel (BENCHMARKS.md, "Media streams"). They keep the real clock: a provider
 * on an injected clock (tests) keeps its media in its own thread.
 */
import { Worker } from 'node:worker_threads';
import { type FrameMaker, type FrameSource, type Playback, type PlaybackResult } from '../../media/pcm-player.js';
import { FRAME_SAMPLES } from '../../media/pcm.js';
import { ProviderError } from '../../provider.js';
import type { Direction } from './direction.js';
import type { AudioHost, LegAudio, LegAudioOptions } from './leg-audio.js';
import type { FromMediaThread, MediaThreadData, ToMediaThread } from './media-thread-messages.js';
import { zeroCounters } from './rtp-counters.js';
import type { RtpCounters } from './rtp-session.js';
import type { RemoteAudio } from './sdp-media.js';

/** Frames a {@link FrameMaker} makes at a time for a media thread: five, 100 ms. */
const MADE_FRAMES = 5;

/** How long closing waits for a thread's legs to close before it ends the thread anyway. */
const CLOSE_GRACE_MS = 2000;

/** Options of {@link MediaThreads}. */
export interface MediaThreadsOptions {
  /** How many threads (at least 1). */
  threads: number;
  /** The local address the RTP sockets bind to. */
  address: string;
  /** The port range, shared out among the threads in equal parts. */
  ports: { min: number; max: number };
  /** How often each thread reports its legs' counters (default 1000 ms). */
  countersEveryMs?: number;
}

/**
 * Media threads: legs go to the thread with the fewest.
 *
 * @example
 * ```ts
 * const threads = new MediaThreads({ threads: 2, address: '127.0.0.1', ports: { min: 20000, max: 29999 } });
 * const audio = await threads.open({ clock: realClock, onDigit: (d) => console.log(d) });
 * audio.rtpPort; // an even port of 20000-24999 or 25000-29999
 * await audio.close();
 * await threads.close();
 * ```
 */
export class MediaThreads implements AudioHost {
  private readonly threads: MediaThread[];

  constructor(options: MediaThreadsOptions) {
    const count = Math.max(1, Math.floor(options.threads));
    const share = Math.floor((options.ports.max - options.ports.min + 1) / count / 2) * 2;
    if (share < 2) throw new RangeError(`the port range ${options.ports.min}-${options.ports.max} is too small for ${count} media threads`);
    this.threads = Array.from({ length: count }, (_, i) => {
      const min = options.ports.min + i * share;
      const max = i === count - 1 ? options.ports.max : min + share - 1;
      return new MediaThread({ address: options.address, min, max, countersEveryMs: options.countersEveryMs ?? 1000 });
    });
  }

  /** A leg on the working thread with the fewest (a thread that died refuses it: RESOURCEUNAVAIL). */
  open(options: LegAudioOptions): Promise<LegAudio> {
    const working = this.threads.filter((thread) => thread.working);
    const thread = (working.length > 0 ? working : this.threads).reduce((fewest, thread) => (thread.legs < fewest.legs ? thread : fewest));
    return thread.open(options);
  }

  /**
   * End the threads once their legs are closed (their owners close them first), or after
   * {@link CLOSE_GRACE_MS} if a thread does not answer: a thread that hangs does not hang shutdown.
   */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }
}

/** One media thread and the legs and playbacks it runs. */
class MediaThread {
  private worker: Worker | null = null;
  private readonly legsById = new Map<number, ThreadedAudio>();
  private readonly opening = new Map<number, { options: LegAudioOptions; resolve(audio: LegAudio): void; reject(error: Error): void }>();
  private readonly playbacks = new Map<number, ThreadedPlayback>();
  private nextId = 1;
  private failure: Error | null = null;
  /** Told when the last leg is gone (`close` waits for it). */
  private readonly idle: Array<() => void> = [];

  constructor(private readonly data: MediaThreadData) {}

  /** Whether it takes legs: not closed, not dead. */
  get working(): boolean {
    return this.failure === null;
  }

  /** Legs open or opening here. */
  get legs(): number {
    return this.legsById.size + this.opening.size;
  }

  open(options: LegAudioOptions): Promise<LegAudio> {
    if (this.failure) return Promise.reject(this.failure);
    const leg = this.nextId++;
    return new Promise((resolve, reject) => {
      this.opening.set(leg, { options, resolve, reject });
      this.post({ op: 'open', leg, symmetric: options.symmetric === true });
    });
  }

  post(message: ToMediaThread): void {
    if (this.failure) return;
    this.start().postMessage(message);
  }

  /** A new playback's number, and where its messages go. */
  track(playback: ThreadedPlayback): number {
    const id = this.nextId++;
    this.playbacks.set(id, playback);
    return id;
  }

  forget(leg: number): void {
    this.legsById.delete(leg);
    if (this.legs === 0) for (const idle of this.idle.splice(0)) idle();
  }

  /**
   * End the thread when its legs are closed, or after {@link CLOSE_GRACE_MS} (the legs still there
   * end as if closed); later opens are refused.
   */
  async close(): Promise<void> {
    if (this.legs > 0 && this.worker) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([new Promise<void>((resolve) => this.idle.push(resolve)), new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
    }
    const worker = this.worker;
    this.worker = null;
    this.end('the media threads are closed');
    if (worker) await worker.terminate();
  }

  /** The worker, started on first use. */
  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./media-thread.js', import.meta.url), { workerData: this.data });
    worker.on('message', (message: FromMediaThread) => this.receive(message));
    worker.on('error', (error) => this.end(`media thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.end(`the media thread exited (code ${code})`);
    });
    this.worker = worker;
    return worker;
  }

  /**
   * The thread is gone (closed, or a bug, a crash): every leg's audio ends as if closed (its
   * counters as last reported), opens under way are refused with RESOURCEUNAVAIL, and so is every
   * later one.
   */
  private end(why: string): void {
    if (this.failure) return;
    this.failure = new ProviderError('RESOURCEUNAVAIL', why);
    this.worker = null;
    for (const { reject } of this.opening.values()) reject(this.failure);
    this.opening.clear();
    for (const audio of this.legsById.values()) audio.ended();
    this.legsById.clear();
    for (const playback of this.playbacks.values()) playback.played({ reason: 'cancelled', frames: 0 });
    this.playbacks.clear();
  }

  private receive(message: FromMediaThread): void {
    switch (message.op) {
      case 'opened': {
        const opening = this.opening.get(message.leg);
        if (!opening) return;
        this.opening.delete(message.leg);
        const audio = new ThreadedAudio(this, message.leg, message.rtpPort, message.rtcpPort, opening.options);
        this.legsById.set(message.leg, audio);
        return opening.resolve(audio);
      }
      case 'failed': {
        const opening = this.opening.get(message.leg);
        this.opening.delete(message.leg);
        return opening?.reject(new ProviderError('RESOURCEUNAVAIL', message.message));
      }
      case 'digit':
        return this.legsById.get(message.leg)?.options.onDigit(message.digit, message.via);
      case 'frames':
        message.legs.forEach((leg, i) => this.legsById.get(leg)?.heard(message.samples.slice(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES)));
        return;
      case 'more':
        return this.playbacks.get(message.playback)?.more();
      case 'played': {
        const playback = this.playbacks.get(message.playback);
        this.playbacks.delete(message.playback);
        return playback?.played({ reason: message.reason, frames: message.frames }, message.error);
      }
      case 'counters':
        for (const [leg, counters] of message.legs) this.legsById.get(leg)?.report(counters);
        return;
      case 'closed':
        return this.legsById.get(message.leg)?.ended(message.counters);
    }
  }
}

/** A leg's audio on a media thread. */
class ThreadedAudio implements LegAudio {
  private latest: RtpCounters = zeroCounters();
  private readonly listeners = new Set<(frame: Int16Array) => void>();
  private readonly playbacks = new Set<ThreadedPlayback>();
  private closing: Promise<Readonly<RtpCounters>> | null = null;
  private finished: ((counters: Readonly<RtpCounters>) => void) | null = null;
  private over = false;

  constructor(
    private readonly thread: MediaThread,
    private readonly leg: number,
    readonly rtpPort: number,
    readonly rtcpPort: number,
    readonly options: LegAudioOptions,
  ) {}

  get counters(): Readonly<RtpCounters> {
    return this.latest;
  }

  follow(remote: RemoteAudio, local: Direction): void {
    if (!this.closing) this.thread.post({ op: 'follow', leg: this.leg, remote, local });
  }

  play(source: FrameSource): Playback {
    const playback = new ThreadedPlayback(this.thread, source, () => this.playbacks.delete(playback));
    if (this.closing || this.over) playback.played({ reason: 'cancelled', frames: 0 });
    else {
      this.playbacks.add(playback);
      playback.start(this.leg);
    }
    return playback;
  }

  onReceive(listener: (frame: Int16Array) => void): () => void {
    const wrapped = (frame: Int16Array) => listener(frame);
    if (this.listeners.size === 0 && !this.closing) this.thread.post({ op: 'listen', leg: this.leg, on: true });
    this.listeners.add(wrapped);
    return () => {
      if (this.listeners.delete(wrapped) && this.listeners.size === 0 && !this.closing) this.thread.post({ op: 'listen', leg: this.leg, on: false });
    };
  }

  sendDigits(digits: string): void {
    if (!this.closing) this.thread.post({ op: 'digits', leg: this.leg, digits });
  }

  close(): Promise<Readonly<RtpCounters>> {
    if (!this.closing) {
      this.listeners.clear();
      this.closing = this.over ? Promise.resolve(this.latest) : new Promise((resolve) => (this.finished = resolve));
      this.thread.post({ op: 'close', leg: this.leg });
    }
    return this.closing;
  }

  /** Frames heard on the thread. */
  heard(samples: Int16Array): void {
    for (const listener of [...this.listeners]) listener(samples);
  }

  /** The thread's latest count. */
  report(counters: RtpCounters): void {
    this.latest = counters;
  }

  /** Closed on the thread (its final counters), or the thread is gone. */
  ended(counters: RtpCounters = this.latest): void {
    this.over = true;
    this.latest = counters;
    this.thread.forget(this.leg);
    this.listeners.clear();
    for (const playback of this.playbacks) playback.played({ reason: 'cancelled', frames: 0 });
    this.finished?.(counters);
    this.closing ??= Promise.resolve(counters);
  }
}

/**
 * A playback on a media thread. Samples in memory cross whole; a stream or a {@link FrameMaker}
 * crosses in chunks, each when the thread asks (`more`), so a tone that lasts until it is
 * cancelled is made as it goes, never ahead by more than the thread's lookahead.
 */
class ThreadedPlayback implements Playback {
  readonly result: Promise<PlaybackResult>;
  private settle: (result: PlaybackResult) => void = () => {};
  private fail: (error: Error) => void = () => {};
  private id = 0;
  private done = false;
  private cancelled = false;
  /** The source's error, reported when the thread has stopped the playback. */
  private error: Error | null = null;
  private iterator: AsyncIterator<Int16Array> | null = null;
  /** Frames a maker has made. */
  private made = 0;
  /** The source has said it has no more. */
  private exhausted = false;

  constructor(
    private readonly thread: MediaThread,
    private readonly source: FrameSource,
    private readonly onEnd: () => void,
  ) {
    this.result = new Promise((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
  }

  start(leg: number): void {
    this.id = this.thread.track(this);
    const whole = this.source instanceof Int16Array ? this.source : null;
    this.thread.post({ op: 'play', leg, playback: this.id, samples: whole });
  }

  cancel(): void {
    if (this.done || this.cancelled) return;
    this.cancelled = true;
    this.thread.post({ op: 'cancel', playback: this.id });
  }

  /** The thread wants the next chunk. */
  more(): void {
    if (this.done || this.cancelled) return;
    this.next().then(
      (samples) => {
        if (!this.done && !this.cancelled) this.thread.post({ op: 'feed', playback: this.id, samples });
      },
      (error: unknown) => {
        this.error = error instanceof Error ? error : new Error(String(error));
        this.cancel();
      },
    );
  }

  /** How it ended, as the thread tells it (or the end of the thread). */
  played(result: PlaybackResult, error?: string): void {
    if (this.done) return;
    this.done = true;
    this.onEnd();
    void this.iterator?.return?.()?.catch(() => {});
    if (this.error ?? error) this.fail(this.error ?? new Error(error));
    else this.settle(result);
  }

  /** The next chunk of the source, or null at its end (and after it: the source is not asked again). */
  private async next(): Promise<Int16Array | null> {
    const source = this.source;
    if (this.exhausted || source instanceof Int16Array) return null;
    let chunk: Int16Array | null;
    if (typeof source === 'function') chunk = this.make(source);
    else {
      this.iterator ??= source[Symbol.asyncIterator]();
      const { done, value } = await this.iterator.next();
      chunk = done ? null : value;
    }
    if (chunk === null) this.exhausted = true;
    return chunk;
  }

  /** Up to {@link MADE_FRAMES} frames of a {@link FrameMaker}, or null when it has no more. */
  private make(maker: FrameMaker): Int16Array | null {
    const frames: Int16Array[] = [];
    for (let i = 0; i < MADE_FRAMES; i++) {
      const frame = maker(this.made);
      if (frame === null) {
        this.exhausted = true;
        break;
      }
      this.made++;
      frames.push(frame.length === FRAME_SAMPLES ? frame : frame.slice(0, FRAME_SAMPLES));
    }
    if (frames.length === 0) return null;
    const chunk = new Int16Array(frames.length * FRAME_SAMPLES);
    frames.forEach((frame, i) => chunk.set(frame, i * FRAME_SAMPLES));
    return chunk;
  }
}
