/**
 * WAV files for the command line's `--play` tests, written to a temporary folder: a short greeting
 * the CLI plays, and files it must refuse (stereo, not a WAV at all).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tone } from '../../providers/media/dtmf-tones.js';
import { encodeWav } from '../../providers/media/wav.js';

/** The files, by what they are, and `remove()` to delete the folder. */
export interface WavFiles {
  dir: string;
  /** 300 ms (or `greetingMs`) of 440 Hz, 8 kHz mono 16-bit: 15 frames. */
  greeting: string;
  /** The same, its header saying two channels. */
  stereo: string;
  /** Text, not a WAV file. */
  notWav: string;
  /** A path where no file is. */
  missing: string;
  remove(): void;
}

/**
 * Write the files to a new temporary folder.
 *
 * @example
 * ```ts
 * const wav = writeWavFiles();
 * await runCli(['call', '5550111', '--play', wav.greeting]);
 * wav.remove();
 * ```
 */
export function writeWavFiles({ greetingMs = 300 } = {}): WavFiles {
  const dir = mkdtempSync(join(tmpdir(), 'xtapi-cli-wav-'));
  const greeting = join(dir, 'greeting.wav');
  writeFileSync(greeting, encodeWav(tone(440, greetingMs)));
  const stereo = join(dir, 'stereo.wav');
  const bytes = encodeWav(tone(440, 300));
  new DataView(bytes.buffer).setUint16(22, 2, true); // NumChannels
  writeFileSync(stereo, bytes);
  const notWav = join(dir, 'not.wav');
  writeFileSync(notWav, 'hello\n');
  return { dir, greeting, stereo, notWav, missing: join(dir, 'missing.wav'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
