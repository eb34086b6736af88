#!/usr/bin/env node
/**
 * The `xtapi` command line. `xtapi --help` says what it does.
 *
 * One convention for every mistake: a usage error (no command, an unknown one, a bad option) is
 * said on stderr with the usage line and exits 2; help asked for (`--help`) goes to stdout and
 * exits 0.
 */
import { readFileSync } from 'node:fs';
import { callCommand } from './call-command.js';
import type { CliIo } from './cli-io.js';
import { HELP, USAGE } from './help.js';
import { quoted } from './quote.js';
import { reportUsage, UsageError } from './usage-error.js';

/**
 * Run the command line with `argv` (without node and the script); resolves with the exit status.
 *
 * @example
 * ```ts
 * await main(['call', '5550111', '--json'], { out: console.log, err: console.error }); // 0
 * ```
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) return reportUsage(io, new UsageError('no command given'), USAGE.main);
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    io.out(pkg.version);
    return 0;
  }
  if (command === 'call') return callCommand(rest, io);
  // Loaded on demand: `xtapi call` should not pay for Graphviz or a web server.
  if (command === 'diagram') return (await import('./diagram-command.js')).diagramCommand(rest, io);
  if (command === 'listen') return (await import('./listen-command.js')).listenCommand(rest, io);
  if (command === 'board') return (await import('./board-command.js')).boardCommand(rest, io);
  return reportUsage(io, new UsageError(`unknown command ${quoted(command)}`), USAGE.main);
}

const io: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };
main(process.argv.slice(2), io).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error('xtapi: internal error:', error);
    process.exitCode = 70;
  },
);
