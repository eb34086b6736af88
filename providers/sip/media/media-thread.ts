/**
 * A media thread: the entry of a worker (`node:worker_threads`) that runs calls' RTP sides
 * ({@link RtpAudio}) for the SIP provider, on its share of the port range and the real clock. Its
 * event loop carries nothing but packets and their pacing, so a busy call control (or another
 * media thread, on another core) does not make a call's 20 ms frames late. The provider drives it
 * with the messages of `media-thread-messages.ts` (`threaded-audio.ts`).
 *
 * What is played whole crosses once; a stream or a tone made as it is due crosses in chunks as the
 * thread asks for them, a lookahead of {@link LOOKAHEAD_SAMPLES} ahead of what it has sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Playback } from '../../media/pcm-player.js';
import { FRAME_SAMPLES } from '../../media/pcm.js';
import { realClock } from '../../provider.js';
import type { FromMediaThread, MediaThreadData, ToMediaThread } from './media-thread-messages.js';
import { PortRange } from './port-range.js';
import { RtpAudio } from './rtp-audio.js';

/** What a fed playback keeps queued before it asks for more: ten frames, 200 ms. */
const LOOKAHEAD_SAMPLES = 10 * FRAME_SAMPLES;

const port = parentPort!;
const data = workerData as MediaThreadData;
const ports = new PortRange({ address: data.address, min: data.min, max: data.max });
const post = (message: FromMediaThread) => port.postMessage(message);

/** The legs open here, and the listening of each. */
const legs = new Map<number, { audio: RtpAudio; stopListening: (() => void) | null }>();
/** Legs closed while still opening: closed as they open. */
const closedEarly = new Set<number>();
const playbacks = new Map<number, Playback>();
const feeds = new Map<number, Feed>();

/**
 * The samples of a fed playback, as an async iterable the player pulls: it asks the provider for
 * more whenever less than the lookahead is queued, one request at a time.
 */
class Feed implements AsyncIterable<Int16Array> {
  private readonly queue: Int16Array[] = [];
  private queued = 0;
  private ended = false;
  private asked = false;
  private waiting: ((result: IteratorResult<Int16Array>) => void) | null = null;

  constructor(private readonly playback: number) {
    this.ask();
  }

  /** Samples from the provider, or null: no more. */
  push(samples: Int16Array | null): void {
    this.asked = false;
    if (samples === null) this.ended = true;
    else {
      this.queue.push(samples);
      this.queued += samples.length;
    }
    if (this.queued < LOOKAHEAD_SAMPLES) this.ask();
    const waiting = this.waiting;
    const result = waiting && this.take();
    if (!waiting || !result) return;
    this.waiting = null;
    waiting(result);
  }

  /** The player stopped (cancelled): whoever waits hears the end. */
  end(): void {
    this.ended = true;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): AsyncIterator<Int16Array> {
    return {
      next: () => {
        const result = this.take();
        if (result) return Promise.resolve(result);
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        this.end();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  private take(): IteratorResult<Int16Array> | null {
    const chunk = this.queue.shift();
    if (chunk) this.queued -= chunk.length;
    if (this.queued < LOOKAHEAD_SAMPLES) this.ask();
    if (chunk) return { done: false, value: chunk };
    return this.ended ? { done: true, value: undefined } : null;
  }

  private ask(): void {
    if (this.asked || this.ended) return;
    this.asked = true;
    post({ op: 'more', playback: this.playback });
  }
}

async function open(leg: number, symmetric: boolean): Promise<void> {
  let audio: RtpAudio;
  try {
    audio = await RtpAudio.open({ ports, clock: realClock, symmetric, onDigit: (digit, via) => post({ op: 'digit', leg, digit, via }) });
  } catch (error) {
    closedEarly.delete(leg);
    return post({ op: 'failed', leg, message: error instanceof Error ? error.message : String(error) });
  }
  legs.set(leg, { audio, stopListening: null });
  post({ op: 'opened', leg, rtpPort: audio.rtpPort, rtcpPort: audio.rtcpPort });
  if (closedEarly.delete(leg)) void close(leg);
}

async function close(leg: number): Promise<void> {
  const entry = legs.get(leg);
  if (!entry) return void closedEarly.add(leg);
  // A socket that fails to close still leaves the leg closed: its counters are final either way.
  const counters = await entry.audio.close().catch(() => entry.audio.counters);
  legs.delete(leg);
  post({ op: 'closed', leg, counters: { ...counters } });
}

function play(leg: number, id: number, samples: Int16Array | null): void {
  const audio = legs.get(leg)?.audio;
  let source: Int16Array | Feed | null = samples;
  if (source === null) feeds.set(id, (source = new Feed(id)));
  if (!audio) return void finish(id, { reason: 'cancelled', frames: 0 });
  const playback = audio.play(source);
  playbacks.set(id, playback);
  playback.result.then(
    (result) => finish(id, result),
    (error: unknown) => finish(id, { reason: 'cancelled', frames: 0 }, error instanceof Error ? error.message : String(error)),
  );
}

function finish(id: number, result: { reason: 'done' | 'cancelled'; frames: number }, error?: string): void {
  playbacks.delete(id);
  feeds.get(id)?.end();
  feeds.delete(id);
  post({ op: 'played', playback: id, reason: result.reason, frames: result.frames, ...(error === undefined ? {} : { error }) });
}

/** How long frames heard wait to be sent to the provider together: a frame's time. */
const HEARD_EVERY_MS = FRAME_SAMPLES / 8;

/**
 * Frames heard on listening legs, sent to the provider together every {@link HEARD_EVERY_MS}: a
 * message a frame's time however many calls are recorded, not one per packet (a message costs
 * more than a packet on both threads), for no more than a frame's delay.
 */
const heard: { legs: number[]; frames: Int16Array[] } = { legs: [], frames: [] };

function hear(leg: number, frame: Int16Array): void {
  if (heard.legs.length === 0) setTimeout(flushHeard, HEARD_EVERY_MS);
  heard.legs.push(leg);
  heard.frames.push(frame);
}

function flushHeard(): void {
  const samples = new Int16Array(heard.frames.length * FRAME_SAMPLES);
  heard.frames.forEach((frame, i) => samples.set(frame, i * FRAME_SAMPLES));
  port.postMessage({ op: 'frames', legs: heard.legs, samples } satisfies FromMediaThread, [samples.buffer]);
  heard.legs = [];
  heard.frames = [];
}

function listen(leg: number, on: boolean): void {
  const entry = legs.get(leg);
  if (!entry) return;
  entry.stopListening?.();
  entry.stopListening = on ? entry.audio.onReceive((frame) => hear(leg, frame)) : null;
}

port.on('message', (message: ToMediaThread) => {
  // One message that cannot be carried out (a far end the session refuses) leaves its leg as it
  // was; it must not end the thread, and every other call on it with it.
  try {
    handle(message);
  } catch {
    // The provider's side checked what it sent (sdp-media.ts); nothing else is ours to report.
  }
});

function handle(message: ToMediaThread): void {
  switch (message.op) {
    case 'open':
      return void open(message.leg, message.symmetric);
    case 'follow':
      return legs.get(message.leg)?.audio.follow(message.remote, message.local);
    case 'play':
      return play(message.leg, message.playback, message.samples);
    case 'feed':
      return feeds.get(message.playback)?.push(message.samples);
    case 'cancel':
      return playbacks.get(message.playback)?.cancel();
    case 'listen':
      return listen(message.leg, message.on);
    case 'digits':
      return legs.get(message.leg)?.audio.sendDigits(message.digits);
    case 'close':
      return void close(message.leg);
  }
}

// The counters of every leg, now and then, for the provider's stats().
setInterval(() => {
  if (legs.size > 0) post({ op: 'counters', legs: [...legs].map(([leg, { audio }]) => [leg, { ...audio.counters }]) });
}, data.countersEveryMs).unref();
