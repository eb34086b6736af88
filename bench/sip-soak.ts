/**
 * Soak benchmark (not a test): `calls` calls kept cycling against a SIPp UAS for `seconds`
 * (started over the first ten), through the whole library (line.makeCall,
 * call.until('connected'), hold, call.drop()), the calls spread over lines of 25. Every `every` seconds it records, after a full GC: the heap,
 * the RSS, the process's active handles, the provider's live calls, transactions and dialogs,
 * and the calls completed and failed so far. A leak shows as a heap or a count that keeps
 * growing from sample to sample; a healthy run is flat once warm.
 *
 *   npm run build:bench && node --expose-gc dist-bench/bench/sip-soak.js [calls=1000] [seconds=120] [holdMs=2000] [every=10]
 */
import { sipProvider } from '../providers/sip/index.js';
import type { Line } from '../src/phone/line.js';
import { createTelephony } from '../src/phone/telephony.js';
import { startSipp, sippTotals } from '../test/support/peers/sipp.js';

const [callsArg, secondsArg, holdArg, everyArg] = process.argv.slice(2);
const inFlight = Number(callsArg ?? 1000);
const seconds = Number(secondsArg ?? 120);
const holdMs = Number(holdArg ?? 2000);
const every = Number(everyArg ?? 10);
const PER_LINE = 25;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const uas = await startSipp({ scenario: 'uas_bench.xml', calls: 100_000_000, timeoutSec: seconds + 120, args: ['-buff_size', '4194304', '-l', String(inFlight * 4)] });
const lineCount = Math.ceil(inFlight / PER_LINE);
// Signalling only (media: false): the soak measures the SIP layer, not two RTP sockets per call.
const sip = sipProvider({ lines: Array.from({ length: lineCount }, (_, i) => ({ aor: `sip:soak${i}@127.0.0.1`, maxCalls: PER_LINE })), media: false });
const telephony = createTelephony({ providers: [sip] });
const lines: Line[] = [];
for (let i = 0; i < lineCount; i++) lines.push(await telephony.openLine(i));
const target = `sip:service@127.0.0.1:${uas.port}`;

let completed = 0;
let failed = 0;
const failures: string[] = [];
const start = performance.now();
const deadline = start + seconds * 1000;

/**
 * The workers start over the first ten seconds, not all in one tick: a thousand calls created
 * at once block the event loop for longer than T1, so Timer A resends INVITEs whose 100 Trying
 * is already waiting in the socket, and SIPp's scenario aborts a call that gets a resent INVITE
 * after its 200 (seen here: every call of the first wave then ended by Timer F).
 */
const RAMP_MS = 10_000;

async function worker(line: Line, n: number): Promise<void> {
  await sleep((n * RAMP_MS) / inFlight);
  while (performance.now() < deadline) {
    try {
      const call = await line.makeCall(target);
      await call.until('connected');
      await sleep(holdMs);
      const cause = await call.drop();
      if (cause.origin === 'local' && cause.connected) completed++;
      else throw new Error(`ended ${cause.mode}/${cause.origin}`);
    } catch (error) {
      failed++;
      if (failures.length < 5) failures.push(String(error).slice(0, 200));
    }
  }
}

interface Sample {
  t: number;
  heapMb: string;
  rssMb: string;
  handles: number;
  calls: number;
  clientTx: number;
  serverTx: number;
  dialogs: number;
  completed: number;
  failed: number;
}
const samples: Sample[] = [];
const sample = () => {
  gc();
  gc();
  const memory = process.memoryUsage();
  const live = sip.stats().live;
  samples.push({
    t: Math.round((performance.now() - start) / 1000),
    heapMb: mb(memory.heapUsed),
    rssMb: mb(memory.rss),
    handles: process.getActiveResourcesInfo().length,
    calls: live.calls,
    clientTx: live.clientTransactions,
    serverTx: live.serverTransactions,
    dialogs: live.dialogs,
    completed,
    failed,
  });
};
const sampler = setInterval(sample, every * 1000);
sample();
await Promise.all(Array.from({ length: inFlight }, (_, i) => worker(lines[Math.floor(i / PER_LINE)], i)));
clearInterval(sampler);
sample();
await telephony.shutdown();
const after = sip.stats().live;
await uas.process.stop();
const totals = sippTotals(uas);
await uas.dispose();

const header = '| t (s) | heap (MB) | RSS (MB) | handles | calls | client tx | server tx | dialogs | completed | failed |';
const rows = samples.map((s) => `| ${s.t} | ${s.heapMb} | ${s.rssMb} | ${s.handles} | ${s.calls} | ${s.clientTx} | ${s.serverTx} | ${s.dialogs} | ${s.completed.toLocaleString('en-US')} | ${s.failed} |`);
// Once warm and while the calls cycle: the last sample is taken after the workers stopped.
const warm = samples.slice(0, -1).filter((s) => s.t >= Math.min(30, seconds / 3));
const heaps = warm.map((s) => Number(s.heapMb));
process.stdout.write(
  [
    header,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `${completed.toLocaleString('en-US')} calls completed, ${failed} failed (${(completed / seconds).toFixed(0)} calls/s); SIPp counted ${totals.successful} successful, ${totals.failed} failed`,
    `heap once warm, calls cycling (t = ${warm[0]?.t ?? '-'} to ${warm.at(-1)?.t ?? '-'} s): min ${Math.min(...heaps).toFixed(1)} MB, max ${Math.max(...heaps).toFixed(1)} MB, last ${heaps.at(-1)?.toFixed(1)} MB`,
    `after shutdown: ${JSON.stringify(after)}`,
    failures.length ? `first failures: ${failures.join(' | ')}` : '',
    `command: npm run build:bench && node --expose-gc dist-bench/bench/sip-soak.js ${inFlight} ${seconds} ${holdMs} ${every}`,
    `node ${process.version}; ${lineCount} lines of ${PER_LINE} calls; SIPp 3.6.1 uas_bench.xml with -buff_size 4194304`,
  ].join('\n') + '\n',
);
