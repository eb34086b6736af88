/**
 * G.711 companding (ITU-T G.711): 16-bit linear PCM to 8-bit μ-law (PCMU, RTP payload type 0) or
 * A-law (PCMA, type 8) and back, the two codecs every SIP peer speaks (RFC 3551 §4.5.14).
 *
 * The standard table-free algorithm (segment search, four mantissa bits), as in the reference
 * implementation of G.711 that Sun published and most stacks copy. No dependency: it is some
 * sixty lines, and the project adds none for that.
 */

/** μ-law's bias, added before the segment search so every segment starts on a power of two (G.711 §3). */
const MU_BIAS = 0x84;
/** The largest magnitude μ-law holds once biased (32635 + 132 < 2^15). */
const MU_CLIP = 32635;

/**
 * One 16-bit sample as μ-law. Bits are inverted on the line (G.711 Table 2), so silence is 0xFF.
 *
 * @example
 * ```ts
 * muLawEncode(0); // 0xff
 * muLawEncode(-1000); // 0x4e
 * ```
 */
export function muLawEncode(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), MU_CLIP) + MU_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/**
 * One μ-law byte as a 16-bit sample, the middle of its step.
 *
 * @example
 * ```ts
 * muLawDecode(0xff); // 0
 * muLawDecode(0x00); // -32124
 * ```
 */
export function muLawDecode(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = (((u & 0x0f) << 3) + MU_BIAS) << exponent;
  return u & 0x80 ? MU_BIAS - magnitude : magnitude - MU_BIAS;
}

/** The upper bounds of A-law's eight segments, in 13-bit magnitude (G.711 Table 1). */
const A_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

/**
 * One 16-bit sample as A-law. Even bits are inverted on the line (G.711 Table 1, the 0x55 mask),
 * so the smallest positive step is 0xD5.
 *
 * @example
 * ```ts
 * aLawEncode(0); // 0xd5
 * aLawEncode(-1000); // 0x7a
 * ```
 */
export function aLawEncode(sample: number): number {
  // A-law works on 13 bits; a negative value is stored as its one's complement magnitude.
  let value = sample >> 3;
  let mask = 0xd5;
  if (value < 0) {
    mask = 0x55;
    value = -value - 1;
  }
  const segment = A_SEGMENT_END.findIndex((end) => value <= end);
  if (segment < 0) return 0x7f ^ mask;
  const mantissa = (segment < 2 ? value >> 1 : value >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

/**
 * One A-law byte as a 16-bit sample, the middle of its step.
 *
 * @example
 * ```ts
 * aLawDecode(0xd5); // 8
 * aLawDecode(0x2a); // -32256
 * ```
 */
export function aLawDecode(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let magnitude = ((a & 0x0f) << 4) + (segment === 0 ? 8 : 0x108);
  if (segment > 1) magnitude <<= segment - 1;
  return a & 0x80 ? magnitude : -magnitude;
}

/**
 * A buffer of 16-bit samples as μ-law bytes.
 *
 * @example
 * ```ts
 * muLawEncodeBuffer(Int16Array.of(0, 0)); // Uint8Array [0xff, 0xff]
 * ```
 */
export function muLawEncodeBuffer(samples: Int16Array): Uint8Array {
  return Uint8Array.from(samples, muLawEncode);
}

/**
 * μ-law bytes as a buffer of 16-bit samples.
 *
 * @example
 * ```ts
 * muLawDecodeBuffer(Uint8Array.of(0xff)); // Int16Array [0]
 * ```
 */
export function muLawDecodeBuffer(bytes: Uint8Array): Int16Array {
  return Int16Array.from(bytes, muLawDecode);
}

/**
 * A buffer of 16-bit samples as A-law bytes.
 *
 * @example
 * ```ts
 * aLawEncodeBuffer(Int16Array.of(0)); // Uint8Array [0xd5]
 * ```
 */
export function aLawEncodeBuffer(samples: Int16Array): Uint8Array {
  return Uint8Array.from(samples, aLawEncode);
}

/**
 * A-law bytes as a buffer of 16-bit samples.
 *
 * @example
 * ```ts
 * aLawDecodeBuffer(Uint8Array.of(0xd5)); // Int16Array [8]
 * ```
 */
export function aLawDecodeBuffer(bytes: Uint8Array): Int16Array {
  return Int16Array.from(bytes, aLawDecode);
}
