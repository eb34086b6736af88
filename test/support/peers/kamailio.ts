/**
 * Kamailio (Debian `kamailio`) as a peer: the loopback registrar and record-routing proxy of
 * `test/support/peers/kamailio/kamailio.cfg` on a port of its own, optionally asking for digest
 * credentials (`kamailio-auth.cfg`: REGISTER challenged with 401, INVITE with 407, password and
 * algorithm from the test). Started in the foreground (`-DD -E`), ended by its PID.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeUdpPort, PeerProcess, removeRunDir, runDir, waitAnswering, waitBound } from './process.js';

const HERE = join(dirname(fileURLToPath(import.meta.url)), 'kamailio');

/** Options of {@link startKamailio}. */
export interface KamailioOptions {
  /** Challenge REGISTER (401) and INVITE (407) with this password, for any username. */
  auth?: { password: string; algorithm: 'MD5' | 'SHA-256' };
  /** Shortest registration interval the registrar grants, s (default: Kamailio's 60). */
  minExpires?: number;
  /** How long it may live, s (outer kill). */
  limitSec?: number;
}

/** A running Kamailio. */
export interface KamailioRun {
  readonly port: number;
  readonly process: PeerProcess;
  /** Its log (stderr, `-E`). */
  log(): string;
  /** Stop it by its PID; resolves with its exit, and removes its files. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start Kamailio; resolves once it listens. */
export async function startKamailio(options: KamailioOptions = {}): Promise<KamailioRun> {
  const dir = runDir('kamailio');
  const port = await freeUdpPort();
  let config = readFileSync(join(HERE, options.auth ? 'kamailio-auth.cfg' : 'kamailio.cfg'), 'utf8').replace('listen=udp:127.0.0.1:5060', `listen=udp:127.0.0.1:${port}`);
  if (options.auth) config = config.replaceAll('__PASSWORD__', options.auth.password).replaceAll('__ALGORITHM__', options.auth.algorithm);
  if (options.minExpires !== undefined) config = config.replace('modparam("registrar", "max_expires", 3600)', `modparam("registrar", "max_expires", 3600)\nmodparam("registrar", "min_expires", ${options.minExpires})`);
  const file = join(dir, 'kamailio.cfg');
  writeFileSync(file, config);
  const log = join(dir, 'kamailio.log');
  // Kamailio has no timeout of its own: `timeout` bounds it even if this process dies first, and
  // passes our SIGTERM on (its exit code is then Kamailio's).
  const limit = options.limitSec ?? 120;
  const args = ['--kill-after=5', String(limit), 'kamailio', '-f', file, '-DD', '-E', '-m', '64', '-M', '8', '-Y', dir];
  const process = new PeerProcess('timeout', args, { cwd: dir, log, limitMs: (limit + 10) * 1000 });
  // Kamailio's own answer names it (Server: kamailio …); it exits at once if it cannot bind.
  if (!(await waitBound(port, 30_000, process)) || !(await waitAnswering(port, 30_000, (text) => /\r\nServer: kamailio/i.test(text))) || process.ended) {
    await process.stop();
    throw new Error(`kamailio did not listen on 127.0.0.1:${port}: ${readFileSync(log, 'utf8').slice(-3000)}`);
  }
  return {
    port,
    process,
    log: () => readFileSync(log, 'utf8'),
    async stop() {
      // Kamailio stops its children one by one: on a loaded machine that takes seconds, and a
      // SIGKILL after a short grace would leave no exit code to check.
      const exit = await process.stop(15_000);
      removeRunDir(dir);
      return exit;
    },
  };
}

/**
 * Whether Kamailio ended as asked: exit code 0 after our SIGTERM, or ended by that SIGTERM
 * itself (seen once with the CPU loaded: its main process went down by the signal, not by its
 * handler). A crash (a non-zero code, SIGSEGV, SIGABRT) or a SIGKILL after the grace period is
 * not clean.
 */
export function endedCleanly(exit: { code: number | null; signal: NodeJS.Signals | null }): boolean {
  return exit.code === 0 || exit.signal === 'SIGTERM';
}
