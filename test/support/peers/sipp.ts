/**
 * SIPp (Debian `sip-tester`) as a peer: one run = one process on its own loopback port, bounded
 * by `-m` calls, `-timeout … -timeout_error` and an outer kill, with `-trace_stat` (the final
 * counts), `-trace_err` (what went wrong) and optionally `-trace_msg` (every message).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeUdpPort, PeerProcess, removeRunDir, runDir, waitBound } from './process.js';

/** The scenario files kept with the tests (`docs/reference/sip-peers.md` says how they are written). */
export const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), 'sipp');
/** When run from `dist-bench/`, the scenarios are still the source tree's. */
const scenarioDir = existsSync(SCENARIOS) ? SCENARIOS : join(process.cwd(), 'test/support/peers/sipp');

/** Options of {@link startSipp}. */
export interface SippOptions {
  /** A scenario file name in `test/support/peers/sipp` (e.g. `uas_answer.xml`), or `sn:uac` for a built-in. */
  scenario: string;
  /** Edit the scenario text before it runs (e.g. 486 → 600). */
  edit?: (xml: string) => string;
  /**
   * Shorten the scenario's `<timewait>` (2 s in the shared files) to this, in ms. The wait only
   * absorbs late retransmissions, and with the tests' T1 of 50 ms those come within 400 ms.
   */
  timewaitMs?: number;
  /** Calls before it exits (`-m`). */
  calls: number;
  /** Its own timeout in seconds (`-timeout Ns -timeout_error`); the outer kill comes 10 s later. */
  timeoutSec: number;
  /** Local port (default: a free one). */
  port?: number;
  /** For a caller: the host:port it calls. */
  remote?: string;
  /** Keep every message (`-trace_msg`). */
  traceMessages?: boolean;
  /** More arguments. */
  args?: string[];
}

/** A running SIPp. */
export interface SippRun {
  readonly port: number;
  readonly dir: string;
  readonly process: PeerProcess;
  /** The final row of `-trace_stat`, by column name (read after exit). */
  stats(): Record<string, string>;
  /** The `-trace_err` log ('' when there was none). */
  errors(): string;
  /** The `-trace_msg` log ('' without `traceMessages`). */
  messages(): string;
  /** A line to show when an assertion on this run fails. */
  report(): string;
  /** Stop it (by PID) and remove its files, unless KEEP_PEER_LOGS is set. */
  dispose(): Promise<void>;
}

const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

/** Start SIPp; resolves once it has bound its port. */
export async function startSipp(options: SippOptions): Promise<SippRun> {
  const dir = runDir('sipp');
  const port = options.port ?? (await freeUdpPort());
  const args: string[] = [];
  if (options.scenario.startsWith('sn:')) args.push('-sn', options.scenario.slice(3));
  else {
    const file = join(dir, options.scenario);
    let xml = readFileSync(join(scenarioDir, options.scenario), 'utf8');
    if (options.edit) xml = options.edit(xml);
    if (options.timewaitMs !== undefined) xml = xml.replace(/<timewait milliseconds="\d+"\/>/g, `<timewait milliseconds="${options.timewaitMs}"/>`);
    writeFileSync(file, xml);
    args.push('-sf', file);
  }
  if (options.remote) args.push(options.remote);
  args.push('-i', '127.0.0.1', '-p', String(port), '-m', String(options.calls), '-nostdin');
  args.push('-timeout', `${options.timeoutSec}s`, '-timeout_error');
  args.push('-trace_stat', '-stf', join(dir, 'stat.csv'), '-trace_err', '-error_file', join(dir, 'err.log'));
  if (options.traceMessages) args.push('-trace_msg', '-message_file', join(dir, 'msg.log'));
  args.push(...(options.args ?? []));
  const process = new PeerProcess('sipp', args, { cwd: dir, log: join(dir, 'screen.log'), limitMs: (options.timeoutSec + 10) * 1000 });
  // Bound, and by this SIPp: one that could not bind its port exits at once (code 254). A short
  // caller (one REGISTER) may have done its work and exited between two looks at the port; on a
  // busy machine that is no failure, so its exit code decides.
  const bound = await waitBound(port, 15_000, process);
  await new Promise((resolve) => setTimeout(resolve, 30));
  const exit = process.ended ? await process.exited : null;
  if ((!bound && !exit) || exit?.code === 254 || (!bound && exit?.code === 255)) {
    await process.stop();
    throw new Error(`sipp did not bind 127.0.0.1:${port}: ${read(join(dir, 'screen.log')).slice(-2000)}`);
  }
  const run: SippRun = {
    port,
    dir,
    process,
    stats() {
      const lines = read(join(dir, 'stat.csv')).trim().split('\n');
      if (lines.length < 2) return {};
      const names = lines[0].split(';');
      const values = lines[lines.length - 1].split(';');
      return Object.fromEntries(names.map((name, i) => [name, values[i]]));
    },
    errors: () => read(join(dir, 'err.log')),
    messages: () => read(join(dir, 'msg.log')),
    report() {
      const s = run.stats();
      return `sipp ${options.scenario} on ${port}: successful=${s['SuccessfulCall(C)']} failed=${s['FailedCall(C)']} in ${dir}\n${run.errors().slice(-3000)}`;
    },
    async dispose() {
      await process.stop();
      removeRunDir(dir);
    },
  };
  return run;
}

/** The counts a test asserts on, as numbers. */
export function sippTotals(run: SippRun): { successful: number; failed: number; retransmissions: number; outOfCall: number } {
  const s = run.stats();
  return {
    successful: Number(s['SuccessfulCall(C)'] ?? NaN),
    failed: Number(s['FailedCall(C)'] ?? NaN),
    retransmissions: Number(s['Retransmissions(C)'] ?? NaN),
    outOfCall: Number(s['OutOfCallMsgs(C)'] ?? NaN),
  };
}

/** How long a run took by its own `-trace_stat`: CurrentTime minus StartTime, in ms (µs resolution). */
export function sippElapsedMs(run: SippRun): number {
  const stats = run.stats();
  const epoch = (field: string) => Number((stats[field] ?? '').split('\t').at(-1));
  return (epoch('CurrentTime') - epoch('StartTime')) * 1000;
}

/**
 * Register a SIPp callee at a registrar (`uac_register.xml`): `user` bound to the callee's
 * address. Resolves with the registering SIPp once it has exited (assert on its code).
 */
export async function registerAt(registrar: number, user: string, callee: SippRun): Promise<SippRun> {
  const run = await startSipp({ scenario: 'uac_register.xml', remote: `127.0.0.1:${registrar}`, calls: 1, timeoutSec: 10, args: ['-s', user, '-key', 'contact', `127.0.0.1:${callee.port}`] });
  await run.process.exited;
  return run;
}
