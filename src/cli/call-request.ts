/**
 * What `xtapi call` was asked to do, read and checked from its arguments before anything
 * starts: every mistake in the command line is a usage error, said in xtapi's words.
 */
import { parseAddress } from '../address/parse-address.js';
import { type CallControlPlan, NO_CONTROL } from './call-control.js';
import { type MediaPlan, NO_MEDIA } from './call-media.js';
import { lineErrorName } from './line-error.js';
import { readMilliseconds } from './milliseconds.js';
import { optionalPort } from './optional-port.js';
import type { PagesWanted } from './pages.js';
import { parseCommandLine } from './parse-command-line.js';
import { MEDIA_OPTIONS, readMediaOptions } from './media-options.js';
import { PROVIDER_OPTIONS, type ProviderValues } from './provider-options.js';
import { quoted } from './quote.js';
import { UsageError } from './usage-error.js';

const CALL_OPTIONS = {
  ...PROVIDER_OPTIONS,
  outcome: { type: 'string' },
  'hangup-after': { type: 'string', default: '2000' },
  'hold-after': { type: 'string' },
  'unhold-after': { type: 'string' },
  'transfer-to': { type: 'string' },
  'transfer-after': { type: 'string' },
  ...MEDIA_OPTIONS,
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** A checked `xtapi call` command line. */
export interface CallRequest {
  help: boolean;
  address: string;
  /** `--outcome`, when given (checked with the provider). */
  outcome: string | undefined;
  hangupAfter: number;
  /** `--hold-after`, `--unhold-after`, `--transfer-to`, `--transfer-after`. */
  control: CallControlPlan;
  /** `--play` (the WAV file, read and checked already), `--gather`, `--record`: what is done once the call connects. */
  media: MediaPlan;
  json: boolean;
  pages: PagesWanted;
  provider: ProviderValues;
}

/** A line that can carry every modifier and URIs: what the address must at least be to be placed. */
const ANY_LINE = { dialing: { dialtone: true, quiet: true, billing: true, voiceDetect: true }, uriAddresses: true };

/**
 * Read `xtapi call`'s arguments; throws a {@link UsageError}.
 *
 * @example
 * ```ts
 * readCallRequest(['5550111', '--hangup-after', '500', '--board']).hangupAfter; // 500
 * readCallRequest(['5550111', '--hold-after', '500', '--unhold-after', '1000']).control.holdAfter; // 500
 * readCallRequest(['5550111', '--play', 'greeting.wav']).media.play?.durationMs; // how long the file plays
 * readCallRequest(['5550111;']); // throws: a partial address
 * ```
 */
export function readCallRequest(argv: readonly string[]): CallRequest {
  // `--inspect [port]` and `--board [port]` take an optional value, which parseArgs cannot.
  const inspect = optionalPort(argv, '--inspect', 1);
  const board = optionalPort(inspect.argv, '--board', 1);
  const { values, positionals } = parseCommandLine(board.argv, CALL_OPTIONS, 1);
  const pages = { inspect: { on: inspect.on, port: inspect.port }, board: { on: board.on, port: board.port } };
  if (values.help) return { help: true, address: '', outcome: undefined, hangupAfter: 0, control: NO_CONTROL, media: NO_MEDIA, json: false, pages, provider: values };
  if (positionals.length !== 1) throw new UsageError('xtapi call takes one address');
  const address = positionals[0];
  const hangupAfter = readMilliseconds('--hangup-after', values['hangup-after']);
  // lineMakeCall remarks: an address ending in ";" is dialled in part and the call then waits,
  // in DIALING, for lineDial to send the rest; a command line has no way to send it.
  const parsed = parseAddress(address, ANY_LINE);
  if (parsed.ok && parsed.address.partial) {
    throw new UsageError(`${quoted(address)} is a partial address (it ends with ";"): the call would wait for more digits, which xtapi call cannot send; leave the ";" out`);
  }
  const control = readControl(values);
  // Read last: the --play file is opened only for a command line that is right otherwise.
  const media = readMediaOptions(values, true);
  return { help: false, address, outcome: values.outcome, hangupAfter, control, media, json: values.json, pages, provider: values };
}

/** `--hold-after`, `--unhold-after`, `--transfer-to` and `--transfer-after`, checked together. */
function readControl(values: { [K in 'hold-after' | 'unhold-after' | 'transfer-to' | 'transfer-after']?: string }): CallControlPlan {
  const ms = (option: 'hold-after' | 'unhold-after' | 'transfer-after') => {
    const value = values[option];
    return value === undefined ? null : readMilliseconds(`--${option}`, value);
  };
  const holdAfter = ms('hold-after');
  const unholdAfter = ms('unhold-after');
  const transferAfter = ms('transfer-after');
  const transferTo = values['transfer-to'] ?? null;
  if (unholdAfter !== null && holdAfter === null) throw new UsageError('--unhold-after needs --hold-after: without it the call is never held, so never taken back');
  if (transferAfter !== null && transferTo === null) throw new UsageError('--transfer-after needs --transfer-to <address>: where to transfer the call');
  if (transferTo !== null) {
    // lineBlindTransfer takes a complete dialable address (or a URI).
    const parsed = parseAddress(transferTo, ANY_LINE);
    if (!parsed.ok) throw new UsageError(`--transfer-to ${quoted(transferTo)}: ${lineErrorName(parsed.error)}: ${parsed.message}`);
    if (parsed.address.partial) throw new UsageError(`--transfer-to ${quoted(transferTo)} is a partial address (it ends with ";"); a call is transferred to a complete one`);
  }
  return { holdAfter, unholdAfter, transferTo, transferAfter: transferAfter ?? 0 };
}
