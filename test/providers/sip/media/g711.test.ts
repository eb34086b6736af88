/**
 * G.711 μ-law and A-law (ITU-T G.711): known code points, and the round-trip error of every 16-bit
 * sample within half a quantisation step (about 1/32 of the magnitude, four mantissa bits).
 */
import alawmulaw from 'alawmulaw';
import { describe, expect, it, vi } from 'vitest';
import {
  aLawDecode, aLawDecodeBuffer, aLawEncode, aLawEncodeBuffer,
  muLawDecode, muLawDecodeBuffer, muLawEncode, muLawEncodeBuffer,
} from '../../../../providers/sip/media/g711.js';

const everySample = Int16Array.from({ length: 65_536 }, (_, i) => i - 32_768);

describe('g711', () => {
  it('the tables are filled on first use of their law, not at import (a provider with media: false never pays the ~9 ms)', async () => {
    // A fresh g711.ts over a package that counts what it encodes.
    const fills = { mu: 0, a: 0 };
    vi.doMock('alawmulaw', () => {
      const { mulaw, alaw } = alawmulaw;
      const counting = <T extends { encodeSample(sample: number): number }>(law: T, key: 'mu' | 'a'): T =>
        ({ ...law, encodeSample: (sample: number) => (fills[key]++, law.encodeSample(sample)) });
      return { default: { mulaw: counting(mulaw, 'mu'), alaw: counting(alaw, 'a') } };
    });
    try {
      vi.resetModules();
      const fresh = await import('../../../../providers/sip/media/g711.js');
      expect(fills).toEqual({ mu: 0, a: 0 });
      fresh.muLawEncodeBuffer(Int16Array.of(0));
      expect(fills).toEqual({ mu: 65_536, a: 0 });
      fresh.muLawDecodeBuffer(Uint8Array.of(0xff));
      fresh.muLawEncodeBuffer(Int16Array.of(1));
      expect(fills.mu).toBe(65_536);
      expect(fresh.aLawDecodeBuffer(Uint8Array.of(0xd5))).toEqual(Int16Array.of(8));
      expect(fills).toEqual({ mu: 65_536, a: 65_536 });
    } finally {
      vi.doUnmock('alawmulaw');
      vi.resetModules();
    }
  });

  it('μ-law: silence is 0xFF, 0x7F is its negative twin, the extremes are ±32124', () => {
    expect(muLawEncode(0)).toBe(0xff);
    expect(muLawDecode(0xff)).toBe(0);
    expect(muLawDecode(0x7f)).toBe(0);
    expect(muLawDecode(0x80)).toBe(32_124);
    expect(muLawDecode(0x00)).toBe(-32_124);
    expect(muLawEncode(-1000)).toBe(0x4e);
    for (let b = 0; b < 0x80; b++) expect(muLawDecode(b) + muLawDecode(b | 0x80)).toBe(0);
  });

  it('A-law: 0xD5 is the smallest positive step, 0x55 its negative, the extremes are ±32256', () => {
    expect(aLawEncode(0)).toBe(0xd5);
    expect(aLawDecode(0xd5)).toBe(8);
    expect(aLawDecode(0x55)).toBe(-8);
    expect(aLawDecode(0xaa)).toBe(32_256);
    expect(aLawDecode(0x2a)).toBe(-32_256);
    expect(aLawEncode(-1000)).toBe(0x7a);
    for (let b = 0; b < 0x80; b++) expect(aLawDecode(b) + aLawDecode(b | 0x80)).toBe(0);
  });

  it('every code decodes to a value that encodes to it again (μ-law 0x7F, negative zero, aside)', () => {
    for (let b = 0; b < 256; b++) {
      expect(aLawEncode(aLawDecode(b))).toBe(b);
      if (b !== 0x7f) expect(muLawEncode(muLawDecode(b))).toBe(b);
    }
  });

  it('the round-trip error of all 65,536 samples is within half a step, and order is kept', () => {
    const mu = muLawDecodeBuffer(muLawEncodeBuffer(everySample));
    const a = aLawDecodeBuffer(aLawEncodeBuffer(everySample));
    let worstMu = 0;
    let worstA = 0;
    everySample.forEach((x, i) => {
      const size = Math.abs(x);
      expect(Math.abs(mu[i] - x)).toBeLessThanOrEqual((size + 132) / 32 + 1);
      expect(Math.abs(a[i] - x)).toBeLessThanOrEqual(Math.max(8, size / 32 + 1));
      if (i > 0) expect(mu[i]).toBeGreaterThanOrEqual(mu[i - 1]);
      if (i > 0) expect(a[i]).toBeGreaterThanOrEqual(a[i - 1]);
      worstMu = Math.max(worstMu, Math.abs(mu[i] - x));
      worstA = Math.max(worstA, Math.abs(a[i] - x));
    });
    // The largest errors are the clipping at full scale: 32767 against 32124 and 32256.
    expect(worstMu).toBe(644);
    expect(worstA).toBe(512);
  });

  it('buffers keep their length and order', () => {
    const samples = Int16Array.of(0, 1000, -1000, 32_767, -32_768);
    expect([...muLawEncodeBuffer(samples)]).toEqual([...samples].map(muLawEncode));
    expect([...aLawEncodeBuffer(samples)]).toEqual([...samples].map(aLawEncode));
    expect(muLawDecodeBuffer(Uint8Array.of(0xff, 0x80))).toEqual(Int16Array.of(0, 32_124));
    expect(aLawDecodeBuffer(Uint8Array.of(0xd5, 0xaa))).toEqual(Int16Array.of(8, 32_256));
  });

  it('a sample and its negation encode to twin codes, so −16, on a decision value, is 0x54 (−24)', () => {
    // alawmulaw rounds magnitudes; ITU-T G.191's reference (one's complement) gives 0x55 (−8) here.
    for (let s = 1; s < 32_768; s++) {
      expect(aLawEncode(-s)).toBe(aLawEncode(s) ^ 0x80);
      expect(muLawEncode(-s)).toBe(muLawEncode(s) ^ 0x80);
    }
    expect(aLawEncode(16)).toBe(0xd4);
    expect(aLawEncode(-16)).toBe(0x54);
    expect(aLawDecode(0x54)).toBe(-24);
  });

  it('the buffer functions (tables filled from alawmulaw) give exactly the package\'s codes and samples, for every sample and every byte', () => {
    const every = Int16Array.from({ length: 65_536 }, (_, i) => i - 32_768);
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(muLawEncodeBuffer(every)).toEqual(Uint8Array.from(every, (x) => alawmulaw.mulaw.encodeSample(x) & 0xff));
    expect(aLawEncodeBuffer(every)).toEqual(Uint8Array.from(every, (x) => alawmulaw.alaw.encodeSample(x)));
    expect(muLawDecodeBuffer(bytes)).toEqual(Int16Array.from(bytes, (b) => alawmulaw.mulaw.decodeSample(b)));
    expect(aLawDecodeBuffer(bytes)).toEqual(Int16Array.from(bytes, (b) => alawmulaw.alaw.decodeSample(b)));
  });
});
