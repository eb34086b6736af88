/**
 * One RTP stream (RFC 3550) as the datagrams of a capture, for SIPp to play with
 * `play_pcap_audio`: audio as PCMU (payload type 0, RFC 3551 §4.5.14) in 20 ms packets, and keys
 * as RFC 4733 telephone-events (payload type 101 unless said), in one SSRC, one sequence and one
 * timestamp space, stamped with the times a real phone would send them at.
 *
 * A key is sent as phones send it (RFC 4733 §2.5.1): a start packet with the marker, an update
 * every 20 ms with the duration so far, the end packet three times, all with the event's start
 * timestamp; no audio packets while it lasts, then a pause before the next part.
 */
import { FRAME_MS, FRAME_SAMPLES } from '../../../providers/media/pcm.js';
import { muLawEncodeBuffer } from '../../../providers/sip/media/g711.js';
import { serialiseRtp } from '../../../providers/sip/media/rtp-packet.js';
import { serialiseTelephoneEvent } from '../../../providers/sip/media/telephone-event.js';
import type { CapturedDatagram } from './pcap.js';

/** A part of the stream: audio (8 kHz PCM, cut into 20 ms packets), or keys pressed one after the other. */
export type StreamPart = Int16Array | { digits: string; eachMs?: number; gapMs?: number };

/** Options of {@link rtpStream}. */
export interface RtpStreamOptions {
  /** The telephone-event payload type (the one the capture's SDP offers). Default 101. */
  eventPayloadType?: number;
  ssrc?: number;
}

const EVENT_CODES = '0123456789*#ABCD';
/** Samples a millisecond at 8 kHz (PCMU and telephone-event, RFC 4733 §2.3.1). */
const PER_MS = 8;

/**
 * The datagrams of `parts` played in order.
 *
 * @example
 * ```ts
 * const capture = pcapFile(rtpStream([tone(1000, 1000), silence(200), { digits: '42#' }]));
 * ```
 */
export function rtpStream(parts: readonly StreamPart[], options: RtpStreamOptions = {}): CapturedDatagram[] {
  const { eventPayloadType = 101, ssrc = 0x5eed_0001 } = options;
  const datagrams: CapturedDatagram[] = [];
  let sequence = 1000;
  let timestamp = 160_000;
  let atMs = 0;
  let talkspurt = true;
  const packet = (payloadType: number, marker: boolean, stamp: number, payload: Uint8Array, sentAt: number) =>
    datagrams.push({ atMs: sentAt, payload: serialiseRtp({ marker, payloadType, sequence: sequence++ & 0xffff, timestamp: stamp >>> 0, ssrc, csrcs: [], extension: null, payload, padding: 0 }) });
  for (const part of parts) {
    if (part instanceof Int16Array) {
      for (let at = 0; at < part.length; at += FRAME_SAMPLES) {
        const frame = new Int16Array(FRAME_SAMPLES);
        frame.set(part.subarray(at, at + FRAME_SAMPLES));
        // The first packet after keys (or the first of all) starts a talkspurt (RFC 3551 §4.1).
        packet(0, talkspurt, timestamp, muLawEncodeBuffer(frame), atMs);
        talkspurt = false;
        timestamp += FRAME_SAMPLES;
        atMs += FRAME_MS;
      }
      continue;
    }
    const { digits, eachMs = 100, gapMs = 100 } = part;
    for (const digit of digits) {
      const event = EVENT_CODES.indexOf(digit.toUpperCase());
      if (event < 0) throw new Error(`not a DTMF key: ${digit}`);
      const start = timestamp;
      for (let at = 0; at < eachMs; at += FRAME_MS) {
        packet(eventPayloadType, at === 0, start, serialiseTelephoneEvent({ event, end: false, reserved: false, volume: 10, duration: at * PER_MS }), atMs + at);
      }
      for (let i = 0; i < 3; i++) {
        packet(eventPayloadType, false, start, serialiseTelephoneEvent({ event, end: true, reserved: false, volume: 10, duration: eachMs * PER_MS }), atMs + eachMs + i * FRAME_MS);
      }
      timestamp += (eachMs + gapMs) * PER_MS;
      atMs += eachMs + gapMs;
      talkspurt = true;
    }
  }
  return datagrams;
}
