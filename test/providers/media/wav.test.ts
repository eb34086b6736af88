/**
 * WAVE files: written and read back, chunks skipped (odd sizes padded), WAVE_FORMAT_EXTENSIBLE
 * PCM read, other formats and broken files refused with a WavFormatError that says what was
 * found, a streamed file read before and after its sizes are patched, and random or mangled bytes
 * never throwing anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  WAV_HEADER_BYTES, WavFormatError, encodeWav, pcmToBytes, readWav, wavHeader, wavSizePatches,
} from '../../../providers/media/wav.js';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];

/** A RIFF WAVE file of these chunks, each [id, body]; bodies of odd length are padded. */
function riff(chunks: [string, number[]][]): Uint8Array {
  const body = chunks.flatMap(([id, bytes]) => [...ascii(id), ...u32(bytes.length), ...bytes, ...(bytes.length % 2 ? [0] : [])]);
  return Uint8Array.from([...ascii('RIFF'), ...u32(4 + body.length), ...ascii('WAVE'), ...body]);
}

/** A fmt chunk body: tag, channels, rate, bits (block align and byte rate to match). */
function fmt(tag: number, channels: number, rate: number, bits: number, extra: number[] = []): number[] {
  const align = (channels * bits) / 8;
  return [...u16(tag), ...u16(channels), ...u32(rate), ...u32(rate * align), ...u16(align), ...u16(bits), ...extra];
}

const SAMPLES = Int16Array.of(0, 1, -1, 32_767, -32_768, 1234);
const DATA = [...pcmToBytes(SAMPLES)];

function refusal(bytes: Uint8Array): WavFormatError {
  try {
    readWav(bytes);
  } catch (error) {
    if (error instanceof WavFormatError) return error;
    throw error;
  }
  throw new Error('read');
}

describe('wav', () => {
  it('writes a 44-byte header for 8 kHz mono 16-bit PCM, and reads its own files back', () => {
    const file = encodeWav(SAMPLES);
    expect(file.length).toBe(WAV_HEADER_BYTES + 12);
    expect(String.fromCharCode(...file.subarray(0, 16))).toBe('RIFF0\0\0\0WAVEfmt ');
    expect([...file.subarray(20, 36)]).toEqual(fmt(1, 1, 8000, 16));
    expect(readWav(file)).toEqual(SAMPLES);
    expect(readWav(encodeWav(new Int16Array(0)))).toEqual(new Int16Array(0));
  });

  it('skips other chunks, odd ones by their pad byte, wherever they are', () => {
    const file = riff([['LIST', [1, 2, 3]], ['fmt ', fmt(1, 1, 8000, 16)], ['junk', [9]], ['data', DATA], ['cue ', [1, 2, 3, 4]]]);
    expect(readWav(file)).toEqual(SAMPLES);
    // data before fmt, an extended fmt (cbSize 0), and a data chunk of an odd length (the half sample dropped)
    expect(readWav(riff([['data', [...DATA, 7]], ['fmt ', fmt(1, 1, 8000, 16, [0, 0])]]))).toEqual(SAMPLES);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE when its subtype is PCM, and refuses float', () => {
    const pcmGuid = [0x01, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71];
    const extensible = (guid: number[]) => riff([['fmt ', fmt(0xfffe, 1, 8000, 16, [...u16(22), ...u16(16), ...u32(4), ...guid])], ['data', DATA]]);
    expect(readWav(extensible(pcmGuid))).toEqual(SAMPLES);
    expect(refusal(extensible([0x03, ...pcmGuid.slice(1)])).message).toMatch(/format tag 0xfffe/);
  });

  it('refuses other formats, saying what it found', () => {
    const cases: [number[], RegExp][] = [
      [fmt(1, 1, 44_100, 16), /44100 Hz, 1 channel\(s\), 16-bit, PCM/],
      [fmt(1, 2, 8000, 16), /8000 Hz, 2 channel\(s\)/],
      [fmt(1, 1, 8000, 8), /8-bit/],
      [fmt(7, 1, 8000, 8), /format tag 0x0007/],
      [fmt(3, 1, 8000, 32), /32-bit, format tag 0x0003/],
    ];
    for (const [format, found] of cases) {
      const error = refusal(riff([['fmt ', format], ['data', DATA]]));
      expect(error.message).toMatch(found);
      expect(error.message).toMatch(/only 8000 Hz mono 16-bit PCM/);
      expect(error.found?.formatTag).toBe(format[0] | (format[1] << 8));
    }
  });

  it('refuses what is not a whole WAVE file', () => {
    const good = encodeWav(SAMPLES);
    expect(refusal(new Uint8Array(0)).message).toMatch(/not a RIFF WAVE/);
    expect(refusal(Uint8Array.from([...ascii('RIFF'), ...u32(4), ...ascii('AVI ')])).message).toMatch(/not a RIFF WAVE/);
    expect(refusal(good.subarray(0, good.length - 1)).message).toMatch(/cut short/);
    expect(refusal(good.subarray(0, 30)).message).toMatch(/fmt chunk of 16 bytes/);
    expect(refusal(riff([['data', DATA]])).message).toMatch(/no fmt chunk/);
    expect(refusal(riff([['fmt ', fmt(1, 1, 8000, 16)]])).message).toMatch(/no data chunk/);
    expect(refusal(riff([['fmt ', [1, 0, 1, 0]], ['data', DATA]])).message).toMatch(/fmt chunk of 4 bytes/);
  });

  it('streams: a header of unknown sizes, the samples, then the patched sizes', () => {
    const parts = [Int16Array.of(1, 2, 3), Int16Array.of(-4, 5)];
    const file = Uint8Array.from([...wavHeader(), ...parts.flatMap((p) => [...pcmToBytes(p)])]);
    // Before the patches (a writer that died): the data runs to the end of the file.
    expect(readWav(file)).toEqual(Int16Array.of(1, 2, 3, -4, 5));
    for (const { offset, bytes } of wavSizePatches(10)) file.set(bytes, offset);
    expect(file).toEqual(encodeWav(Int16Array.of(1, 2, 3, -4, 5)));
    expect(() => wavSizePatches(0xffff_fff0)).toThrow(RangeError);
  });

  it('random bytes, and mangled files, give samples or a WavFormatError, nothing else', () => {
    const isOk = (bytes: Uint8Array) => {
      try {
        return readWav(bytes) instanceof Int16Array;
      } catch (error) {
        return error instanceof WavFormatError;
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), isOk), { numRuns: 500 });
    const good = riff([['LIST', [1, 2, 3]], ['fmt ', fmt(1, 1, 8000, 16)], ['data', DATA]]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(good.length), (edits, cut) => {
        const bytes = good.slice(0, cut);
        for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
        return isOk(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});
