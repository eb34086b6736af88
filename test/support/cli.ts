/**
 * The built `xtapi` command, spawned as a real process (`npm test` builds first), for the tests
 * that check what a user at a terminal sees: output, JSON lines, exit status.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built command line. */
export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** What a run printed and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Fail at once, with the remedy, when the build is missing. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
}

/** Run `xtapi …args` to its end (bounded by `timeout` ms); never rejects. */
export function runCli(args: readonly string[], options: { timeout?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: options.timeout ?? 45_000, env: options.env ?? process.env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The JSON lines of `--json` output. */
export const jsonLines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

/** A running `xtapi …` process: what it printed so far, a wait for a line, Ctrl-C, its end. */
export interface CliProcess {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the first stdout line that matches (rejects after `ms`, 15 s by default). */
  line(pattern: RegExp, ms?: number): Promise<string>;
  /** Ctrl-C: SIGINT to the process, by its PID. */
  interrupt(): void;
  /** The end of the run (it is killed after `timeout` ms, 45 s by default). */
  readonly ended: Promise<CliRun>;
}

/** Start `xtapi …args` and leave it running, for tests that talk to it while it runs (Ctrl-C). */
export function startCli(args: readonly string[], options: { timeout?: number; env?: NodeJS.ProcessEnv } = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const wake of [...waiters]) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const limit = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 45_000);
  let closed = false;
  const ended = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      closed = true;
      for (const wake of [...waiters]) wake();
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr });
    });
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    line(pattern, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = stdout.split('\n').find((l) => pattern.test(l));
          if (found === undefined && !closed) return;
          waiters.delete(check);
          clearTimeout(timer);
          if (found === undefined) reject(new Error(`xtapi ended without printing ${pattern}:\n${stdout}${stderr}`));
          else resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no line ${pattern} within ${ms} ms:\n${stdout}${stderr}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    interrupt: () => void child.kill('SIGINT'),
    ended,
  };
}
