/**
 * `--play <file.wav>` is read when the command line is: a file the CLI can play gives its samples
 * and its length in whole frames; anything else is a usage error saying what the file is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readPlayFile } from '../../../src/cli/play-file.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { writeWavFiles } from '../../support/wav-files.js';

const wav = writeWavFiles();
afterAll(() => wav.remove());

describe('readPlayFile', () => {
  it('an 8 kHz mono 16-bit PCM WAV: its samples, the path as given, 300 ms', () => {
    const file = readPlayFile('--play', wav.greeting);
    expect(file.path).toBe(wav.greeting);
    expect(file.samples.length).toBe(2400);
    expect(file.durationMs).toBe(300);
  });

  it('a file that is not one: a usage error naming the option, the file, and what it is', () => {
    expect(() => readPlayFile('--play', wav.stereo)).toThrow(UsageError);
    expect(() => readPlayFile('--play', wav.stereo)).toThrow(/^--play ".*stereo\.wav": WAV: the file is 8000 Hz, 2 channel\(s\), 16-bit, PCM, .*; xtapi plays 8 kHz mono 16-bit PCM WAV files/);
    expect(() => readPlayFile('--play', wav.notWav)).toThrow(/^--play ".*not\.wav": WAV: not a RIFF WAVE file;/);
    expect(() => readPlayFile('--play', wav.missing)).toThrow(/^--play ".*missing\.wav": cannot read the file \(ENOENT\)$/);
    expect(() => readPlayFile('--play', wav.dir)).toThrow(/cannot read the file \(EISDIR\)/);
  });
});
