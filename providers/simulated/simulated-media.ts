/**
 * The simulated far end's ears and mouth (rule 13 of the provider contract): what the core plays to
 * a connected call is kept as the PCM the far end heard (`sim.heard()`), and the far end can say
 * PCM to the core (`sim.sayAudio()`), paced at 20 ms a frame on the line's clock, so an IVR's
 * prompts and recordings are testable without a network, deterministically.
 */
import { concatPcm, FRAME_SAMPLES } from '../media/pcm.js';
import { endedPlayback, type FrameSource, type Playback, playPcm } from '../media/pcm-player.js';
import type { CallMedia, Clock } from '../provider.js';

/** What the far end keeps of what it heard at most: ten minutes (then the oldest goes). */
export const MAX_HEARD_FRAMES = (10 * 60 * 1000) / 20;

/** The audio of one simulated call. */
export class SimulatedMedia implements CallMedia {
  private readonly frames: Int16Array[] = [];
  private readonly listeners = new Set<(frame: Int16Array) => void>();
  /** What the core plays and what the far end says, under way. */
  private readonly playbacks = new Set<Playback>();
  private stopped = false;

  constructor(private readonly clock: Clock) {}

  /** The core plays `source`: the far end hears a frame every 20 ms of the line's clock. */
  play(source: FrameSource): Playback {
    if (this.stopped) return endedPlayback();
    return this.track(playPcm(source, (frame) => this.hear(frame), this.clock));
  }

  onReceive(listener: (frame: Int16Array) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Everything the far end heard so far, in order. */
  heard(): Int16Array {
    return concatPcm(this.frames);
  }

  /** The far end says `pcm`: one 20 ms frame to the core's listeners every 20 ms of the clock. */
  say(pcm: Int16Array): void {
    if (this.stopped) return;
    this.track(
      playPcm(pcm, (frame) => {
        for (const listener of [...this.listeners]) listener(frame);
      }, this.clock),
    );
  }

  /** The call is gone: stop playing and talking, forget the listeners. */
  stop(): void {
    this.stopped = true;
    for (const playback of this.playbacks) playback.cancel();
    this.playbacks.clear();
    this.listeners.clear();
  }

  /** One frame the far end hears. */
  private hear(frame: Int16Array): void {
    this.frames.push(frame.slice(0, FRAME_SAMPLES));
    if (this.frames.length > MAX_HEARD_FRAMES) this.frames.shift();
  }

  private track(playback: Playback): Playback {
    this.playbacks.add(playback);
    void playback.result.finally(() => this.playbacks.delete(playback)).catch(() => {});
    return playback;
  }
}
