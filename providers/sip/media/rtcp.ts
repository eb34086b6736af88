/**
 * RTCP packets as bytes and back (RFC 3550 §6): the Sender Report (§6.4.1), the Receiver Report
 * (§6.4.2), the source description with its CNAME (§6.5) and BYE (§6.6), in the compound packet
 * an RTCP datagram is (§6.1), or in a reduced-size one (RFC 5506: one that does not start with an
 * SR or RR, such as a lone feedback message or BYE). Other packet types (APP, XR, feedback) are
 * kept as their type only. The parser reads what any address may send, so it returns null on
 * malformed input and never throws, as the RTP parser does (`rtp-packet.ts`).
 */

/** One reception report block (RFC 3550 §6.4.1): how we hear one source. */
export interface ReportBlock {
  /** The source reported on. */
  ssrc: number;
  /** 0-255: the fraction of its packets lost since the last report, in 1/256. */
  fractionLost: number;
  /** Packets lost since the start, a 24-bit signed number (duplicates can make it negative). */
  cumulativeLost: number;
  /** The extended highest sequence number received: cycles in the upper 16 bits (Appendix A.1). */
  highestSequence: number;
  /** The interarrival jitter, in timestamp units (Appendix A.8). */
  jitter: number;
  /** The middle 32 bits of the NTP timestamp of the last SR from that source (LSR), 0 if none. */
  lastSr: number;
  /** Time since that SR, in 1/65536 s (DLSR), 0 if none. */
  delaySinceLastSr: number;
}

/** A Sender Report (RFC 3550 §6.4.1): what an active sender has sent, and what it hears. */
export interface SenderReport {
  type: 'SR';
  ssrc: number;
  /** The NTP timestamp (RFC 5905 §6: seconds since 1900 and a 32-bit fraction) of this report. */
  ntp: NtpTimestamp;
  /** The RTP timestamp of the same instant. */
  rtpTimestamp: number;
  /** Packets sent since the start. */
  packetCount: number;
  /** Payload octets sent since the start. */
  octetCount: number;
  /** At most 31 (the RC field has five bits). */
  reports: ReportBlock[];
}

/** A Receiver Report (RFC 3550 §6.4.2): an SR without the sender part. */
export interface ReceiverReport {
  type: 'RR';
  ssrc: number;
  reports: ReportBlock[];
}

/** A source description (RFC 3550 §6.5), of which only CNAME (§6.5.1) is read and written. */
export interface SourceDescription {
  type: 'SDES';
  /** One chunk per source; `cname` is null when a chunk has none. */
  chunks: { ssrc: number; cname: string | null }[];
}

/** BYE (RFC 3550 §6.6): these sources leave. */
export interface Bye {
  type: 'BYE';
  ssrcs: number[];
  /** The reason for leaving, or null. */
  reason: string | null;
}

/** A packet of a type not read here (APP, XR, feedback): its type only. */
export interface OtherRtcp {
  type: 'other';
  /** The packet type, 192-223 (RFC 5761 §4 leaves these to RTCP). */
  packetType: number;
}

export type RtcpPacket = SenderReport | ReceiverReport | SourceDescription | Bye | OtherRtcp;

/** An NTP timestamp: whole seconds since 1900-01-01 and a fraction in 1/2^32 s. */
export interface NtpTimestamp {
  seconds: number;
  fraction: number;
}

const SR = 200;
const RR = 201;
const SDES = 202;
const BYE = 203;
const CNAME = 1;
/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET = 2_208_988_800;
const REPORT_BLOCK = 24;

/**
 * The NTP timestamp of a time in Unix milliseconds (what `Clock.now()` gives).
 *
 * @example
 * ```ts
 * ntpFromMs(0); // { seconds: 2208988800, fraction: 0 }
 * ntpFromMs(500); // { seconds: 2208988800, fraction: 2147483648 }
 * ```
 */
export function ntpFromMs(ms: number): NtpTimestamp {
  const whole = Math.floor(ms / 1000);
  return { seconds: (whole + NTP_UNIX_OFFSET) >>> 0, fraction: Math.floor(((ms - whole * 1000) / 1000) * 2 ** 32) >>> 0 };
}

/**
 * The middle 32 bits of an NTP timestamp, as an SR is named in a report block's LSR field (RFC
 * 3550 §6.4.1), in which a round trip is counted (16.16 fixed point seconds).
 *
 * @example
 * ```ts
 * ntpMiddle({ seconds: 0x12345678, fraction: 0x9abcdef0 }); // 0x56789abc
 * ```
 */
export function ntpMiddle(ntp: NtpTimestamp): number {
  return (((ntp.seconds & 0xffff) << 16) | (ntp.fraction >>> 16)) >>> 0;
}

/**
 * Whether a datagram on a port that carries both is RTCP, not RTP (RFC 5761 §4): the second byte
 * of RTCP is its packet type, 192-223, which an RTP header reads as a marker and payload type
 * 64-95, a range RFC 5761 keeps free of RTP payload types for this reason.
 *
 * @example
 * ```ts
 * isRtcp(Uint8Array.of(0x80, 200)); // true: an SR
 * isRtcp(Uint8Array.of(0x80, 0)); // false: PCMU
 * ```
 */
export function isRtcp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[1] >= 192 && bytes[1] <= 223;
}

/**
 * The bytes of a compound RTCP packet (RFC 3550 §6.1): the packets in order, each padded to whole
 * 32-bit words as its length field counts words. The caller orders them as §6.1 asks (an SR or RR
 * first, then an SDES with a CNAME; a BYE last). An {@link OtherRtcp} is written as an empty packet
 * of its type.
 *
 * @example
 * ```ts
 * const bytes = serialiseRtcp([
 *   { type: 'RR', ssrc: 0x1234, reports: [] },
 *   { type: 'SDES', chunks: [{ ssrc: 0x1234, cname: 'a@127.0.0.1' }] },
 * ]);
 * bytes.length; // 32: the RR's 8, the SDES's 4 and its chunk's 20
 * ```
 */
export function serialiseRtcp(packets: readonly RtcpPacket[]): Uint8Array {
  const parts = packets.map(serialiseOne);
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

function serialiseOne(packet: RtcpPacket): Uint8Array {
  switch (packet.type) {
    case 'SR': {
      const reports = packet.reports.slice(0, 31);
      const { bytes, view } = header(SR, reports.length, 24 + reports.length * REPORT_BLOCK);
      view.setUint32(4, packet.ssrc >>> 0);
      view.setUint32(8, packet.ntp.seconds >>> 0);
      view.setUint32(12, packet.ntp.fraction >>> 0);
      view.setUint32(16, packet.rtpTimestamp >>> 0);
      view.setUint32(20, packet.packetCount >>> 0);
      view.setUint32(24, packet.octetCount >>> 0);
      reports.forEach((block, i) => writeBlock(view, 28 + i * REPORT_BLOCK, block));
      return bytes;
    }
    case 'RR': {
      const reports = packet.reports.slice(0, 31);
      const { bytes, view } = header(RR, reports.length, 4 + reports.length * REPORT_BLOCK);
      view.setUint32(4, packet.ssrc >>> 0);
      reports.forEach((block, i) => writeBlock(view, 8 + i * REPORT_BLOCK, block));
      return bytes;
    }
    case 'SDES': {
      const chunks = packet.chunks.slice(0, 31).map(sdesChunk);
      const { bytes } = header(SDES, chunks.length, chunks.reduce((sum, chunk) => sum + chunk.length, 0));
      let at = 4;
      for (const chunk of chunks) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
      return bytes;
    }
    case 'BYE': {
      const ssrcs = packet.ssrcs.slice(0, 31);
      const reason = packet.reason === null ? null : utf8(packet.reason, 255);
      const reasonBytes = reason ? pad4(1 + reason.length) : 0;
      const { bytes, view } = header(BYE, ssrcs.length, ssrcs.length * 4 + reasonBytes);
      ssrcs.forEach((ssrc, i) => view.setUint32(4 + i * 4, ssrc >>> 0));
      if (reason) {
        const at = 4 + ssrcs.length * 4;
        bytes[at] = reason.length;
        bytes.set(reason, at + 1);
      }
      return bytes;
    }
    case 'other':
      return header(packet.packetType & 0xff, 0, 0).bytes;
  }
}

/** A packet of `bodyBytes` after its four-byte header (RFC 3550 §6.4.1: V=2, P=0, count, type, length in words minus one). */
function header(type: number, count: number, bodyBytes: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(4 + pad4(bodyBytes));
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x80 | (count & 0x1f);
  bytes[1] = type;
  view.setUint16(2, bytes.length / 4 - 1);
  return { bytes, view };
}

function writeBlock(view: DataView, at: number, block: ReportBlock): void {
  view.setUint32(at, block.ssrc >>> 0);
  // §6.4.1: fraction lost (8 bits), then cumulative lost as 24-bit two's complement.
  view.setUint32(at + 4, (((block.fractionLost & 0xff) << 24) | (clampLost(block.cumulativeLost) & 0xffffff)) >>> 0);
  view.setUint32(at + 8, block.highestSequence >>> 0);
  view.setUint32(at + 12, block.jitter >>> 0);
  view.setUint32(at + 16, block.lastSr >>> 0);
  view.setUint32(at + 20, block.delaySinceLastSr >>> 0);
}

/** The cumulative number lost held in 24 signed bits, clamped as RFC 3550 Appendix A.3 says. */
export function clampLost(lost: number): number {
  return Math.max(-0x800000, Math.min(0x7fffff, Math.trunc(lost)));
}

/** One SDES chunk (§6.5): SSRC, the CNAME item, and the null items that end it on a word boundary. */
function sdesChunk(chunk: SourceDescription['chunks'][number]): Uint8Array {
  const cname = chunk.cname === null ? null : utf8(chunk.cname, 255);
  const items = cname ? 2 + cname.length : 0;
  // At least one null octet ends the item list, then pad to 32 bits (§6.5).
  const bytes = new Uint8Array(pad4(4 + items + 1));
  new DataView(bytes.buffer).setUint32(0, chunk.ssrc >>> 0);
  if (cname) {
    bytes[4] = CNAME;
    bytes[5] = cname.length;
    bytes.set(cname, 6);
  }
  return bytes;
}

/** Text as UTF-8, cut to `max` bytes (an SDES item and a BYE reason have one length octet). */
function utf8(text: string, max: number): Uint8Array {
  return new TextEncoder().encode(text).slice(0, max);
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * The packets of an RTCP datagram, compound (RFC 3550 §6.1) or reduced-size (RFC 5506), or null
 * when the bytes are not RTCP. The checks are RFC 3550 Appendix A.2's, less the one RFC 5506
 * §3.4.2 drops for reduced-size RTCP (that the first packet is an SR or RR): version 2 in every
 * packet, padding only in the last, the lengths adding up to the datagram exactly, every type
 * 192-223 (RFC 5761 §4), and every packet we read inside its length. Never throws.
 *
 * @example
 * ```ts
 * parseRtcp(serialiseRtcp([{ type: 'RR', ssrc: 7, reports: [] }])); // [{ type: 'RR', ssrc: 7, reports: [] }]
 * parseRtcp(Uint8Array.of(0x81, 206, 0, 2, 0, 0, 0, 7, 0, 0, 0, 9)); // [{ type: 'other', packetType: 206 }]: a lone PLI
 * parseRtcp(Uint8Array.of(0x81, 203, 0, 2, 0, 0, 0, 7)); // null: its length says 12 bytes, the datagram has 8
 * ```
 */
export function parseRtcp(bytes: Uint8Array): RtcpPacket[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: RtcpPacket[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 4 > bytes.length) return null;
    const first = bytes[at];
    const type = bytes[at + 1];
    const end = at + (view.getUint16(at + 2) + 1) * 4;
    if (first >> 6 !== 2 || end > bytes.length) return null;
    let bodyEnd = end;
    if (first & 0x20) {
      // §6.4.1: only the last packet of a compound may be padded; the last octet counts the padding.
      const padding = bytes[end - 1];
      if (end !== bytes.length || padding === 0 || padding > end - at - 4) return null;
      bodyEnd = end - padding;
    }
    // No check that the first packet is an SR or RR (RFC 3550 A.2 has one): RFC 5506 lets a
    // far end that agreed a=rtcp-rsize, or that sends it anyway as baresip does, start with any
    // type, and a receiver should take it. What is left (the version, the lengths adding up, the
    // padding, the type range) still tells RTCP from stray bytes.
    const packet = parseOne(view, type, first & 0x1f, at + 4, bodyEnd);
    if (!packet) return null;
    packets.push(packet);
    at = end;
  }
  return packets.length > 0 ? packets : null;
}

/** The packet whose body is `bytes[from, to)`, or null when its fields run past `to`. */
function parseOne(view: DataView, type: number, count: number, from: number, to: number): RtcpPacket | null {
  switch (type) {
    case SR: {
      if (from + 24 + count * REPORT_BLOCK > to) return null;
      return {
        type: 'SR',
        ssrc: view.getUint32(from),
        ntp: { seconds: view.getUint32(from + 4), fraction: view.getUint32(from + 8) },
        rtpTimestamp: view.getUint32(from + 12),
        packetCount: view.getUint32(from + 16),
        octetCount: view.getUint32(from + 20),
        reports: readBlocks(view, from + 24, count),
      };
    }
    case RR: {
      if (from + 4 + count * REPORT_BLOCK > to) return null;
      return { type: 'RR', ssrc: view.getUint32(from), reports: readBlocks(view, from + 4, count) };
    }
    case SDES:
      return parseSdes(view, count, from, to);
    case BYE: {
      const reasonAt = from + count * 4;
      if (reasonAt > to) return null;
      const ssrcs = Array.from({ length: count }, (_, i) => view.getUint32(from + i * 4));
      if (reasonAt === to) return { type: 'BYE', ssrcs, reason: null };
      const length = view.getUint8(reasonAt);
      if (reasonAt + 1 + length > to) return null;
      return { type: 'BYE', ssrcs, reason: text(view, reasonAt + 1, length) };
    }
    default:
      // RFC 5761 §4: RTCP packet types are 192-223; anything else is not RTCP.
      return type >= 192 && type <= 223 ? { type: 'other', packetType: type } : null;
  }
}

function readBlocks(view: DataView, from: number, count: number): ReportBlock[] {
  return Array.from({ length: count }, (_, i) => {
    const at = from + i * REPORT_BLOCK;
    const lost = view.getUint32(at + 4);
    return {
      ssrc: view.getUint32(at),
      fractionLost: lost >>> 24,
      // 24-bit two's complement: shift it to the top and back to sign-extend.
      cumulativeLost: (lost << 8) >> 8,
      highestSequence: view.getUint32(at + 8),
      jitter: view.getUint32(at + 12),
      lastSr: view.getUint32(at + 16),
      delaySinceLastSr: view.getUint32(at + 20),
    };
  });
}

/** The chunks of an SDES packet (§6.5): each an SSRC and items up to a null octet, then padding to a word. */
function parseSdes(view: DataView, count: number, from: number, to: number): SourceDescription | null {
  const chunks: SourceDescription['chunks'] = [];
  let at = from;
  for (let i = 0; i < count; i++) {
    if (at + 4 > to) return null;
    const chunk: SourceDescription['chunks'][number] = { ssrc: view.getUint32(at), cname: null };
    at += 4;
    for (;;) {
      if (at >= to) return null;
      const item = view.getUint8(at);
      if (item === 0) break;
      if (at + 2 > to) return null;
      const length = view.getUint8(at + 1);
      if (at + 2 + length > to) return null;
      if (item === CNAME) chunk.cname = text(view, at + 2, length);
      at += 2 + length;
    }
    // The null octet, and the padding to the next word.
    at = from + pad4(at + 1 - from);
    chunks.push(chunk);
  }
  return { type: 'SDES', chunks };
}

function text(view: DataView, at: number, length: number): string {
  return new TextDecoder().decode(new Uint8Array(view.buffer, view.byteOffset + at, length));
}
