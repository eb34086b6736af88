/**
 * The options that act on a connected call's audio and keys, the same for `xtapi call` and
 * `xtapi listen`: `--play`, `--gather` with its rules (`--gather-term`, `--first-timeout`,
 * `--inter-timeout`: lineGatherDigits' szTerminationDigits, dwFirstDigitTimeout and
 * dwInterDigitTimeout), and `--record` with when it ends (`--record-max`, `--record-silence`).
 * Read and checked with the rest of the command line, so a mistake is a usage error before any
 * call is placed or answered.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDtmf } from '../../providers/dtmf.js';
import { GATHER_RULES, type GatherPlan, type MediaPlan, RECORD_MAX_MS, type RecordPlan } from './call-media.js';
import { readMilliseconds } from './milliseconds.js';
import { readPlayFile } from './play-file.js';
import { quoted } from './quote.js';
import { UsageError } from './usage-error.js';

/** The options, as `parseCommandLine` takes them. */
export const MEDIA_OPTIONS = {
  play: { type: 'string' },
  gather: { type: 'string' },
  'gather-term': { type: 'string' },
  'first-timeout': { type: 'string' },
  'inter-timeout': { type: 'string' },
  record: { type: 'string' },
  'record-max': { type: 'string' },
  'record-silence': { type: 'string' },
} as const;

/** Their values, as typed. */
export type MediaValues = { [K in keyof typeof MEDIA_OPTIONS]?: string };

/** The longest `--record-max`: an hour (57.6 MB of 8 kHz 16-bit audio, held in memory until written). */
const RECORD_MAX_S = 3600;

/** What each option that acts on a call does, for "needs --answer-after" messages. */
const ACTS = { play: 'play to', gather: 'gather digits from', record: 'record' } as const;

/**
 * Read the media options of `values`; throws a {@link UsageError}. `answering` is false when no
 * call will be connected to act on (`xtapi listen` without `--answer-after`): each is then a
 * usage error.
 *
 * @example
 * ```ts
 * readMediaOptions({ gather: '4', 'gather-term': '*', 'first-timeout': '8000' }, true).gather;
 * // { max: 4, terminators: '*', firstTimeoutMs: 8000, interTimeoutMs: 3000 }
 * readMediaOptions({ record: 'out.wav', 'record-max': '30' }, true).record; // { path: 'out.wav', maxMs: 30000, silenceMs: null }
 * readMediaOptions({ 'gather-term': '#' }, true); // throws: --gather-term needs --gather <n>
 * ```
 */
export function readMediaOptions(values: MediaValues, answering: boolean): MediaPlan {
  for (const option of ['play', 'gather', 'record'] as const) {
    if (values[option] !== undefined && !answering) throw new UsageError(`--${option} needs --answer-after: without it no call is answered, so there is nobody to ${ACTS[option]}`);
  }
  const gather = readGather(values);
  const record = readRecord(values);
  // Read last: the file is opened only for a command line that is right otherwise.
  const play = values.play === undefined ? null : readPlayFile('--play', values.play);
  return { play, gather, record };
}

/** `--gather` and its rules. */
function readGather(values: MediaValues): GatherPlan | null {
  if (values.gather === undefined) {
    for (const option of ['gather-term', 'first-timeout', 'inter-timeout'] as const) {
      if (values[option] !== undefined) throw new UsageError(`--${option} needs --gather <n>: it is a rule of the gathering`);
    }
    return null;
  }
  if (!/^[1-9]\d?$/.test(values.gather)) throw new UsageError(`--gather takes the most digits to gather (1-99), not ${quoted(values.gather)}`);
  const terminators = values['gather-term'] ?? GATHER_RULES.terminators;
  // lineGatherDigits' szTerminationDigits: keys of the dial pad only; "" for none.
  if (terminators !== '' && !isDtmf(terminators)) throw new UsageError(`--gather-term takes the keys that end the gathering (0-9, A-D, *, #; "" for none), not ${quoted(terminators)}`);
  const ms = (option: 'first-timeout' | 'inter-timeout', fallback: number) => {
    const value = values[option];
    return value === undefined ? fallback : readMilliseconds(`--${option}`, value);
  };
  return {
    max: Number(values.gather),
    terminators: terminators.toUpperCase(),
    firstTimeoutMs: ms('first-timeout', GATHER_RULES.firstTimeoutMs),
    interTimeoutMs: ms('inter-timeout', GATHER_RULES.interTimeoutMs),
  };
}

/**
 * A length in seconds (`--record-max`, `--record-silence`): above 0, at most `max`, to the
 * millisecond; in ms.
 */
function readSeconds(option: string, value: string, max: number): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d{1,3})?$/.test(value) || seconds <= 0 || seconds > max) throw new UsageError(`${option} takes a number of seconds above 0 and at most ${max}, not ${quoted(value)}`);
  return Math.round(seconds * 1000);
}

/** `--record` and when the recording ends. */
function readRecord(values: MediaValues): RecordPlan | null {
  const path = values.record;
  if (path === undefined) {
    for (const option of ['record-max', 'record-silence'] as const) {
      if (values[option] !== undefined) throw new UsageError(`--${option} needs --record <file.wav>: it says when the recording ends`);
    }
    return null;
  }
  checkWritable(path);
  const maxMs = values['record-max'] === undefined ? RECORD_MAX_MS : readSeconds('--record-max', values['record-max'], RECORD_MAX_S);
  const silenceMs = values['record-silence'] === undefined ? null : readSeconds('--record-silence', values['record-silence'], RECORD_MAX_S);
  return { path, maxMs, silenceMs };
}

/**
 * That the recording can be written to `path`: not a folder, in a folder that is there and
 * writable (said now, not once a caller has spoken for a minute).
 */
function checkWritable(path: string): void {
  if (path === '') throw new UsageError('--record takes the WAV file to write, not ""');
  const cannot = (what: string, error: unknown) => new UsageError(`--record ${quoted(path)}: ${what} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  let exists = true;
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`--record ${quoted(path)} is a folder; give the WAV file to write in it`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw cannot('cannot write the file', error);
    exists = false;
  }
  try {
    accessSync(exists ? path : dirname(resolve(path)), constants.W_OK);
  } catch (error) {
    throw cannot(exists ? 'cannot write the file' : `cannot write in ${quoted(dirname(resolve(path)))}`, error);
  }
}
