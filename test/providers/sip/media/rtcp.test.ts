/**
 * RTCP (RFC 3550 §6): SR, RR, SDES CNAME and BYE round-trip in compound packets (§6.1), the bytes
 * are laid out as §6.4 draws them, and malformed or random bytes give null, never an exception:
 * RTCP from any address reaches the parser (issue 16). Reduced-size RTCP (RFC 5506), which does
 * not start with an SR or RR, parses when its structure holds: a lone BYE, SDES or PLI was read as
 * malformed, and a far end's BYE sent alone was lost.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isRtcp, ntpFromMs, ntpMiddle, parseRtcp, type ReportBlock, type RtcpPacket, serialiseRtcp,
} from '../../../../providers/sip/media/rtcp.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });

const block = fc.record<ReportBlock>({
  ssrc: u32,
  fractionLost: fc.integer({ min: 0, max: 255 }),
  cumulativeLost: fc.integer({ min: -0x800000, max: 0x7fffff }),
  highestSequence: u32,
  jitter: u32,
  lastSr: u32,
  delaySinceLastSr: u32,
});

const report: fc.Arbitrary<RtcpPacket> = fc.oneof(
  fc.record({
    type: fc.constant('SR' as const),
    ssrc: u32,
    ntp: fc.record({ seconds: u32, fraction: u32 }),
    rtpTimestamp: u32,
    packetCount: u32,
    octetCount: u32,
    reports: fc.array(block, { maxLength: 3 }),
  }),
  fc.record({ type: fc.constant('RR' as const), ssrc: u32, reports: fc.array(block, { maxLength: 3 }) }),
);

/** Text that fits an SDES item or a BYE reason (255 bytes) whole: ASCII up to 255 characters. */
const item: fc.Arbitrary<string> = fc.string({ maxLength: 255, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });

const sdes: fc.Arbitrary<RtcpPacket> = fc.record({
  type: fc.constant('SDES' as const),
  chunks: fc.array(fc.record({ ssrc: u32, cname: fc.option(item, { nil: null }) }), { maxLength: 3 }),
});

const bye: fc.Arbitrary<RtcpPacket> = fc.record({
  type: fc.constant('BYE' as const),
  ssrcs: fc.array(u32, { maxLength: 3 }),
  reason: fc.option(item, { nil: null }),
});

const any = fc.oneof(report, sdes, bye, fc.record({ type: fc.constant('other' as const), packetType: fc.integer({ min: 204, max: 223 }) }));

const compound = fc.tuple(report, fc.array(any, { maxLength: 4 })).map(([first, rest]) => [first, ...rest]);

/** Reduced-size RTCP (RFC 5506): any packets in any order, the first not necessarily an SR or RR. */
const reduced = fc.array(any, { minLength: 1, maxLength: 4 });

const rr = (ssrc: number, reports: ReportBlock[] = []): RtcpPacket => ({ type: 'RR', ssrc, reports });
const oneBlock: ReportBlock = { ssrc: 0x0a0b0c0d, fractionLost: 64, cumulativeLost: 3, highestSequence: 0x1_0005, jitter: 12, lastSr: 0x11223344, delaySinceLastSr: 0x8000 };

describe('rtcp', () => {
  it('random compound packets round-trip', () => {
    fc.assert(fc.property(compound, (packets) => {
      expect(parseRtcp(serialiseRtcp(packets))).toEqual(packets);
    }));
  });

  it('random reduced-size packets round-trip (RFC 5506): one that did not start with an SR or RR was null', () => {
    fc.assert(fc.property(reduced, (packets) => {
      expect(parseRtcp(serialiseRtcp(packets))).toEqual(packets);
    }));
  });

  it('random bytes, and random changes to a valid compound, never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      parseRtcp(bytes);
    }));
    fc.assert(fc.property(compound, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(), (packets, changes, cut) => {
      const bytes = serialiseRtcp(packets);
      for (const [at, value] of changes) bytes[at % bytes.length] = value;
      parseRtcp(bytes);
      parseRtcp(bytes.subarray(0, cut % (bytes.length + 1)));
    }));
  });

  it('lays out an RR with one report block as RFC 3550 §6.4.2 draws it', () => {
    const bytes = serialiseRtcp([rr(0x01020304, [oneBlock])]);
    expect([...bytes]).toEqual([
      0x81, 201, 0, 7, // V=2, RC=1, PT=RR, length 7 words after the first
      1, 2, 3, 4, // SSRC of the sender
      0x0a, 0x0b, 0x0c, 0x0d, // SSRC reported on
      64, 0, 0, 3, // fraction lost, cumulative lost
      0, 1, 0, 5, // extended highest sequence: one cycle
      0, 0, 0, 12, // jitter
      0x11, 0x22, 0x33, 0x44, // LSR
      0, 0, 0x80, 0, // DLSR: half a second
    ]);
  });

  it('lays out an SDES CNAME chunk (§6.5.1), ended by a null and padded to a word', () => {
    const bytes = serialiseRtcp([rr(1), { type: 'SDES', chunks: [{ ssrc: 1, cname: 'ab' }] }]);
    expect([...bytes.subarray(8)]).toEqual([0x81, 202, 0, 3, 0, 0, 0, 1, 1, 2, 0x61, 0x62, 0, 0, 0, 0]);
  });

  it('an SR carries its sender info and the blocks after it (§6.4.1)', () => {
    const sr: RtcpPacket = { type: 'SR', ssrc: 9, ntp: { seconds: 0xe0000000, fraction: 0x80000000 }, rtpTimestamp: 160, packetCount: 50, octetCount: 8000, reports: [oneBlock] };
    const bytes = serialiseRtcp([sr]);
    expect(bytes.length).toBe(28 + 24);
    expect([...bytes.subarray(0, 4)]).toEqual([0x81, 200, 0, 12]);
    expect(parseRtcp(bytes)).toEqual([sr]);
  });

  it('a negative cumulative loss is sign-extended; one beyond 24 bits is clamped (Appendix A.3)', () => {
    const negative = parseRtcp(serialiseRtcp([rr(1, [{ ...oneBlock, cumulativeLost: -2 }])]));
    expect(negative?.[0]).toMatchObject({ reports: [{ cumulativeLost: -2 }] });
    const huge = parseRtcp(serialiseRtcp([rr(1, [{ ...oneBlock, cumulativeLost: 1e9 }, { ...oneBlock, cumulativeLost: -1e9 }])]));
    expect(huge?.[0]).toMatchObject({ reports: [{ cumulativeLost: 0x7fffff }, { cumulativeLost: -0x800000 }] });
  });

  it('reduced-size RTCP (RFC 5506) parses: a lone BYE was null, so the far end leaving went unseen', () => {
    const bye: RtcpPacket = { type: 'BYE', ssrcs: [0x5151], reason: 'gone' };
    expect(parseRtcp(serialiseRtcp([bye]))).toEqual([bye]);
    expect(parseRtcp(serialiseRtcp([{ type: 'BYE', ssrcs: [1], reason: null }]))).toEqual([{ type: 'BYE', ssrcs: [1], reason: null }]);
  });

  it('reduced-size RTCP parses: a lone SDES, and an SDES then a BYE, were null', () => {
    const sdes: RtcpPacket = { type: 'SDES', chunks: [{ ssrc: 3, cname: 'b@127.0.0.1' }] };
    expect(parseRtcp(serialiseRtcp([sdes]))).toEqual([sdes]);
    expect(parseRtcp(serialiseRtcp([{ type: 'SDES', chunks: [] }]))).toEqual([{ type: 'SDES', chunks: [] }]);
    const bye: RtcpPacket = { type: 'BYE', ssrcs: [3], reason: null };
    expect(parseRtcp(serialiseRtcp([sdes, bye]))).toEqual([sdes, bye]);
  });

  it('reduced-size RTCP parses: a lone PLI (PSFB, PT 206, FMT 1, RFC 4585 §6.3.1) was null; it is kept as its type', () => {
    // V=2, FMT=1, PT=206, length 2 words after the first; the sender's SSRC, the media source's.
    const pli = Uint8Array.of(0x81, 206, 0, 2, 0, 0, 0, 7, 0, 0, 0x51, 0x51);
    expect(parseRtcp(pli)).toEqual([{ type: 'other', packetType: 206 }]);
    // A generic NACK (RTPFB, PT 205, FMT 1) with one lost packet, and an APP alone as baresip sends it.
    expect(parseRtcp(Uint8Array.of(0x81, 205, 0, 3, 0, 0, 0, 7, 0, 0, 0x51, 0x51, 0, 9, 0, 0))).toEqual([{ type: 'other', packetType: 205 }]);
    expect(parseRtcp(Uint8Array.of(0x80, 204, 0, 2, 0, 0, 0, 7, 0x50, 0x49, 0x4e, 0x47))).toEqual([{ type: 'other', packetType: 204 }]);
  });

  it('reduced-size RTCP parses: an RTCP type we do not know (within 192-223) first was null; it is kept as its type, the rest read', () => {
    const unknown = Uint8Array.of(0x80, 210, 0, 1, 1, 2, 3, 4, ...serialiseRtcp([{ type: 'BYE', ssrcs: [1], reason: null }]));
    expect(parseRtcp(unknown)).toEqual([{ type: 'other', packetType: 210 }, { type: 'BYE', ssrcs: [1], reason: null }]);
  });

  it('reduced-size RTCP keeps the structural checks: a wrong version, a length past the end or short of it, padding before the last, too short, a type outside 192-223 are null', () => {
    const pli = Uint8Array.of(0x81, 206, 0, 2, 0, 0, 0, 7, 0, 0, 0x51, 0x51);
    const version1 = pli.slice();
    version1[0] = 0x41;
    expect(parseRtcp(version1)).toBeNull();
    expect(parseRtcp(pli.subarray(0, 8))).toBeNull(); // the length says 12 bytes
    expect(parseRtcp(Uint8Array.of(...pli, 0, 0, 0, 0))).toBeNull(); // 4 bytes the lengths do not count
    const paddedFirst = Uint8Array.of(0xa1, 206, 0, 2, 0, 0, 0, 7, 0, 0, 0, 4, ...serialiseRtcp([{ type: 'BYE', ssrcs: [1], reason: null }]));
    expect(parseRtcp(paddedFirst)).toBeNull();
    expect(parseRtcp(Uint8Array.of(0x81, 203, 0))).toBeNull();
    expect(parseRtcp(new Uint8Array(0))).toBeNull();
    const rtpType = pli.slice();
    rtpType[1] = 0x80 | 8; // PCMA with the marker: RTP sent to the RTCP port
    expect(parseRtcp(rtpType)).toBeNull();
  });

  it('a version other than 2, in any packet, is null', () => {
    const bytes = serialiseRtcp([rr(1), { type: 'BYE', ssrcs: [1], reason: null }]);
    bytes[8] = (bytes[8] & 0x3f) | 0x40;
    expect(parseRtcp(bytes)).toBeNull();
  });

  it('lengths that do not add up to the datagram are null', () => {
    const bytes = serialiseRtcp([rr(1, [oneBlock])]);
    expect(parseRtcp(bytes.subarray(0, bytes.length - 4))).toBeNull();
    expect(parseRtcp(Uint8Array.of(...bytes, 0x81))).toBeNull();
    const short = serialiseRtcp([rr(1, [oneBlock])]);
    short[3] = 1; // the length says 8 bytes, the report count says a block follows
    expect(parseRtcp(short)).toBeNull();
  });

  it('padding is allowed in the last packet only, and must fit (Appendix A.2)', () => {
    const padded = Uint8Array.of(0xa0, 201, 0, 2, 0, 0, 0, 1, 0, 0, 0, 4);
    expect(parseRtcp(padded)).toEqual([rr(1)]);
    const notLast = Uint8Array.of(...padded, ...serialiseRtcp([rr(2)]));
    expect(parseRtcp(notLast)).toBeNull();
    const tooLong = padded.slice();
    tooLong[11] = 9;
    expect(parseRtcp(tooLong)).toBeNull();
  });

  it('an SDES item or a BYE reason running past its packet is null', () => {
    const sdes = serialiseRtcp([rr(1), { type: 'SDES', chunks: [{ ssrc: 1, cname: 'ab' }] }]);
    sdes[8 + 9] = 40; // the CNAME's length
    expect(parseRtcp(sdes)).toBeNull();
    const bye = serialiseRtcp([rr(1), { type: 'BYE', ssrcs: [1], reason: 'bye' }]);
    bye[8 + 8] = 40; // the reason's length
    expect(parseRtcp(bye)).toBeNull();
  });

  it('other RTCP types are kept as their type; a type outside 192-223 is not RTCP (RFC 5761 §4)', () => {
    const app = Uint8Array.of(...serialiseRtcp([rr(1)]), 0x80, 204, 0, 0);
    expect(parseRtcp(app)).toEqual([rr(1), { type: 'other', packetType: 204 }]);
    const notRtcp = app.slice();
    notRtcp[9] = 100;
    expect(parseRtcp(notRtcp)).toBeNull();
  });

  it('a packet inside a larger buffer parses', () => {
    const bytes = serialiseRtcp([rr(5, [oneBlock])]);
    const framed = new Uint8Array(bytes.length + 3);
    framed.set(bytes, 3);
    expect(parseRtcp(framed.subarray(3))).toEqual([rr(5, [oneBlock])]);
  });

  it('isRtcp tells RTCP from RTP on a muxed port by the second byte (RFC 5761 §4)', () => {
    expect(isRtcp(Uint8Array.of(0x80, 200))).toBe(true);
    expect(isRtcp(Uint8Array.of(0x80, 223))).toBe(true);
    expect(isRtcp(Uint8Array.of(0x80, 0x80 | 8))).toBe(false); // PCMA with the marker
    expect(isRtcp(Uint8Array.of(0x80, 101))).toBe(false);
    expect(isRtcp(Uint8Array.of(0x80))).toBe(false);
  });

  it('NTP timestamps count from 1900, and LSR is their middle 32 bits', () => {
    expect(ntpFromMs(0)).toEqual({ seconds: 2_208_988_800, fraction: 0 });
    expect(ntpFromMs(1_500)).toEqual({ seconds: 2_208_988_801, fraction: 0x80000000 });
    expect(ntpMiddle({ seconds: 0x12345678, fraction: 0x9abcdef0 })).toBe(0x56789abc);
  });
});
