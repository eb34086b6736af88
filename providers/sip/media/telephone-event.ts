/**
 * DTMF as RTP events (RFC 4733): the four-byte telephone-event payload, and a receiver that turns
 * the packets of a stream into digits, each reported once.
 */
import type { RtpPacket } from './rtp-packet.js';

/** One telephone-event payload (RFC 4733 §2.3). */
export interface TelephoneEvent {
  /** The event code, 0-255: 0-9, 10 `*`, 11 `#`, 12-15 `A`-`D` for DTMF (RFC 4733 §3.2). */
  event: number;
  /** The E bit: this packet ends the event. */
  end: boolean;
  /** The R bit, reserved: sent 0, kept as received. */
  reserved: boolean;
  /** 0-63: the power level in −dBm0 (RFC 4733 §2.3.4). */
  volume: number;
  /** 0-65535: the duration so far, in timestamp units (RFC 4733 §2.3.5). */
  duration: number;
}

/**
 * The four bytes of a telephone-event payload (RFC 4733 §2.3: event, E|R|volume, duration).
 *
 * @example
 * ```ts
 * serialiseTelephoneEvent({ event: 5, end: true, reserved: false, volume: 10, duration: 800 });
 * // Uint8Array [5, 0x8a, 0x03, 0x20]
 * ```
 */
export function serialiseTelephoneEvent(event: TelephoneEvent): Uint8Array {
  return Uint8Array.of(
    event.event & 0xff,
    (event.end ? 0x80 : 0) | (event.reserved ? 0x40 : 0) | (event.volume & 0x3f),
    (event.duration >> 8) & 0xff,
    event.duration & 0xff,
  );
}

/**
 * The telephone event in an RTP payload, or null when it is shorter than four bytes. Only the
 * first event is read: packets that pack several events (RFC 4733 §2.5.1) are not handled yet.
 *
 * @example
 * ```ts
 * parseTelephoneEvent(Uint8Array.of(5, 0x8a, 0x03, 0x20))?.duration; // 800
 * parseTelephoneEvent(Uint8Array.of(5)); // null
 * ```
 */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | null {
  if (payload.length < 4) return null;
  return {
    event: payload[0],
    end: (payload[1] & 0x80) !== 0,
    reserved: (payload[1] & 0x40) !== 0,
    volume: payload[1] & 0x3f,
    duration: (payload[2] << 8) | payload[3],
  };
}

/** How many sources' last events a receiver keeps: a source switched back and forth, and room to spare. */
const SOURCES_KEPT = 4;

/** The DTMF digit of event codes 0-15 (RFC 4733 §3.2), in order. */
const DTMF_DIGITS = '0123456789*#ABCD';

/** One event the receiver reports. */
export interface ReceivedEvent {
  /** The event code. */
  event: number;
  /** Its DTMF digit, or null for an event code above 15. */
  digit: string | null;
  /** The RTP timestamp that identifies it. */
  timestamp: number;
  /** Its first packet seen had no marker: the start packet was lost (RFC 4733 §2.5.1 marks it). */
  startLost: boolean;
}

/**
 * Turns the telephone-event packets of one RTP stream into events, each reported once.
 *
 * The rules, from RFC 4733: every packet of one event carries the event's start timestamp
 * (§2.5.1), so the timestamp, not the marker or the E bit, tells one event from the next, and
 * two presses of the same key are two events because their timestamps differ. The start packet
 * may be lost, and the final packet is sent three times (§2.5.1), so the event is reported on
 * the first packet seen with a new timestamp, whichever it is, and its other packets are ignored.
 * A late packet of an earlier event (a timestamp behind the last, in 32-bit serial order since
 * timestamps wrap) is ignored too, so reordering cannot report a digit twice.
 */
export class TelephoneEventReceiver {
  /**
   * The last event timestamp of each source lately heard, oldest first: each source numbers its
   * own (RFC 3550 §5.1, §8.2; RFC 4733 §2.5.1.3), so a new one is compared with nothing, and a
   * late packet of the one before (its end sent three times) still with its own.
   */
  private readonly last = new Map<number | undefined, number>();

  /**
   * Takes one packet of the stream (its timestamp, marker and payload); returns the event when
   * this packet is the first seen of it, else null. A malformed payload is ignored (null).
   *
   * @example
   * ```ts
   * const receiver = new TelephoneEventReceiver();
   * const end = { timestamp: 160, marker: false, payload: Uint8Array.of(1, 0x8a, 0x03, 0x20) };
   * receiver.receive(end); // { event: 1, digit: '1', timestamp: 160, startLost: true }
   * receiver.receive(end); // null (the end is sent three times)
   * ```
   */
  receive(packet: Pick<RtpPacket, 'timestamp' | 'marker' | 'payload'> & { ssrc?: number }): ReceivedEvent | null {
    const event = parseTelephoneEvent(packet.payload);
    if (!event) return null;
    const timestamp = packet.timestamp >>> 0;
    // Another source (the far end restarted its stream, or another device took the call over) has
    // a random timestamp of its own (RFC 3550 §5.1): compared with the old one's, its events would
    // be lost as old, or the old one's late ends taken as new. Each is compared with its own.
    const last = this.last.get(packet.ssrc);
    if (last !== undefined && !isAfter(timestamp, last)) return null;
    this.last.delete(packet.ssrc);
    this.last.set(packet.ssrc, timestamp);
    if (this.last.size > SOURCES_KEPT) this.last.delete(this.last.keys().next().value);
    const digit = DTMF_DIGITS[event.event] ?? null;
    return { event: event.event, digit, timestamp, startLost: !packet.marker };
  }
}

/** Whether timestamp `a` is later than `b`, in the serial order of 32-bit wrapping numbers (RFC 1982 §3.2). */
function isAfter(a: number, b: number): boolean {
  const diff = (a - b) >>> 0;
  return diff !== 0 && diff < 0x80000000;
}
