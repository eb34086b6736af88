/**
 * `--play <file.wav>`: the file is read and checked when the command line is, before any call is
 * placed or answered, so that a file that cannot be played is said at once (a usage error naming
 * what the file was) rather than on the first call, and the same samples serve every call.
 */
import { readFileSync } from 'node:fs';
import { FRAME_MS, FRAME_SAMPLES } from '../../providers/media/pcm.js';
import { readWav, WavFormatError } from '../../providers/media/wav.js';
import { quoted } from './quote.js';
import { UsageError } from './usage-error.js';

/** A WAV file given to `--play`, read: its path as typed, its samples, and how long it plays. */
export interface PlayFile {
  path: string;
  samples: Int16Array;
  /** How long the playback takes, in ms: whole 20 ms frames, the last one padded. */
  durationMs: number;
}

/**
 * Read `path` for `option`; throws a {@link UsageError} when it cannot be read or is not an 8 kHz
 * mono 16-bit PCM WAV file (the message says what it is instead).
 *
 * @example
 * ```ts
 * readPlayFile('--play', 'greeting.wav').durationMs; // 300 for 0.3 s of audio
 * readPlayFile('--play', 'song.wav'); // throws: --play "song.wav": WAV: the file is 44100 Hz, 2 channel(s), …
 * ```
 */
export function readPlayFile(option: string, path: string): PlayFile {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${option} ${quoted(path)}: cannot read the file (${code ?? String(error)})`);
  }
  try {
    const samples = readWav(bytes);
    return { path, samples, durationMs: Math.ceil(samples.length / FRAME_SAMPLES) * FRAME_MS };
  } catch (error) {
    if (!(error instanceof WavFormatError)) throw error;
    throw new UsageError(`${option} ${quoted(path)}: ${error.message}; xtapi plays 8 kHz mono 16-bit PCM WAV files (e.g. sox in.wav -r 8000 -c 1 -b 16 out.wav)`);
  }
}
