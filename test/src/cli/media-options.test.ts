/**
 * The options that act on a connected call, read and checked before any call: the gathering's
 * rules default to `#`, 5 s and 3 s and map onto `call.gather()`'s names; `--record` and its
 * lengths; each mistake (a rule without --gather, a length without --record, a bad value, a file
 * that could not be written in the end) is a UsageError that names the option and what was typed.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMediaOptions } from '../../../src/cli/media-options.js';
import { UsageError } from '../../../src/cli/usage-error.js';

const dir = mkdtempSync(join(tmpdir(), 'xtapi-media-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The UsageError's message, or a failure when none is thrown. */
function usage(values: Parameters<typeof readMediaOptions>[0], answering = true): string {
  try {
    readMediaOptions(values, answering);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('no usage error');
}

describe('readMediaOptions', () => {
  it('--gather alone: `#`, 5 s for the first key, 3 s for each next one', () => {
    expect(readMediaOptions({ gather: '4' }, true)).toEqual({ play: null, record: null, gather: { max: 4, terminators: '#', firstTimeoutMs: 5000, interTimeoutMs: 3000 } });
  });

  it('the rules, as call.gather() takes them; lower-case a-d are the same keys; "" for no terminator; 0 waits for ever', () => {
    expect(readMediaOptions({ gather: '10', 'gather-term': '*a', 'first-timeout': '0', 'inter-timeout': '1500' }, true).gather).toEqual({ max: 10, terminators: '*A', firstTimeoutMs: 0, interTimeoutMs: 1500 });
    expect(readMediaOptions({ gather: '2', 'gather-term': '' }, true).gather?.terminators).toBe('');
  });

  it('bad gathering rules are usage errors that name the option and the value', () => {
    expect(usage({ 'gather-term': '#' })).toBe('--gather-term needs --gather <n>: it is a rule of the gathering');
    expect(usage({ 'first-timeout': '100' })).toBe('--first-timeout needs --gather <n>: it is a rule of the gathering');
    expect(usage({ gather: '4', 'gather-term': '#x' })).toBe('--gather-term takes the keys that end the gathering (0-9, A-D, *, #; "" for none), not "#x"');
    expect(usage({ gather: '4', 'inter-timeout': '-1' })).toBe('--inter-timeout takes a whole number of milliseconds (0 or more), not "-1"');
    expect(usage({ gather: '4', 'first-timeout': '2.5' })).toBe('--first-timeout takes a whole number of milliseconds (0 or more), not "2.5"');
    expect(usage({ gather: '4', 'first-timeout': '99999999999' })).toMatch(/^--first-timeout takes a whole number/);
  });

  it('--record: a minute unless --record-max says otherwise (seconds, to the ms); --record-silence', () => {
    const path = join(dir, 'out.wav');
    expect(readMediaOptions({ record: path }, true).record).toEqual({ path, maxMs: 60_000, silenceMs: null });
    expect(readMediaOptions({ record: path, 'record-max': '30', 'record-silence': '1.5' }, true).record).toEqual({ path, maxMs: 30_000, silenceMs: 1500 });
  });

  it('bad recording options are usage errors', () => {
    const path = join(dir, 'out.wav');
    expect(usage({ 'record-max': '30' })).toBe('--record-max needs --record <file.wav>: it says when the recording ends');
    expect(usage({ 'record-silence': '2' })).toBe('--record-silence needs --record <file.wav>: it says when the recording ends');
    for (const value of ['0', '-1', '3601', '1e3', 'ten', '1.2345']) {
      expect(usage({ record: path, 'record-max': value })).toBe(`--record-max takes a number of seconds above 0 and at most 3600, not "${value}"`);
    }
    expect(usage({ record: path, 'record-silence': '0' })).toBe('--record-silence takes a number of seconds above 0 and at most 3600, not "0"');
  });

  it('a file that could not be written is said before any call: no folder, a folder, an empty name, a folder not writable', () => {
    expect(usage({ record: join(dir, 'nowhere', 'out.wav') })).toBe(`--record "${join(dir, 'nowhere', 'out.wav')}": cannot write in "${join(dir, 'nowhere')}" (ENOENT)`);
    expect(usage({ record: dir })).toBe(`--record "${dir}" is a folder; give the WAV file to write in it`);
    expect(usage({ record: '' })).toBe('--record takes the WAV file to write, not ""');
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o500 });
    // root may write anywhere: then there is nothing to refuse.
    if (process.getuid?.() !== 0) expect(usage({ record: join(locked, 'out.wav') })).toBe(`--record "${join(locked, 'out.wav')}": cannot write in "${locked}" (EACCES)`);
    chmodSync(locked, 0o700);
  });

  it('--play, --gather and --record without a call to act on (listen without --answer-after)', () => {
    expect(usage({ record: 'out.wav' }, false)).toBe('--record needs --answer-after: without it no call is answered, so there is nobody to record');
    expect(usage({ gather: '4' }, false)).toBe('--gather needs --answer-after: without it no call is answered, so there is nobody to gather digits from');
  });
});
