/**
 * What `xtapi listen` prints, as text for a person or, with `--json`, as one JSON object per
 * line for a program (notices then go to stderr, so stdout holds JSON only). Whatever the network
 * says about a caller (number, name, the address called) is shown quoted, control characters
 * escaped: over SIP it is whatever the caller chose to send.
 */
import type { CallCause, CallStateEvent } from '../../machines/events.js';
import type { Clock } from '../../providers/provider.js';
import type { Call, Caller } from '../phone/call.js';
import type { XtapiError } from '../phone/errors.js';
import type { Line } from '../phone/line.js';
import type { ErrorLine, StateLine } from './call-result.js';
import type { CliIo } from './cli-io.js';
import { causeCodes, lineErrorFields, lineErrorText } from './line-error.js';
import { type MediaEvent, mediaLine, mediaText } from './media-lines.js';
import { INCOMING_REASONS, type IncomingEndLine, type IncomingLine, type IncomingResult, incomingResultOf, type ListeningLine } from './listen-result.js';
import { progressText, stateText } from './progress-text.js';
import { escapeUnsafe, quoted } from './quote.js';

/**
 * A caller as text: its number and name quoted (control characters escaped), or that it withheld
 * its number.
 *
 * @example
 * ```ts
 * callerText({ number: '5550123', name: 'Bob' }); // '"5550123" ("Bob")'
 * callerText({ number: null, name: null });       // 'a withheld number'
 * ```
 */
export function callerText(caller: Caller | null): string {
  if (!caller || caller.number === null) return caller?.name ? `a withheld number (${quoted(caller.name)})` : 'a withheld number';
  return `${quoted(caller.number)}${caller.name ? ` (${quoted(caller.name)})` : ''}`;
}

/**
 * Prints one `xtapi listen` run: times are ms since the line started listening.
 *
 * @example
 * ```ts
 * const printer = new ListenPrinter({ out: console.log, err: console.error }, false, telephony.clock);
 * printer.listening(line, 'simulated', 'answering each call at once');
 * line.on('incoming', (call) => printer.arrived(call));
 * ```
 */
export class ListenPrinter {
  private start: number;
  private readonly results: IncomingResult[] = [];

  constructor(
    private readonly io: CliIo,
    private readonly json: boolean,
    private readonly clock: Clock,
  ) {
    this.start = clock.now();
  }

  private since(): number {
    return Math.round(this.clock.now() - this.start);
  }

  private print(line: ListeningLine | IncomingLine | StateLine | IncomingEndLine | ErrorLine | ReturnType<typeof mediaLine>): void {
    this.io.out(JSON.stringify(line));
  }

  /** A notice for the person at the terminal (stderr with --json). */
  notice(text: string): void {
    if (this.json) this.io.err(text);
    else this.io.out(text);
  }

  /** The line listens: times count from now. */
  listening(line: Line, provider: string, policy: string): void {
    this.start = this.clock.now();
    const { deviceId, device } = line;
    if (this.json) this.print({ listening: { line: deviceId, name: device.name, address: device.address, provider } });
    else this.io.out(`xtapi: listening on ${device.name} (${provider}), address ${quoted(device.address)}: ${policy} (Ctrl-C to stop)`);
  }

  /** A call arrived: who calls, and the state it is in already (offering). */
  arrived(call: Call): void {
    const t = this.since();
    if (this.json) {
      this.print({ t, call: call.id, caller: call.caller ?? { number: null, name: null }, called: call.called });
    } else {
      const called = call.called === null ? '' : ` to ${quoted(call.called)}`;
      this.io.out(progressText(t, call.id, `call from ${callerText(call.caller)}${called}`));
    }
    this.state({ type: 'state', callId: call.id, state: call.state, mode: call.mode, at: this.clock.now() });
  }

  /** A state change of a call. */
  state(event: CallStateEvent): void {
    if (this.json) this.print({ t: this.since(), call: event.callId, state: event.state, mode: event.mode });
    else this.io.out(progressText(this.since(), event.callId, stateText(event.state, event.mode)));
  }

  /** What `--play` or `--gather` did on a call: the playback's end, a key, the gathering's end. */
  media(callId: string, event: MediaEvent): void {
    if (this.json) this.print(mediaLine(this.since(), callId, event));
    else this.io.out(progressText(this.since(), callId, mediaText(event)));
  }

  /** A call has ended: what it came to. */
  ended(callId: string, cause: CallCause, connectedMs: number): void {
    const result = incomingResultOf(cause);
    this.results.push(result);
    if (this.json) return this.print({ t: this.since(), call: callId, result, cause, connectedMs });
    const mode = causeCodes(cause);
    if (result === 'answered') {
      const by = cause.origin === 'local' ? 'by us' : 'by the caller';
      this.io.out(`${callId}: answered, connected for ${(connectedMs / 1000).toFixed(1)} s; ended ${by} (${mode})`);
    } else {
      this.io.out(`${callId}: ${INCOMING_REASONS[result]} (${mode})${cause.message && result === 'error' ? `: ${escapeUnsafe(cause.message)}` : ''}`);
    }
  }

  /** Listening has stopped: how many calls came, and how many were answered (text only). */
  stopped(interrupted: boolean): void {
    if (this.json) return;
    const answered = this.results.filter((result) => result === 'answered').length;
    const calls = this.results.length;
    this.io.out(`xtapi: stopped listening${interrupted ? ' (interrupted)' : ''}: ${calls} call${calls === 1 ? '' : 's'}, ${answered} answered`);
  }

  /** The line could not be opened: the LINEERR_ and why (a JSON error line with --json). */
  cannotListen(deviceId: number, error: XtapiError): void {
    if (this.json) this.print({ result: 'error', cause: null, ...lineErrorFields(error) });
    else this.io.err(`xtapi: cannot listen on line ${deviceId}: ${lineErrorText({ code: error.code, message: error.message.replace(/^line \d+ could not be opened: /, '') })}`);
  }
}
