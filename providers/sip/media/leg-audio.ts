/**
 * The RTP side of a call's media leg, wherever it runs: what the leg (`call-media.ts`, the SDP
 * side) tells it and asks of it. {@link RtpAudio} runs it in the provider's thread; a media thread
 * (`media-thread.ts`, `threaded-audio.ts`) runs it on a worker of its own, so that hundreds of
 * calls' packets, 50 a second each way, are paced away from the call control's event loop.
 */
import type { FrameSource, Playback } from '../../media/pcm-player.js';
import type { Clock } from '../../provider.js';
import type { Direction } from './direction.js';
import type { RtpCounters } from './rtp-session.js';
import type { RemoteAudio } from './sdp-media.js';

/** A key the far end pressed: as RFC 4733 events, or found in its audio (`inband`). */
export type DigitListener = (digit: string, via: 'rfc4733' | 'inband') => void;

/** Options of opening a leg's audio. */
export interface LegAudioOptions {
  /** The clock of the pacing, RTCP and digit timing (a media thread keeps the real one). */
  clock: Clock;
  /** Let the first packet from elsewhere move the far end there (RtpSession's `symmetric`). */
  symmetric?: boolean;
  /** Each key the far end pressed, told once per press. */
  onDigit: DigitListener;
}

/** One call's RTP: a session on its ports, the audio played and heard, the keys both ways. */
export interface LegAudio {
  /** Our RTP port, as our SDP gives it. */
  readonly rtpPort: number;
  /** Our RTCP port when RTCP is not muxed (RTP's + 1, RFC 3550 §11). */
  readonly rtcpPort: number;
  /** What the RTP session counted (on a media thread, as of its last report). */
  readonly counters: Readonly<RtpCounters>;
  /**
   * The far end's latest SDP and our direction beside it (RFC 3264 §5.1, §8): where RTP goes, in
   * which codec, what is sent and heard.
   */
  follow(remote: RemoteAudio, local: Direction): void;
  /** Play to the far end, paced here (the contract's `CallMedia.play`). */
  play(source: FrameSource): Playback;
  /** Hear the far end's frames of 160 samples; returns the function that stops listening. */
  onReceive(listener: (frame: Int16Array) => void): () => void;
  /** Queue digits as RFC 4733 events with the far end's telephone-event payload type. */
  sendDigits(digits: string): void;
  /** No more frames or digits, an RTCP BYE, the ports released; resolves with the final counters. */
  close(): Promise<Readonly<RtpCounters>>;
}

/** Where legs' audio runs: this thread, or media threads. */
export interface AudioHost {
  /** A leg's audio on ports of the range; rejects with RESOURCEUNAVAIL when none is free. */
  open(options: LegAudioOptions): Promise<LegAudio>;
  /** After every leg is closed: end what the host runs (its threads). */
  close(): Promise<void>;
}
