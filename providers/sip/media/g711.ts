/**
 * G.711 companding (ITU-T G.711): 16-bit linear PCM to 8-bit μ-law (PCMU, RTP payload type 0) or
 * A-law (PCMA, type 8) and back, the two codecs every SIP peer speaks (RFC 3551 §4.5.14).
 *
 * The codec is the `alawmulaw` package's (the segment search of the reference implementation that
 * Sun published and most stacks copy); this file keeps xtapi's names and fixes the two places where
 * the package's output is not a byte or not a plain number (see {@link muLawEncode} and
 * {@link muLawDecode}).
 *
 * One difference from the sixty lines this replaced, checked on all 65,536 samples: A-law encodes
 * the 127 negative samples that lie exactly on a decision value (−16, −32, … −31744: a multiple of
 * the segment's step) one step further from zero (−16 gives 0x54, decoded −24, not 0x55, −8). Both
 * are half a step from the sample, and G.711's tables give the decision value without saying on
 * which side it falls. ITU-T G.191's reference software (the STL `g711.c`) takes the one's
 * complement of a negative sample, so it gave 0x55 as the old code did; the package rounds a
 * sample's magnitude as positive samples are rounded, so a sample and its negation encode to twin
 * codes. Decoding is identical, so no peer hears a difference.
 */
import alawmulaw from 'alawmulaw';

const { alaw, mulaw } = alawmulaw;

/** One law as tables: every sample's code (64 KiB) and every code's sample. */
interface Tables {
  encode: Uint8Array;
  decode: Int16Array;
}

/**
 * The package's codec as tables, filled from it on first use of that law. A call's audio is 8,000
 * samples a second each way; a table read per sample costs a fraction of the package's segment
 * search, which the media benchmark felt (BENCHMARKS.md, "Media streams"). The values are the
 * package's own, so nothing is heard differently. Filling one law takes milliseconds, so it waits
 * for the first call that needs it: a provider made with `media: false`, and a program that never
 * speaks A-law, never pay for it.
 */
let muTables: Tables | null = null;
let aTables: Tables | null = null;

function fill(encode: (sample: number) => number, decode: (byte: number) => number): Tables {
  const tables: Tables = { encode: new Uint8Array(65_536), decode: new Int16Array(256) };
  for (let sample = -32_768; sample < 32_768; sample++) tables.encode[sample & 0xffff] = encode(sample);
  for (let byte = 0; byte < 256; byte++) tables.decode[byte] = decode(byte);
  return tables;
}

function mu(): Tables {
  return (muTables ??= fill(muLawEncode, muLawDecode));
}

function a(): Tables {
  return (aTables ??= fill(aLawEncode, aLawDecode));
}

/** `samples` through an encoding table. */
function encodeWith(table: Uint8Array, samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = table[samples[i] & 0xffff];
  return out;
}

/** `bytes` through a decoding table. */
function decodeWith(table: Int16Array, bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]];
  return out;
}

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
  // The package returns the inverted code as a negative number (`~code`): keep its low byte.
  return mulaw.encodeSample(sample) & 0xff;
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
  // 0x7F is μ-law's negative zero: the package gives −0, which is 0 to a sample but not to Object.is.
  return mulaw.decodeSample(byte) + 0;
}

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
  return alaw.encodeSample(sample);
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
  return alaw.decodeSample(byte);
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
  return encodeWith(mu().encode, samples);
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
  return decodeWith(mu().decode, bytes);
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
  return encodeWith(a().encode, samples);
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
  return decodeWith(a().decode, bytes);
}
