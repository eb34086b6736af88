/**
 * An RTP packet as bytes and back (RFC 3550 §5.1, the fixed header). Written here rather than
 * taken from a library: it is one fixed 12-byte header and a few lists, and a parser that media
 * from any address reaches must return null on hostile input instead of throwing (issue 16), which
 * is easiest to promise for code we hold.
 */

/** One RTP packet (RFC 3550 §5.1). */
export interface RtpPacket {
  /** The marker bit: the first packet of a talkspurt or of an event (RFC 3551 §4.1, RFC 4733 §2.5.1.1). */
  marker: boolean;
  /** 0-127. */
  payloadType: number;
  /** 0-65535, wrapping. */
  sequence: number;
  /** 0-2^32−1, wrapping. */
  timestamp: number;
  /** 0-2^32−1. */
  ssrc: number;
  /** At most 15 contributing sources (the CC field has four bits). */
  csrcs: number[];
  /** The header extension (RFC 3550 §5.3.1), or null when the X bit is clear. */
  extension: { profile: number; data: Uint8Array } | null;
  /** The payload, without padding (a parsed packet's is a view of the datagram's bytes). */
  payload: Uint8Array;
  /** Padding bytes after the payload, 0-255 (0 for none), the count byte included (RFC 3550 §5.1, P). */
  padding: number;
}

const FIXED_HEADER = 12;

/**
 * The bytes of an RTP packet. The extension data is padded with zeros to whole 32-bit words, as
 * its length field counts words (RFC 3550 §5.3.1).
 *
 * @example
 * ```ts
 * const bytes = serialiseRtp({
 *   marker: true, payloadType: 0, sequence: 1, timestamp: 160, ssrc: 0x1234,
 *   csrcs: [], extension: null, payload: new Uint8Array(160), padding: 0,
 * });
 * bytes.length; // 172
 * ```
 */
export function serialiseRtp(packet: RtpPacket): Uint8Array {
  // The bytes are the only allocation (no DataView, no copy of the CSRC list): a call sends fifty
  // packets a second, and a media thread carries hundreds of calls (BENCHMARKS.md, "Media streams").
  const csrcs = packet.csrcs.length > 15 ? packet.csrcs.slice(0, 15) : packet.csrcs;
  const extWords = packet.extension ? Math.ceil(packet.extension.data.length / 4) : 0;
  const extBytes = packet.extension ? 4 + extWords * 4 : 0;
  const headerBytes = FIXED_HEADER + csrcs.length * 4 + extBytes;
  const bytes = new Uint8Array(headerBytes + packet.payload.length + packet.padding);
  // §5.1: V=2 in the top two bits, then P, X and CC.
  bytes[0] = 0x80 | (packet.padding > 0 ? 0x20 : 0) | (packet.extension ? 0x10 : 0) | csrcs.length;
  bytes[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  put16(bytes, 2, packet.sequence);
  put32(bytes, 4, packet.timestamp);
  put32(bytes, 8, packet.ssrc);
  for (let i = 0; i < csrcs.length; i++) put32(bytes, FIXED_HEADER + i * 4, csrcs[i]);
  if (packet.extension) {
    const at = FIXED_HEADER + csrcs.length * 4;
    put16(bytes, at, packet.extension.profile);
    put16(bytes, at + 2, extWords);
    bytes.set(packet.extension.data, at + 4);
  }
  bytes.set(packet.payload, headerBytes);
  // §5.1: the last octet of the padding holds how many padding octets there are, itself included.
  if (packet.padding > 0) bytes[bytes.length - 1] = packet.padding;
  return bytes;
}

/**
 * The RTP packet in `bytes`, or null when they are not one: shorter than the header, a version
 * other than 2, CSRCs or an extension that run past the end, or padding longer than what follows
 * the header (RFC 3550 §5.1, and the validity checks of its Appendix A.1). Never throws.
 *
 * @example
 * ```ts
 * parseRtp(new Uint8Array([0x80, 0x00, 0, 1, 0, 0, 0, 160, 0, 0, 0x12, 0x34]))?.timestamp; // 160
 * parseRtp(new Uint8Array([0x40, 0x00])); // null
 * ```
 */
export function parseRtp(bytes: Uint8Array): RtpPacket | null {
  if (bytes.length < FIXED_HEADER) return null;
  const first = bytes[0];
  if (first >> 6 !== 2) return null;
  const hasPadding = (first & 0x20) !== 0;
  const hasExtension = (first & 0x10) !== 0;
  const csrcCount = first & 0x0f;
  let at = FIXED_HEADER + csrcCount * 4;
  if (at > bytes.length) return null;
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrcs.push(get32(bytes, FIXED_HEADER + i * 4));
  let extension: RtpPacket['extension'] = null;
  if (hasExtension) {
    if (at + 4 > bytes.length) return null;
    const words = get16(bytes, at + 2);
    const end = at + 4 + words * 4;
    if (end > bytes.length) return null;
    extension = { profile: get16(bytes, at), data: bytes.slice(at + 4, end) };
    at = end;
  }
  let padding = 0;
  if (hasPadding) {
    // §5.1: the count includes itself, so 0 is not valid, and it cannot reach into the header.
    padding = bytes[bytes.length - 1];
    if (padding === 0 || padding > bytes.length - at) return null;
  }
  return {
    marker: (bytes[1] & 0x80) !== 0,
    payloadType: bytes[1] & 0x7f,
    sequence: get16(bytes, 2),
    timestamp: get32(bytes, 4),
    ssrc: get32(bytes, 8),
    csrcs,
    extension,
    // A view, not a copy: a datagram's bytes are its own (dgram gives each message a fresh buffer).
    payload: bytes.subarray(at, bytes.length - padding),
    padding,
  };
}

/** Big-endian (network order, RFC 3550 §5.1) 16 and 32 bits, written and read. */
function put16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 8) & 0xff;
  bytes[at + 1] = value & 0xff;
}

function put32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}

function get16(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

function get32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}
