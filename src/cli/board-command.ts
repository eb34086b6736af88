/**
 * `xtapi board`: a telephony on the simulated switch with the call board on a local page, from
 * which calls can be placed and dropped. The page works offline; nothing is loaded from the
 * internet.
 */
import { parseArgs } from 'node:util';
import { simulatedProvider } from '../../providers/simulated/simulated-provider.js';
import type { NumberEntry } from '../../providers/simulated/directory.js';
import { createTelephony } from '../phone/telephony.js';
import type { CliIo } from './call-command.js';

/** The numbers of the board's simulated switch: what each far end does. */
export const BOARD_NUMBERS: Readonly<Record<string, NumberEntry & { note: string }>> = {
  '5550111': { outcome: 'answer', rings: 2, note: 'answers after two rings' },
  '5550122': { outcome: 'busy', note: 'is busy' },
  '5550133': { outcome: 'no-answer', rings: 5, note: 'rings, nobody answers' },
  '5550144': { outcome: 'unreachable', note: 'cannot be reached' },
  '5550155': { outcome: 'reject', rings: 1, note: 'rejects the call' },
  '5550166': { outcome: 'answer', rings: 1, hangupAfterMs: 5_000, note: 'answers, hangs up after 5 s' },
};

/**
 * Take an option with an optional port (`--inspect`, `--inspect 9000`, `--inspect=9000`) out of
 * `argv`. A number after the flag is its port only if it could be one (1 to 5 digits, at most
 * 65535) and a positional argument would still be left where one is needed.
 *
 * @example
 * ```ts
 * optionalPort(['5550111', '--inspect', '9000'], '--inspect', 1);
 * // { argv: ['5550111'], on: true, port: 9000 }
 * ```
 */
export function optionalPort(argv: readonly string[], flag: string, positionalsNeeded = 0): { argv: string[]; on: boolean; port: number | undefined } {
  const rest: string[] = [];
  let on = false;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith(`${flag}=`)) {
      on = true;
      port = Number(arg.slice(flag.length + 1));
      if (!/^\d{1,5}$/.test(arg.slice(flag.length + 1)) || port > 65535) throw new RangeError(`${flag} takes a port (0-65535), not "${arg.slice(flag.length + 1)}"`);
      continue;
    }
    if (arg !== flag) {
      rest.push(arg);
      continue;
    }
    on = true;
    const next = argv[i + 1];
    const positionalsLeft = argv.slice(i + 2).filter((a) => !a.startsWith('-')).length + rest.filter((a) => !a.startsWith('-')).length;
    if (next !== undefined && /^\d{1,5}$/.test(next) && Number(next) <= 65535 && positionalsLeft >= positionalsNeeded) {
      port = Number(next);
      i++;
    }
  }
  return { argv: rest, on, port };
}

/** Resolve on Ctrl-C (SIGINT) or SIGTERM; an aborted `signal` stops listening (the promise then never settles). */
export function untilInterrupted(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    signal?.addEventListener('abort', () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
    });
  });
}

/** Run `xtapi board`; resolves with the exit status once interrupted. */
export async function boardCommand(argv: string[], io: CliIo): Promise<number> {
  let values: { port?: string; lines?: string; 'strip-numbers'?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string', default: '8090' }, lines: { type: 'string', default: '2' }, 'strip-numbers': { type: 'boolean', default: false } },
    }));
    if (!/^\d{1,5}$/.test(values.port ?? '') || Number(values.port) > 65535) throw new Error(`--port takes a port (0-65535), not "${values.port}"`);
    if (!/^[1-9]\d?$/.test(values.lines ?? '')) throw new Error(`--lines takes a number of lines (1-99), not "${values.lines}"`);
  } catch (error) {
    io.err(`xtapi: ${(error as Error).message}\nTry "xtapi --help".`);
    return 2;
  }
  const telephony = createTelephony({ providers: [simulatedProvider({ lines: Number(values.lines), numbers: BOARD_NUMBERS })] });
  try {
    // Loaded here, so `xtapi call` does not load a web server it does not use.
    const { startBoard } = await import('../board/board-server.js');
    const board = await startBoard(telephony, { port: Number(values.port), control: true, stripNumbers: values['strip-numbers'] === true });
    io.out(`xtapi: call board on ${board.url} (Ctrl-C to stop)`);
    io.out('numbers of the simulated switch (any other number answers after one ring):');
    for (const [number, entry] of Object.entries(BOARD_NUMBERS)) io.out(`  ${number}  ${entry.note}`);
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
