/**
 * `xtapi board`: a telephony on the simulated switch (or a SIP account) with the call board on a
 * local page, from which calls can be placed and dropped. The page works offline; nothing is
 * loaded from the internet. Only the page at the printed address (it carries the board's token)
 * can use it.
 */
import { createTelephony } from '../phone/telephony.js';
import type { CliIo } from './cli-io.js';
import { HELP, USAGE } from './help.js';
import { planLines } from './number-plan.js';
import { parseCommandLine } from './parse-command-line.js';
import { chooseProvider, PROVIDER_OPTIONS, type ProviderChoice } from './provider-options.js';
import { escapeUnsafe, quoted } from './quote.js';
import { untilInterrupted } from './until-interrupted.js';
import { reportUsage, UsageError } from './usage-error.js';

const BOARD_OPTIONS = {
  ...PROVIDER_OPTIONS,
  port: { type: 'string', default: '8090' },
  host: { type: 'string', default: '127.0.0.1' },
  lines: { type: 'string' },
  'strip-numbers': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** The first line `xtapi board --json` prints: where the page and its feed are. */
export interface BoardLine {
  url: string;
  feed: string;
}

/**
 * Run `xtapi board`; resolves with the exit status once interrupted (Ctrl-C).
 *
 * @example
 * ```ts
 * const status = await boardCommand(['--port', '0'], { out: console.log, err: console.error });
 * // xtapi: call board on http://127.0.0.1:41234/?token=… (Ctrl-C to stop)
 * ```
 */
export async function boardCommand(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let choice: ProviderChoice;
  let options: { port: number; host: string; stripNumbers: boolean; json: boolean };
  try {
    const { values } = parseCommandLine(argv, BOARD_OPTIONS, 0);
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) throw new UsageError(`--port takes a port (0-65535), not ${quoted(values.port)}`);
    if (values.lines !== undefined && values.provider !== 'sim') throw new UsageError('--lines is an option of --provider sim: a SIP account is one line');
    const lines = values.lines ?? '2';
    if (!/^[1-9]\d?$/.test(lines)) throw new UsageError(`--lines takes a number of lines (1-99), not ${quoted(lines)}`);
    options = { port: Number(values.port), host: values.host, stripNumbers: values['strip-numbers'], json: values.json };
    choice = chooseProvider(values, { lines: Number(lines) }, env, io.err);
  } catch (error) {
    if (error instanceof UsageError) return reportUsage(io, error, USAGE.board);
    throw error;
  }
  const telephony = createTelephony({ providers: [choice.provider] });
  try {
    // Loaded here, so `xtapi call` does not load a web server it does not use.
    const { startBoard } = await import('../board/board-server.js');
    const board = await startBoard(telephony, {
      port: options.port,
      host: options.host,
      control: true,
      // Calls can arrive only on an open line (over SIP: a registered one).
      openLines: true,
      stripNumbers: options.stripNumbers,
      onWarning: (message) => io.err(`xtapi: warning: ${escapeUnsafe(message)}`),
    });
    if (options.json) {
      io.out(JSON.stringify({ url: board.url, feed: board.feedUrl } satisfies BoardLine));
    } else {
      io.out(`xtapi: call board on ${board.url} (Ctrl-C to stop)`);
      if (choice.kind === 'sim') {
        io.out('the number plan of the simulated switch:');
        for (const line of planLines('  ')) io.out(line);
      }
    }
    await untilInterrupted();
    await board.close();
    return 0;
  } catch (error) {
    io.err(`xtapi: cannot serve the board: ${(error as Error).message}`);
    return 1;
  } finally {
    await telephony.shutdown();
  }
}
