/**
 * WAVE files (the RIFF WAVE format of Microsoft and IBM's Multimedia Programming Interface and Data
 * Specifications 1.0, 1991, and WAVE_FORMAT_EXTENSIBLE from Microsoft's "Multiple channel audio
 * data and WAVE files"): reading a file's bytes into samples, and writing samples as a file, for
 * the one format the media units speak, 8 kHz mono 16-bit PCM.
 *
 * A file is a RIFF chunk ("RIFF", size, "WAVE") holding chunks, each an id, a little-endian 32-bit
 * size and that many bytes, padded to an even length. Reading looks for "fmt " and "data" and skips
 * every other chunk (LIST, fact, cue, …). Anything else, and any bytes that are not such a file,
 * are refused with a {@link WavFormatError}, never with another error: the bytes may come from
 * anywhere.
 */
import { SAMPLE_RATE } from './pcm.js';

/** WAVE_FORMAT_PCM: integer PCM. */
const FORMAT_PCM = 0x0001;
/** WAVE_FORMAT_EXTENSIBLE: the real format is the GUID at the end of a longer fmt chunk. */
const FORMAT_EXTENSIBLE = 0xfffe;
/** KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00aa00389b71, as stored (little-endian fields). */
const SUBTYPE_PCM = [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
/**
 * The size a writer that cannot seek back puts in the data chunk (as ffmpeg and SoX do on a pipe):
 * read as "the data runs to the end of the file".
 */
const UNKNOWN_SIZE = 0xffff_ffff;
/** The length of the header {@link wavHeader} writes: RIFF (12), fmt (8 + 16), data's id and size (8). */
export const WAV_HEADER_BYTES = 44;

/** The format a fmt chunk declares. */
export interface WavFormat {
  /** wFormatTag: 1 for PCM, 0xFFFE for WAVE_FORMAT_EXTENSIBLE, 3 for float, 6/7 for A-law/μ-law… */
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** nBlockAlign: bytes per sample frame (2 for mono 16-bit). */
  blockAlign: number;
}

/** Bytes that are not an 8 kHz mono 16-bit PCM WAVE file; `found` is the format, when there was one. */
export class WavFormatError extends Error {
  constructor(
    message: string,
    readonly found: WavFormat | null = null,
  ) {
    super(message);
    this.name = 'WavFormatError';
  }
}

function fourCC(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

function describe(format: WavFormat): string {
  const kind = format.formatTag === FORMAT_PCM ? 'PCM' : `format tag 0x${format.formatTag.toString(16).padStart(4, '0')}`;
  return `${format.sampleRate} Hz, ${format.channels} channel(s), ${format.bitsPerSample}-bit, ${kind}, block align ${format.blockAlign}`;
}

/** The format of a fmt chunk's body, and whether it is PCM (plain, or extensible with the PCM subtype). */
function readFormat(view: DataView, bytes: Uint8Array, at: number, size: number): { format: WavFormat; pcm: boolean } {
  const format: WavFormat = {
    formatTag: view.getUint16(at, true),
    channels: view.getUint16(at + 2, true),
    sampleRate: view.getUint32(at + 4, true),
    bitsPerSample: view.getUint16(at + 14, true),
    blockAlign: view.getUint16(at + 12, true),
  };
  if (format.formatTag === FORMAT_PCM) return { format, pcm: true };
  // WAVEFORMATEXTENSIBLE: cbSize (2), valid bits (2), channel mask (4), then the subtype GUID.
  const extensible = format.formatTag === FORMAT_EXTENSIBLE && size >= 40;
  const pcm = extensible && SUBTYPE_PCM.every((byte, i) => bytes[at + 24 + i] === byte);
  return { format, pcm };
}

/**
 * The samples of a WAVE file, which must be 8 kHz mono 16-bit PCM. A data chunk of an odd number of
 * bytes loses its last byte (half a sample); a data chunk whose size is 0xFFFFFFFF runs to the end
 * of the file (a writer on a pipe could not go back to fill it in).
 *
 * @throws {WavFormatError} when the bytes are not a RIFF WAVE file, are cut short, lack a fmt or
 * data chunk, or hold another format (the message and `found` say which).
 *
 * @example
 * ```ts
 * readWav(encodeWav(Int16Array.of(1, -1))); // Int16Array [1, -1]
 * readWav(new Uint8Array(3)); // throws WavFormatError: not a RIFF WAVE file
 * ```
 */
export function readWav(bytes: Uint8Array): Int16Array {
  if (bytes.length < 12 || fourCC(bytes, 0) !== 'RIFF' || fourCC(bytes, 8) !== 'WAVE') {
    throw new WavFormatError('WAV: not a RIFF WAVE file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The RIFF size bounds the chunks, unless it claims more than there is (a writer that never
  // came back to it): then the file's end does.
  const end = Math.min(bytes.length, 8 + view.getUint32(4, true));
  let fmt: { format: WavFormat; pcm: boolean } | null = null;
  let data: { at: number; size: number } | null = null;
  for (let at = 12; at + 8 <= end && !(fmt && data); ) {
    const id = fourCC(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'data') {
      if (size === UNKNOWN_SIZE) data = { at: body, size: end - body };
      else if (body + size > end) throw new WavFormatError(`WAV: the data chunk says ${size} bytes, but ${end - body} are left: the file is cut short`);
      else data = { at: body, size };
    } else if (id === 'fmt ') {
      if (size < 16 || body + size > end) throw new WavFormatError(`WAV: a fmt chunk of ${size} bytes, ${end - body} left: too short or cut short`);
      fmt = readFormat(view, bytes, body, size);
    }
    // Chunks are padded to an even length; the pad byte is not in the size (RIFF).
    at = body + size + (size & 1);
  }
  if (!fmt) throw new WavFormatError('WAV: no fmt chunk');
  const { format, pcm } = fmt;
  if (!pcm || format.channels !== 1 || format.sampleRate !== SAMPLE_RATE || format.bitsPerSample !== 16 || format.blockAlign !== 2) {
    throw new WavFormatError(`WAV: the file is ${describe(format)}; only ${SAMPLE_RATE} Hz mono 16-bit PCM is read`, format);
  }
  if (!data) throw new WavFormatError('WAV: no data chunk', format);
  const samples = new Int16Array(data.size >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(data.at + 2 * i, true);
  return samples;
}

/**
 * The 44-byte header of an 8 kHz mono 16-bit PCM WAVE file with `dataBytes` bytes of samples. With
 * no size (a stream whose length is not known yet) both sizes are 0xFFFFFFFF, which
 * {@link readWav} reads as "to the end of the file", until {@link wavSizePatches} fills them in.
 *
 * @example
 * ```ts
 * wavHeader(320).length; // 44
 * ```
 */
export function wavHeader(dataBytes?: number): Uint8Array {
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => (header[at + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, dataBytes === undefined ? UNKNOWN_SIZE : riffSize(dataBytes), true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes === undefined ? UNKNOWN_SIZE : dataBytes, true);
  return header;
}

/** The RIFF chunk's size for `dataBytes` of samples: everything after its own size field. */
function riffSize(dataBytes: number): number {
  const size = WAV_HEADER_BYTES - 8 + dataBytes;
  if (!Number.isInteger(dataBytes) || dataBytes < 0 || size >= UNKNOWN_SIZE) {
    throw new RangeError(`WAV: ${dataBytes} bytes of samples do not fit a RIFF file (4 GiB)`);
  }
  return size;
}

/**
 * Samples as little-endian 16-bit bytes, the data chunk's body.
 *
 * @example
 * ```ts
 * pcmToBytes(Int16Array.of(1, -2)); // Uint8Array [1, 0, 0xfe, 0xff]
 * ```
 */
export function pcmToBytes(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  samples.forEach((sample, i) => view.setInt16(2 * i, sample, true));
  return bytes;
}

/**
 * A whole 8 kHz mono 16-bit PCM WAVE file: header and samples.
 *
 * @example
 * ```ts
 * encodeWav(new Int16Array(8000)).length; // 16044: one second
 * ```
 */
export function encodeWav(samples: Int16Array): Uint8Array {
  const file = new Uint8Array(WAV_HEADER_BYTES + samples.length * 2);
  file.set(wavHeader(samples.length * 2));
  file.set(pcmToBytes(samples), WAV_HEADER_BYTES);
  return file;
}

/** Bytes to write at an offset of a file already written. */
export interface WavPatch {
  offset: number;
  bytes: Uint8Array;
}

/**
 * What to write over a streamed file's header once its `dataBytes` of samples are all out: the
 * RIFF size at offset 4 and the data size at offset 40 (each 4 bytes, little-endian). A stream is
 * {@link wavHeader}() with no size, then {@link pcmToBytes} of each buffer, then these patches.
 *
 * @example
 * ```ts
 * // const file = await open('call.wav', 'w'); await file.write(wavHeader()); …
 * // for (const { offset, bytes } of wavSizePatches(written)) await file.write(bytes, 0, 4, offset);
 * wavSizePatches(320).map((p) => p.offset); // [4, 40]
 * ```
 */
export function wavSizePatches(dataBytes: number): WavPatch[] {
  const size = (value: number) => {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    return bytes;
  };
  return [
    { offset: 4, bytes: size(riffSize(dataBytes)) },
    { offset: 40, bytes: size(dataBytes) },
  ];
}
