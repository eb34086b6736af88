/**
 * Running the real peers (SIPp, Kamailio, baresip) from tests and benchmarks: is a program
 * installed, which loopback UDP port is free, and a child process that is bounded in time and
 * ended by its PID. Nothing here imports vitest, so the benchmarks use it too.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a program is on the PATH. */
export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Which peers a test file needs, and what to do when one is missing: in CI (`CI=true`) a
 * missing peer fails the run; elsewhere the tests skip and say why.
 */
export function peersFor(...names: string[]): { skip: boolean; reason: string; missing: string[]; assert(): void } {
  const missing = names.filter((name) => !hasCommand(name));
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const reason = missing.length ? `(skipped: ${missing.join(', ')} not installed; run scripts/install-test-deps.sh)` : '';
  return {
    skip: missing.length > 0 && !ci,
    reason,
    missing,
    assert() {
      if (missing.length) throw new Error(`peer programs missing: ${missing.join(', ')} (CI must install them: scripts/install-test-deps.sh)`);
    },
  };
}

/**
 * Ports for peers come from 20000-31999, below Linux's ephemeral range (32768 and up), so no
 * socket bound to port 0 anywhere can take one; each vitest worker has its own thousand, so test
 * files running in parallel never pick the same port.
 */
const worker = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? process.pid) % 12;
const BASE = 20_000 + worker * 1000;
let cursor = Math.floor(Math.random() * 1000);

/** A free UDP port on 127.0.0.1 from this worker's range (checked by binding it). */
export async function freeUdpPort(): Promise<number> {
  for (let tries = 0; tries < 1000; tries++) {
    const port = BASE + (cursor++ % 1000);
    if (!(await isBound(port))) return port;
  }
  throw new Error(`no free UDP port in ${BASE}-${BASE + 999}`);
}

/** Whether some process has bound `port` on 127.0.0.1 (UDP). */
export function isBound(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(true));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(false)));
  });
}

/**
 * Whether some socket is bound to UDP `port` on 127.0.0.1 or on any address, read from the
 * kernel's table (/proc/net/udp) without touching the port: probing it by binding it, as
 * {@link isBound} does, would take it for a moment, and a peer binding it in that moment fails
 * with "Address already in use".
 */
function listed(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .some((row) => {
      const local = row.trim().split(/\s+/)[1] ?? '';
      return local.endsWith(hex) && (local.startsWith('0100007F') || local.startsWith('00000000'));
    });
}

/** Wait until `port` is bound (the peer is listening); false after `ms`, or once `peer` has exited. */
export async function waitBound(port: number, ms = 5000, peer?: PeerProcess): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end && !peer?.ended) {
    if (listed(port)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/**
 * Wait until a SIP peer answers: an OPTIONS every 100 ms until a response comes (a peer can be
 * bound before its workers take requests) that `ours` accepts: on a shared machine another
 * program may hold the port our peer failed to bind. False after `ms`.
 */
export function waitAnswering(port: number, ms = 10_000, ours: (response: string) => boolean = () => true): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    let timer: NodeJS.Timeout | undefined;
    const done = (ok: boolean) => {
      clearInterval(timer);
      clearTimeout(limit);
      socket.close();
      resolve(ok);
    };
    const limit = setTimeout(() => done(false), ms);
    socket.on('message', (data) => {
      if (ours(data.toString('utf8'))) done(true);
    });
    socket.on('error', () => {});
    socket.bind(0, '127.0.0.1', () => {
      const me = socket.address().port;
      const probe = () =>
        socket.send(
          [`OPTIONS sip:probe@127.0.0.1:${port} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bKprobe${Date.now()}`, 'Max-Forwards: 70', `From: <sip:probe@127.0.0.1:${me}>;tag=p`, `To: <sip:probe@127.0.0.1:${port}>`, `Call-ID: probe-${me}`, 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n'),
          port,
          '127.0.0.1',
        );
      probe();
      timer = setInterval(probe, 100);
    });
  });
}

/** A fresh temporary directory for one peer run. */
export function runDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `xtapi-${prefix}-`));
}

/** Remove a run's directory, unless KEEP_PEER_LOGS asks to keep every log. */
export function removeRunDir(dir: string): void {
  if (!process.env.KEEP_PEER_LOGS) rmSync(dir, { recursive: true, force: true });
}

/** How a peer process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A peer process: started with its output in a file, killed by its PID after `limitMs` at the latest. */
export class PeerProcess {
  readonly pid: number;
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private readonly guard: NodeJS.Timeout;

  constructor(command: string, args: string[], options: { cwd: string; log: string; limitMs: number; stdin?: 'ignore' | 'pipe' }) {
    const out = openSync(options.log, 'a');
    this.child = spawn(command, args, { cwd: options.cwd, stdio: [options.stdin ?? 'ignore', out, out] });
    closeSync(out);
    if (this.child.pid === undefined) throw new Error(`${command} did not start`);
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    // The outer bound: whatever the peer's own timeout does, it does not outlive this.
    this.guard = setTimeout(() => this.kill('SIGKILL'), options.limitMs);
    this.guard.unref();
    void this.exited.then(() => clearTimeout(this.guard));
  }

  /** Whether the process has exited. */
  get ended(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Signal the process by its PID, if it still runs. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.ended) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // already gone
    }
  }

  /** End the process by its PID (SIGTERM, then SIGKILL after `graceMs`) and wait for it. */
  async stop(graceMs = 3000): Promise<Exit> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
