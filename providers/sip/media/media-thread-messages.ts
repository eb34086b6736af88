/**
 * The messages between the SIP provider and a media thread (`media-thread.ts`, driven by
 * `threaded-audio.ts`): each names the leg (a call's RTP side) or the playback it is about by a
 * number the provider chose. Plain data only: they cross `postMessage`'s structured clone.
 */
import type { Direction } from './direction.js';
import type { RtpCounters } from './rtp-session.js';
import type { RemoteAudio } from './sdp-media.js';

/** What the thread is started with (`workerData`): its share of the port range. */
export interface MediaThreadData {
  address: string;
  min: number;
  max: number;
  /** How often the thread reports its legs' counters, ms. */
  countersEveryMs: number;
}

/** From the provider to the thread. */
export type ToMediaThread =
  | { op: 'open'; leg: number; symmetric: boolean }
  | { op: 'follow'; leg: number; remote: RemoteAudio; local: Direction }
  /** Play `samples` whole; or, with null, what `feed` brings, as the thread asks for it (`more`). */
  | { op: 'play'; leg: number; playback: number; samples: Int16Array | null }
  /** The next samples of a fed playback, or null: there are no more. */
  | { op: 'feed'; playback: number; samples: Int16Array | null }
  | { op: 'cancel'; playback: number }
  /** Whether the provider wants the frames heard on this leg. */
  | { op: 'listen'; leg: number; on: boolean }
  | { op: 'digits'; leg: number; digits: string }
  | { op: 'close'; leg: number };

/** From the thread to the provider. */
export type FromMediaThread =
  | { op: 'opened'; leg: number; rtpPort: number; rtcpPort: number }
  | { op: 'failed'; leg: number; message: string }
  | { op: 'digit'; leg: number; digit: string; via: 'rfc4733' | 'inband' }
  /** Frames heard on listening legs: frame i (160 samples of `samples`) on leg `legs[i]`. */
  | { op: 'frames'; legs: number[]; samples: Int16Array }
  /** A fed playback has less than its lookahead queued: the next samples, please. */
  | { op: 'more'; playback: number }
  | { op: 'played'; playback: number; reason: 'done' | 'cancelled'; frames: number; error?: string }
  | { op: 'counters'; legs: Array<[leg: number, counters: RtpCounters]> }
  | { op: 'closed'; leg: number; counters: RtpCounters };
