/**
 * Benchmark (not a test): how many calls per second xtapi's SIP provider sustains against a
 * SIPp UAS with no failed call, each flow INVITE, 100, 180, 200, ACK, BYE, 200, measured in one
 * run beside its baselines: SIPp's own UAC against the same UAS (the C++ reference) and the
 * `sip` npm package (0.0.6) driving the same flow from Node. Then 1,000 calls held connected
 * at once and dropped.
 *
 * Every client runs as its own process against a fresh SIPp UAS (`uas_bench.xml`, 4 MiB socket
 * buffers), keeping the same number of calls in flight (a closed loop): the rate is what the
 * pair sustains, not what a fixed `-r` asked for. A run counts only with zero failed calls on
 * both sides (the client's own count and the UAS's `-trace_stat` totals). xtapi's client runs its
 * provider with `media: false` (`sip-client-xtapi.ts`): this measures signalling, and a call with
 * media binds two RTP sockets that SIPp's flow never uses.
 *
 *   npm run build:bench && node --expose-gc dist-bench/bench/sip-throughput.js [calls=30000] [windows=100,10] [held=1000]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sippElapsedMs, startSipp, sippTotals, type SippRun } from '../test/support/peers/sipp.js';

const [callsArg, windowsArg, heldArg] = process.argv.slice(2);
const calls = Number(callsArg ?? 30_000);
/** Calls in flight, one table each: 100, and 10 (where `sip` 0.0.6 still loses no call). */
const windows = (windowsArg ?? '100,10').split(',').map(Number);
const heldCalls = Number(heldArg ?? 1000);
const BUFFER = ['-buff_size', '4194304'];

interface Measured {
  name: string;
  cps: number;
  calls: number;
  failed: number;
  uas: ReturnType<typeof sippTotals>;
  extra?: Record<string, unknown>;
  failures?: string[];
}

function uas(scenario: string, count: number): Promise<SippRun> {
  return startSipp({ scenario, calls: count, timeoutSec: Math.ceil(count / 500) + 60, args: BUFFER });
}

/** Run a Node client as a child process; resolves with the JSON line it prints. */
function node(file: string, args: string[]): Promise<Record<string, unknown> & { cps: number; failed: number; calls: number }> {
  const path = fileURLToPath(new URL(file, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', path, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? ''));
      } catch {
        reject(new Error(`${file} exited ${code} without a result: ${out.slice(-500)}`));
      }
    });
  });
}

async function measure(name: string, client: (port: number) => Promise<Omit<Measured, 'name' | 'uas'>>, scenario = 'uas_bench.xml', count = calls): Promise<Measured> {
  const server = await uas(scenario, count);
  try {
    const result = await client(server.port);
    await server.process.exited;
    return { name, ...result, uas: sippTotals(server) };
  } finally {
    await server.dispose();
  }
}

process.stderr.write(`sip-throughput: ${calls} calls per client, ${windows.join(' and ')} in flight, then ${heldCalls} held\n`);

async function clients(window: number): Promise<Measured[]> {
  const measured: Measured[] = [];
  measured.push(
    await measure('SIPp 3.6.1 UAC (C++ reference)', async (port) => {
      const run = await startSipp({ scenario: 'sn:uac', remote: `127.0.0.1:${port}`, calls, timeoutSec: Math.ceil(calls / 500) + 60, args: ['-r', '1000000', '-l', String(window), '-d', '0', ...BUFFER] });
      await run.process.exited;
      const totals = sippTotals(run);
      const elapsed = sippElapsedMs(run);
      await run.dispose();
      return { cps: (totals.successful / elapsed) * 1000, calls: totals.successful + totals.failed, failed: totals.failed };
    }),
  );
  for (const mode of ['provider', 'telephony'] as const) {
    const name = `xtapi SIP provider (${mode === 'provider' ? 'provider contract' : 'whole library: makeCall, until, drop'})`;
    measured.push(await measure(name, (port) => node('./sip-client-xtapi.js', [mode, String(port), String(calls), String(window)])));
  }
  measured.push(await measure('sip@0.0.6 (npm, Node)', (port) => node('./sip-client-npm.js', [String(port), String(calls), String(window)])));
  return measured;
}

const tables: Array<[number, Measured[]]> = [];
for (const window of windows) tables.push([window, await clients(window)]);
const held = await measure('xtapi: 1,000 calls held, then dropped', (port) => node('./sip-client-xtapi.js', ['held', String(port), String(heldCalls), '200']), 'uas_answer.xml', heldCalls);

const clean = (m: Measured) => m.failed === 0 && m.uas.failed === 0 && m.uas.successful === m.calls;
const lines: string[] = [];
for (const [window, results] of tables) {
  const reference = results[0].cps;
  lines.push(
    `${window} calls in flight:`,
    '',
    '| client | calls/s | vs SIPp | failed (client / UAS) | UAS successful |',
    '| --- | --- | --- | --- | --- |',
    ...results.map((m) => `| ${m.name} | ${Math.round(m.cps)} | ${(m.cps / reference).toFixed(2)} | ${m.failed} / ${m.uas.failed} | ${m.uas.successful} of ${m.calls}${clean(m) ? '' : ' (NOT CLEAN)'} |`),
    '',
  );
  for (const m of results) if (m.failures?.length) lines.push(`${m.name}: ${m.failures.join('; ')}`, '');
}
lines.push(
  `held: ${held.extra?.connectedAtOnce} of ${held.calls} connected at once (set up in ${held.extra?.upMs} ms, ${held.extra?.dialogsAtPeak} dialogs), then dropped; failed ${held.failed} / UAS ${held.uas.failed}; UAS successful ${held.uas.successful}${clean(held) ? '' : ' (NOT CLEAN)'}`,
  '',
  `command: npm run build:bench && node --expose-gc dist-bench/bench/sip-throughput.js ${calls} ${windows.join(',')} ${heldCalls}`,
  `node ${process.version}; each client its own process against a fresh SIPp UAS (uas_bench.xml, -buff_size 4194304); held calls against uas_answer.xml`,
);
process.stdout.write(`${lines.join('\n')}\n`);
