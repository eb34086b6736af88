/**
 * What `xtapi listen` was asked to do, read and checked from its arguments before anything
 * starts: every mistake in the command line is a usage error, said in xtapi's words.
 */
import type { SimulatedCaller } from '../../providers/simulated/index.js';
import { type MediaPlan, NO_MEDIA } from './call-media.js';
import { MEDIA_OPTIONS, readMediaOptions } from './media-options.js';
import { readMilliseconds } from './milliseconds.js';
import { parseCommandLine } from './parse-command-line.js';
import { PROVIDER_OPTIONS, type ProviderValues } from './provider-options.js';
import { quoted } from './quote.js';
import { readCallerKeys, readRingIn } from './ring-in.js';
import { UsageError } from './usage-error.js';

const LISTEN_OPTIONS = {
  ...PROVIDER_OPTIONS,
  'answer-after': { type: 'string' },
  'hangup-after': { type: 'string' },
  calls: { type: 'string' },
  'ring-in': { type: 'string' },
  'caller-keys': { type: 'string' },
  ...MEDIA_OPTIONS,
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** A checked `xtapi listen` command line. */
export interface ListenRequest {
  help: boolean;
  /** Answer each call this many ms after it arrives; null: do not answer. */
  answerAfter: number | null;
  /** Hang up this many ms after a call is answered; null: leave that to the caller (or Ctrl-C). */
  hangupAfter: number | null;
  /** Stop once this many calls have come and ended; null: listen until Ctrl-C. */
  calls: number | null;
  /** The caller the simulated switch rings the line from (`--ring-in`), or null. */
  ringIn: SimulatedCaller | null;
  /** `--play`, `--gather` and `--record`: what is done with each call once it is answered. */
  media: MediaPlan;
  json: boolean;
  provider: ProviderValues;
}

/**
 * Read `xtapi listen`'s arguments; throws a {@link UsageError}.
 *
 * @example
 * ```ts
 * readListenRequest(['--ring-in', '5550123,Bob', '--answer-after', '2000']).calls; // 1: one call rings in
 * readListenRequest(['--hangup-after', '500']); // throws: nothing is answered to hang up
 * readListenRequest(['--ring-in', '5550123', '--caller-keys', '12#', '--answer-after', '0', '--gather', '4']).media.gather?.max; // 4
 * ```
 */
export function readListenRequest(argv: readonly string[]): ListenRequest {
  const { values } = parseCommandLine(argv, LISTEN_OPTIONS, 0);
  const request: ListenRequest = { help: values.help, answerAfter: null, hangupAfter: null, calls: null, ringIn: null, media: NO_MEDIA, json: values.json, provider: values };
  if (values.help) return request;
  if (values['answer-after'] !== undefined) request.answerAfter = readMilliseconds('--answer-after', values['answer-after']);
  if (values['hangup-after'] !== undefined) {
    if (request.answerAfter === null) throw new UsageError('--hangup-after needs --answer-after: without it no call is answered, so none is hung up');
    request.hangupAfter = readMilliseconds('--hangup-after', values['hangup-after']);
  }
  if (values.calls !== undefined) {
    if (!/^[1-9]\d{0,5}$/.test(values.calls)) throw new UsageError(`--calls takes a number of calls (1-999999), not ${quoted(values.calls)}`);
    request.calls = Number(values.calls);
  }
  if (values['ring-in'] !== undefined) {
    if (values.provider === 'sip') throw new UsageError('--ring-in is an option of --provider sim: over SIP the calls come from the network');
    request.ringIn = readRingIn(values['ring-in']);
    // The calls rung in are all there will be: listen until they have ended.
    request.calls ??= 1;
  }
  request.media = readMediaOptions(values, request.answerAfter !== null);
  if (values['caller-keys'] !== undefined) {
    if (values.provider === 'sip') throw new UsageError('--caller-keys is an option of --provider sim: over SIP the caller presses its own keys');
    if (request.ringIn === null) throw new UsageError('--caller-keys needs --ring-in <number>: the keys are those of the caller the simulated switch rings in');
    request.ringIn.says = readCallerKeys(values['caller-keys'], request.media.play?.durationMs ?? 0);
    if (request.media.gather === null) throw new UsageError('--caller-keys needs --gather <n>: without it nothing listens for the keys');
  }
  return request;
}
