/**
 * RTP packets (RFC 3550 §5.1) round-trip, and malformed bytes give null, never an exception: media
 * from any address reaches the parser (issue 16).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRtp, serialiseRtp, type RtpPacket } from '../../../../providers/sip/media/rtp-packet.js';

const packet = fc.record<RtpPacket>({
  marker: fc.boolean(),
  payloadType: fc.integer({ min: 0, max: 127 }),
  sequence: fc.integer({ min: 0, max: 0xffff }),
  timestamp: fc.integer({ min: 0, max: 0xffffffff }),
  ssrc: fc.integer({ min: 0, max: 0xffffffff }),
  csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
  extension: fc.option(
    fc.record({
      profile: fc.integer({ min: 0, max: 0xffff }),
      // Whole 32-bit words: the length field counts words (RFC 3550 §5.3.1).
      data: fc.integer({ min: 0, max: 8 }).chain((words) => fc.uint8Array({ minLength: words * 4, maxLength: words * 4 })),
    }),
  ),
  payload: fc.uint8Array({ maxLength: 200 }),
  padding: fc.integer({ min: 0, max: 255 }),
});

const basic: RtpPacket = {
  marker: false, payloadType: 0, sequence: 1, timestamp: 160, ssrc: 0x1234,
  csrcs: [], extension: null, payload: new Uint8Array([1, 2, 3, 4]), padding: 0,
};

describe('rtp-packet', () => {
  it('random packets round-trip', () => {
    fc.assert(fc.property(packet, (p) => {
      expect(parseRtp(serialiseRtp(p))).toEqual(p);
    }));
  });

  it('random bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      const parsed = parseRtp(bytes);
      if (parsed) expect(parsed.payload.length + parsed.padding).toBeLessThanOrEqual(bytes.length);
    }));
  });

  it('lays out the fixed header as RFC 3550 §5.1 draws it', () => {
    const bytes = serialiseRtp({ ...basic, marker: true, payloadType: 101, csrcs: [7] });
    expect([...bytes.slice(0, 16)]).toEqual([0x81, 0x80 | 101, 0, 1, 0, 0, 0, 160, 0, 0, 0x12, 0x34, 0, 0, 0, 7]);
  });

  it('a packet shorter than the fixed header is null', () => {
    expect(parseRtp(serialiseRtp(basic).slice(0, 11))).toBeNull();
  });

  it('a version other than 2 is null', () => {
    const bytes = serialiseRtp(basic);
    bytes[0] = (bytes[0] & 0x3f) | 0x40;
    expect(parseRtp(bytes)).toBeNull();
  });

  it('a CSRC count beyond the length is null', () => {
    const bytes = serialiseRtp(basic);
    bytes[0] |= 0x02; // two CSRCs claimed, four payload bytes hold one
    expect(parseRtp(bytes)).toBeNull();
  });

  it('padding longer than the payload, or zero, is null', () => {
    const long = serialiseRtp({ ...basic, padding: 2 });
    long[long.length - 1] = 7; // 4 payload + 2 padding bytes follow the header
    expect(parseRtp(long)).toBeNull();
    const zero = serialiseRtp({ ...basic, padding: 2 });
    zero[zero.length - 1] = 0;
    expect(parseRtp(zero)).toBeNull();
  });

  it('an extension that runs past the end is null', () => {
    const bytes = serialiseRtp({ ...basic, extension: { profile: 0xbede, data: new Uint8Array(4) } });
    expect(parseRtp(bytes.slice(0, 15))).toBeNull();
    bytes[15] = 9; // nine words claimed
    expect(parseRtp(bytes)).toBeNull();
  });

  it('parses a packet inside a larger buffer', () => {
    const bytes = serialiseRtp(basic);
    const framed = new Uint8Array(bytes.length + 3);
    framed.set(bytes, 3);
    expect(parseRtp(framed.subarray(3))).toEqual(basic);
  });
});
