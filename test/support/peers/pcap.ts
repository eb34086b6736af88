/**
 * A capture file of UDP datagrams, as SIPp's `play_pcap_audio` reads one: the classic pcap format
 * (libpcap's "savefile": a 24-byte global header, then per packet a 16-byte record header and the
 * frame), link type Ethernet (DLTs EN10MB), each frame Ethernet II + IPv4 (RFC 791) + UDP
 * (RFC 768) around the payload. SIPp keeps only the UDP header and payload and rewrites the ports
 * and addresses to the call's, so the addresses written here are placeholders (192.0.2.0/24,
 * RFC 5737's documentation range: nothing ever sends to them) and the UDP checksum is left 0
 * ("no checksum", RFC 768), which SIPp recomputes.
 */

/** One datagram of a capture: when it was "seen", in ms from the first, and its UDP payload. */
export interface CapturedDatagram {
  atMs: number;
  payload: Uint8Array;
}

/** The pcap magic of a little-endian file with microsecond timestamps. */
const PCAP_MAGIC = 0xa1b2c3d4;
/** LINKTYPE_ETHERNET. */
const LINKTYPE_ETHERNET = 1;
const ETHERNET = 14;
const IPV4 = 20;
const UDP = 8;
/** The ports the frames carry; SIPp plays every packet to the call's port plus (port − lowest port). */
const PORT = 6000;

/** The 14 + 20 + 8 bytes in front of a payload of `length` bytes. */
function frameHeader(length: number): Uint8Array {
  const bytes = new Uint8Array(ETHERNET + IPV4 + UDP);
  const view = new DataView(bytes.buffer);
  // Ethernet II: destination and source MAC (locally administered), EtherType IPv4.
  bytes.set([0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01], 0);
  view.setUint16(12, 0x0800);
  // IPv4: version 4, IHL 5, total length, TTL 64, protocol 17 (UDP), 192.0.2.1 → 192.0.2.2.
  view.setUint8(ETHERNET, 0x45);
  view.setUint16(ETHERNET + 2, IPV4 + UDP + length);
  view.setUint8(ETHERNET + 8, 64);
  view.setUint8(ETHERNET + 9, 17);
  bytes.set([192, 0, 2, 1, 192, 0, 2, 2], ETHERNET + 12);
  view.setUint16(ETHERNET + 10, ipChecksum(bytes.subarray(ETHERNET, ETHERNET + IPV4)));
  // UDP: ports, length (header included), checksum 0.
  view.setUint16(ETHERNET + IPV4, PORT);
  view.setUint16(ETHERNET + IPV4 + 2, PORT);
  view.setUint16(ETHERNET + IPV4 + 4, UDP + length);
  return bytes;
}

/** The IPv4 header checksum (RFC 791 §3.1): the ones' complement of the ones' complement sum. */
function ipChecksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += (header[i] << 8) | header[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

/**
 * The bytes of a pcap file holding `datagrams`, in order, stamped from the epoch's start plus
 * their `atMs`.
 *
 * @example
 * ```ts
 * writeFileSync('tone.pcap', pcapFile([{ atMs: 0, payload: rtpBytes }]));
 * ```
 */
export function pcapFile(datagrams: readonly CapturedDatagram[]): Uint8Array {
  const size = 24 + datagrams.reduce((total, d) => total + 16 + ETHERNET + IPV4 + UDP + d.payload.length, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, PCAP_MAGIC, true);
  view.setUint16(4, 2, true); // version 2.4
  view.setUint16(6, 4, true);
  view.setUint32(16, 65535, true); // snaplen
  view.setUint32(20, LINKTYPE_ETHERNET, true);
  let at = 24;
  for (const { atMs, payload } of datagrams) {
    const frame = ETHERNET + IPV4 + UDP + payload.length;
    const micros = Math.round(atMs * 1000);
    view.setUint32(at, Math.floor(micros / 1e6), true);
    view.setUint32(at + 4, micros % 1e6, true);
    // Captured length = length on the wire: SIPp refuses truncated packets.
    view.setUint32(at + 8, frame, true);
    view.setUint32(at + 12, frame, true);
    bytes.set(frameHeader(payload.length), at + 16);
    bytes.set(payload, at + 16 + ETHERNET + IPV4 + UDP);
    at += 16 + frame;
  }
  return bytes;
}

/**
 * The UDP payloads of a pcap file this module wrote (and their times), for the tests of the
 * writer: record headers walked, frames' EtherType, protocol and UDP length checked.
 */
export function readPcapFile(bytes: Uint8Array): CapturedDatagram[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== PCAP_MAGIC || view.getUint32(20, true) !== LINKTYPE_ETHERNET) throw new Error('not a little-endian Ethernet pcap file');
  const datagrams: CapturedDatagram[] = [];
  for (let at = 24; at + 16 <= bytes.length; ) {
    const seconds = view.getUint32(at, true);
    const micros = view.getUint32(at + 4, true);
    const captured = view.getUint32(at + 8, true);
    const frame = at + 16;
    if (view.getUint16(frame + 12) !== 0x0800 || view.getUint8(frame + ETHERNET + 9) !== 17) throw new Error(`frame at ${at}: not IPv4/UDP`);
    const udpLength = view.getUint16(frame + ETHERNET + IPV4 + 4);
    if (udpLength !== captured - ETHERNET - IPV4) throw new Error(`frame at ${at}: UDP length ${udpLength}, frame ${captured}`);
    datagrams.push({ atMs: seconds * 1000 + micros / 1000, payload: bytes.slice(frame + ETHERNET + IPV4 + UDP, frame + captured) });
    at = frame + captured;
  }
  return datagrams;
}
