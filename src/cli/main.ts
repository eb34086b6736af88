#!/usr/bin/env node
/**
 * The `xtapi` command line. `xtapi --help` says what it does.
 */
import { readFileSync } from 'node:fs';
import { callCommand, type CliIo } from './call-command.js';
import { HELP } from './help.js';

/** Run the command line with `argv` (without node and the script); resolves with the exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    io.out(pkg.version);
    return 0;
  }
  if (command === 'call') return callCommand(rest, io);
  // Loaded on demand: `xtapi call` should not pay for Graphviz or a web server.
  if (command === 'diagram') return (await import('./diagram-command.js')).diagramCommand(rest, io);
  if (command === 'board') return (await import('./board-command.js')).boardCommand(rest, io);
  io.err(`xtapi: unknown command "${command}"\nTry "xtapi --help".`);
  return 2;
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
