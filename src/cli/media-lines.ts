/**
 * What `--play`, `--gather` and `--record` print, the same for `xtapi call` and `xtapi listen`: a
 * line when the playback ends, one per key the far end presses, one when the gathering ends, one
 * when the recording ends; as text in the progress columns or, with `--json`, as the lines
 * documented in `docs/cli-json.schema.json`.
 */
import type { DigitTransport } from '../../providers/provider.js';
import type { Gathered } from '../phone/gather.js';
import type { PlaybackResult, Recording } from '../phone/media.js';
import type { XtapiError } from '../phone/errors.js';
import { lineErrorFields, lineErrorText } from './line-error.js';
import { escapeUnsafe, quoted } from './quote.js';

/** Something `--play`, `--gather` or `--record` did on a call. */
export type MediaEvent =
  | { kind: 'played'; file: string; result: PlaybackResult }
  | { kind: 'played'; file: string; error: XtapiError }
  | { kind: 'dtmf'; digit: string; via: DigitTransport | null }
  | { kind: 'digits'; gathered: Gathered }
  | { kind: 'digits'; error: XtapiError }
  | { kind: 'recorded'; file: string; recording: Recording }
  | { kind: 'recorded'; file: string; error: XtapiError }
  /** The recording could not be written to the file: the system's error code (ENOSPC, EACCES…). */
  | { kind: 'recorded'; file: string; fileError: string; message: string };

/** The playback has ended (`reason`, `frames`), or could not start (`reason` null, `error`). */
export interface PlayedLine {
  t: number;
  call: string;
  played: string;
  reason: PlaybackResult['reason'] | null;
  frames: number;
  error?: string;
  message?: string;
}

/** The far end pressed a key. */
export interface DtmfLine {
  t: number;
  call: string;
  dtmf: string;
  via: DigitTransport | null;
}

/** The gathering has ended (`digits`, `termination`), or could not start (both null, `error`). */
export interface DigitsLine {
  t: number;
  call: string;
  digits: string | null;
  termination: Gathered['termination'] | null;
  error?: string;
  message?: string;
}


/** The recording has ended and is in the file (`reason`, `ms`), or is not (`reason` null, `error`). */
export interface RecordedLine {
  t: number;
  call: string;
  recorded: string;
  reason: Recording['reason'] | null;
  /** How long the recording is, ms (0 when there is none). */
  ms: number;
  /** The LINEERR_ name, or the system's error code when the file could not be written. */
  error?: string;
  message?: string;
}

/** The length of a recording as text: seconds, to the hundredth. */
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * The `--json` line of `event` on call `callId` at `t` ms.
 *
 * @example
 * ```ts
 * mediaLine(812, 'i0.1', { kind: 'dtmf', digit: '1', via: null }); // { t: 812, call: 'i0.1', dtmf: '1', via: null }
 * ```
 */
export function mediaLine(t: number, callId: string, event: MediaEvent): PlayedLine | DtmfLine | DigitsLine | RecordedLine {
  switch (event.kind) {
    case 'played':
      if ('error' in event) return { t, call: callId, played: event.file, reason: null, frames: 0, ...lineErrorFields(event.error) };
      return { t, call: callId, played: event.file, reason: event.result.reason, frames: event.result.frames };
    case 'dtmf':
      return { t, call: callId, dtmf: event.digit, via: event.via };
    case 'digits':
      if ('error' in event) return { t, call: callId, digits: null, termination: null, ...lineErrorFields(event.error) };
      return { t, call: callId, digits: event.gathered.digits, termination: event.gathered.termination };
    case 'recorded':
      if ('error' in event) return { t, call: callId, recorded: event.file, reason: null, ms: 0, ...lineErrorFields(event.error) };
      if ('fileError' in event) return { t, call: callId, recorded: event.file, reason: null, ms: 0, error: event.fileError, message: event.message };
      return { t, call: callId, recorded: event.file, reason: event.recording.reason, ms: event.recording.durationMs };
  }
}

/**
 * `event` as the text of a progress line (after the time and the call's id), in the state column.
 *
 * @example
 * ```ts
 * mediaText({ kind: 'digits', gathered: { digits: '12#', termination: 'TERMDIGIT' } }); // 'digits        "12#" TERMDIGIT'
 * ```
 */
export function mediaText(event: MediaEvent): string {
  const failed = (error: XtapiError) => `failed: ${lineErrorText(error)}`;
  switch (event.kind) {
    case 'played': {
      const head = `${'played'.padEnd(13)} ${quoted(event.file)}: `;
      if ('error' in event) return `${head}${failed(event.error)}`;
      const { reason, frames } = event.result;
      return `${head}${reason === 'done' ? 'done' : 'cancelled'}, ${frames} frame${frames === 1 ? '' : 's'} (${seconds(frames * 20)})`;
    }
    case 'dtmf':
      return `${'dtmf'.padEnd(13)} ${event.digit}${event.via ? ` (${event.via})` : ''}`;
    case 'digits':
      if ('error' in event) return `${'digits'.padEnd(13)} ${failed(event.error)}`;
      return `${'digits'.padEnd(13)} ${quoted(event.gathered.digits)} ${event.gathered.termination}`;
    case 'recorded': {
      const head = `${'recorded'.padEnd(13)} ${quoted(event.file)}: `;
      if ('error' in event) return `${head}${failed(event.error)}`;
      if ('fileError' in event) return `${head}not written: ${event.fileError}: ${escapeUnsafe(event.message)}`;
      return `${head}${event.recording.reason}, ${seconds(event.recording.durationMs)}`;
    }
  }
}
