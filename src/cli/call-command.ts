/**
 * `xtapi call`: place one call on the simulated provider and follow it to its end. The main job
 * of the package, and a small example of the modern API.
 */
import { parseArgs } from 'node:util';
import type { CallCause, CallStateEvent } from '../../machines/events.js';
import { simulatedProvider } from '../../providers/simulated/simulated-provider.js';
import type { Outcome } from '../../providers/simulated/directory.js';
import { XtapiError } from '../phone/errors.js';
import { createTelephony } from '../phone/telephony.js';
import { optionalPort, untilInterrupted } from './board-command.js';

/** What the command prints to and exits with. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** The one-word result of a call, as `--json` prints it. */
export type CallResult = 'connected' | 'busy' | 'no-answer' | 'unreachable' | 'rejected' | 'error';

const OUTCOMES: readonly Outcome[] = ['answer', 'busy', 'no-answer', 'unreachable', 'reject'];

/** The result a cause stands for. */
export function resultOf(cause: CallCause): CallResult {
  if (cause.connected) return 'connected';
  switch (cause.mode) {
    case 'BUSY':
      return 'busy';
    case 'NOANSWER':
      return 'no-answer';
    case 'UNREACHABLE':
      return 'unreachable';
    case 'REJECT':
      return 'rejected';
    default:
      return 'error';
  }
}

const REASONS: Record<CallResult, string> = {
  connected: 'connected',
  busy: 'the far end is busy',
  'no-answer': 'no answer',
  unreachable: 'the far end cannot be reached',
  rejected: 'the far end rejected the call',
  error: 'the call failed',
};

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      provider: { type: 'string', default: 'sim' },
      outcome: { type: 'string', default: 'answer' },
      'hangup-after': { type: 'string', default: '2000' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('xtapi call takes exactly one address');
  if (values.provider !== 'sim') throw new UsageError(`unknown provider "${values.provider}" (only "sim" is available)`);
  if (!OUTCOMES.includes(values.outcome as Outcome)) throw new UsageError(`unknown outcome "${values.outcome}" (${OUTCOMES.join(', ')})`);
  const hangupAfter = Number(values['hangup-after']);
  if (!/^\d+$/.test(values['hangup-after'] ?? '') || !Number.isSafeInteger(hangupAfter)) {
    throw new UsageError(`--hangup-after takes a whole number of milliseconds, not "${values['hangup-after']}"`);
  }
  return { address: positionals[0], outcome: values.outcome as Outcome, hangupAfter, json: values.json === true };
}

/** Run `xtapi call`; resolves with the exit status. */
export async function callCommand(argv: string[], io: CliIo): Promise<number> {
  let options: ReturnType<typeof parse>;
  let inspect: ReturnType<typeof optionalPort>;
  let board: ReturnType<typeof optionalPort>;
  try {
    // `--inspect [port]` and `--board [port]` take an optional value, which parseArgs cannot.
    inspect = optionalPort(argv, '--inspect', 1);
    board = optionalPort(inspect.argv, '--board', 1);
    options = parse(board.argv);
  } catch (error) {
    io.err(`xtapi: ${(error as Error).message}\nTry "xtapi --help".`);
    return 2;
  }
  const { address, outcome, hangupAfter, json } = options;
  const telephony = createTelephony({
    providers: [simulatedProvider({ defaultOutcome: { outcome } })],
    inspect: inspect.on ? { port: inspect.port ?? 8080 } : undefined,
  });
  // With --json, stdout is for JSON lines only: the addresses go to stderr.
  const notify = (line: string) => (json ? io.err(line) : io.out(line));
  let boardServer: { url: string; firstViewer: Promise<void>; close(): Promise<void> } | undefined;
  const start = telephony.clock.now();
  const since = () => Math.round(telephony.clock.now() - start);
  const pad = (text: string, n: number) => text.padEnd(n);
  try {
    if (inspect.on) {
      const info = await telephony.inspector.catch((error: Error) => {
        throw new XtapiError('RESOURCEUNAVAIL', `the inspector cannot start: ${error.message}`);
      });
      notify(`xtapi: inspector on ${info?.pageUrl} (its page shows https://stately.ai/inspect, which needs the internet; phone numbers are stripped)`);
    }
    if (board.on) {
      const { startBoard } = await import('../board/board-server.js');
      boardServer = await startBoard(telephony, { port: board.port ?? 8090 }).catch((error: Error) => {
        throw new XtapiError('RESOURCEUNAVAIL', `the board cannot start: ${error.message}`);
      });
      notify(`xtapi: call board on ${boardServer.url}; the call starts when the page is open (Ctrl-C to stop)`);
      const waiting = new AbortController();
      const opened = await Promise.race([boardServer.firstViewer.then(() => true), untilInterrupted(waiting.signal).then(() => false)]);
      waiting.abort();
      if (!opened) {
        await boardServer.close();
        boardServer = undefined;
        return 130;
      }
    }
    const line = await telephony.openLine(0);
    const call = await line.createCall(address);
    if (!json) io.out(`xtapi: calling ${address} on ${line.device.name} (${telephony.devices[0].providerName}), far end: ${outcome}`);
    let connectedAt: number | null = null;
    let hangup: ReturnType<typeof setTimeout> | undefined;
    const show = (event: CallStateEvent) => {
      if (json) io.out(JSON.stringify({ t: since(), call: event.callId, state: event.state, mode: event.mode }));
      else io.out(`${String(since()).padStart(6)} ms  ${pad(event.callId, 4)} ${pad(event.state, 13)} ${event.mode ?? ''}`.trimEnd());
      if (event.state === 'connected') {
        connectedAt = telephony.clock.now();
        hangup = setTimeout(() => void call.drop(), hangupAfter);
      }
    };
    call.on('state', show);
    await call.request({ type: 'MAKE' }).catch(() => {});
    const interrupt = () => void call.drop();
    process.once('SIGINT', interrupt);
    const cause = await call.ended();
    process.off('SIGINT', interrupt);
    clearTimeout(hangup);
    const result = resultOf(cause);
    const connectedMs = connectedAt === null ? 0 : Math.round(telephony.clock.now() - connectedAt);
    if (json) {
      io.out(JSON.stringify({ result, cause, connectedMs }));
    } else if (result === 'connected') {
      const by = cause.origin === 'local' ? 'by us' : 'by the far end';
      io.out(`connected for ${(connectedMs / 1000).toFixed(1)} s; ended ${by} (LINEDISCONNECTMODE_${cause.mode})`);
    } else {
      io.out(`failed: ${REASONS[result]} (LINEDISCONNECTMODE_${cause.mode}${cause.error ? `, LINEERR_${cause.error}` : ''})`);
    }
    return result === 'connected' ? 0 : 1;
  } catch (error) {
    if (error instanceof XtapiError) {
      const usage = error.code === 'INVALADDRESS' || error.code.startsWith('DIAL');
      if (json) io.out(JSON.stringify({ result: 'error', cause: null, error: `LINEERR_${error.code}`, message: error.message }));
      else io.err(`xtapi: cannot call "${address}": LINEERR_${error.code}: ${error.message}`);
      return usage ? 2 : 1;
    }
    throw error;
  } finally {
    if (boardServer) {
      // The board was opened to watch the call: leave it up to be read.
      notify('xtapi: the call has ended; the board stays up until Ctrl-C');
      await untilInterrupted();
      await boardServer.close();
    }
    await telephony.shutdown();
  }
}
