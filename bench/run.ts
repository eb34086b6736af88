/**
 * The core benchmarks of issue 2, each beside its baseline (the hand-written plain TypeScript
 * machine in `baseline/plain-telephony.ts`) in the same process, so the ratio is fair on a
 * noisy machine. A lifecycle is make → dialtone → dialing → proceeding → ringback → connected
 * → drop → idle, through the modern API, with the instant simulated provider.
 *
 *   npm run bench                 # every scenario, each in a fresh process
 *   npm run bench -- sequential   # one of: sequential, concurrent, memory, soak
 *
 * Targets: (a) sequential ≥ 20,000 lifecycles/s; (b) 1,000 concurrent ≥ 10,000 lifecycles/s;
 * (c) 100,000 connected calls ≤ 4 KB heap each; (d) heap growth ≤ 5 MB from the 10,000th to
 * the 1,000,000th lifecycle.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createActor, createMachine, fromCallback, setup, assign } from 'xstate';
import { simulatedProvider } from '../providers/simulated/simulated-provider.js';
import type { Line } from '../src/phone/line.js';
import { createTelephony } from '../src/phone/telephony.js';
import { PlainLine } from './baseline/plain-telephony.js';

type Result = Record<string, number | string>;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

async function xtapi(lines: number, maxCallsPerLine: number) {
  const telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant', lines, maxCallsPerLine })] });
  const opened: Line[] = [];
  for (let i = 0; i < lines; i++) opened.push(await telephony.openLine(i));
  return { telephony, lines: opened };
}

async function lifecycle(line: Line): Promise<void> {
  const call = await line.makeCall('5550111');
  if (call.state !== 'connected') throw new Error(`expected connected, got ${call.state}`);
  await call.drop();
}

async function plainLifecycle(line: PlainLine): Promise<void> {
  const call = await line.makeCall();
  if (call.state !== 'connected') throw new Error(`expected connected, got ${call.state}`);
  await line.drop(call);
}

async function rate(n: number, run: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await run();
  return Math.round(n / ((performance.now() - t0) / 1000));
}

/** (a) one call at a time. */
async function sequential(): Promise<Result> {
  const { telephony, lines } = await xtapi(1, 4);
  const plain = new PlainLine(4);
  await rate(5_000, () => lifecycle(lines[0]));
  await rate(5_000, () => plainLifecycle(plain));
  const n = 50_000;
  const xs = await rate(n, () => lifecycle(lines[0]));
  const ps = await rate(n * 10, () => plainLifecycle(plain));
  await telephony.shutdown();
  return { lifecycles: n, xtapiPerSec: xs, baselinePerSec: ps, ratio: +(ps / xs).toFixed(1), target: 20_000 };
}

/** (b) 1,000 calls in flight at once, spread over 250 lines of 4. */
async function concurrent(): Promise<Result> {
  const workers = 1_000;
  const perLine = 4;
  const { telephony, lines } = await xtapi(workers / perLine, perLine);
  const plainLines = Array.from({ length: workers / perLine }, () => new PlainLine(perLine));
  const run = async (total: number, one: (i: number) => Promise<void>) => {
    let left = total;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: workers }, async (_, i) => {
        while (left-- > 0) await one(i);
      }),
    );
    return Math.round(total / ((performance.now() - t0) / 1000));
  };
  await run(10_000, (i) => lifecycle(lines[i % lines.length]));
  await run(10_000, (i) => plainLifecycle(plainLines[i % plainLines.length]));
  const n = 50_000;
  const xs = await run(n, (i) => lifecycle(lines[i % lines.length]));
  const ps = await run(n * 10, (i) => plainLifecycle(plainLines[i % plainLines.length]));
  await telephony.shutdown();
  return { concurrent: workers, lifecycles: n, xtapiPerSec: xs, baselinePerSec: ps, ratio: +(ps / xs).toFixed(1), target: 10_000 };
}

/** What XState itself costs per call in this shape: a machine child with one invoked child. */
function xstateFloor(n: number): number {
  const child = createMachine({ initial: 'a', invoke: { src: fromCallback(() => () => {}) }, states: { a: {} } });
  const parent = setup({ actors: { child } }).createMachine({
    context: { kids: {} as Record<string, unknown> },
    on: { SPAWN: { actions: assign({ kids: ({ context, spawn, event }) => ({ ...context.kids, [(event as unknown as { id: string }).id]: spawn('child', { id: (event as unknown as { id: string }).id }) }) }) } },
  });
  const before = heap();
  const parents = [];
  for (let p = 0; p < n / 100; p++) {
    const a = createActor(parent).start();
    for (let i = 0; i < 100; i++) a.send({ type: 'SPAWN', id: `call-${i}` } as never);
    parents.push(a);
  }
  const bytes = Math.round((heap() - before) / n);
  parents.length = 0;
  return bytes;
}

/** (c) 100,000 connected calls held at once, over 1,000 lines of 100. */
async function memory(): Promise<Result> {
  const n = 100_000;
  const perLine = 100;
  const { telephony, lines } = await xtapi(n / perLine, perLine);
  const before = heap();
  const calls = [];
  for (let i = 0; i < n; i++) calls.push(await lines[i % lines.length].makeCall('5550111'));
  const xtapiBytes = Math.round((heap() - before) / n);
  if (calls.some((c) => c.state !== 'connected')) throw new Error('not all connected');
  for (const call of calls) await call.drop();
  calls.length = 0;
  await telephony.shutdown();
  const plainLines = Array.from({ length: n / perLine }, () => new PlainLine(perLine));
  const plainBefore = heap();
  const plain = [];
  for (let i = 0; i < n; i++) plain.push(await plainLines[i % plainLines.length].makeCall());
  const plainBytes = Math.round((heap() - plainBefore) / n);
  plain.length = 0;
  const floor = xstateFloor(20_000);
  return { liveCalls: n, xtapiBytesPerCall: xtapiBytes, baselineBytesPerCall: plainBytes, xstateFloorBytes: floor, target: 4096 };
}

/** (d) 1,000,000 lifecycles in a row: heap after the 10,000th against after the last. */
async function soak(): Promise<Result> {
  const total = 1_000_000;
  const { telephony, lines } = await xtapi(1, 4);
  const plain = new PlainLine(4);
  for (let i = 0; i < 10_000; i++) await lifecycle(lines[0]);
  const at10k = heap();
  const t0 = performance.now();
  for (let i = 10_000; i < total; i++) await lifecycle(lines[0]);
  const seconds = (performance.now() - t0) / 1000;
  const atEnd = heap();
  await telephony.shutdown();
  for (let i = 0; i < 10_000; i++) await plainLifecycle(plain);
  const p10k = heap();
  for (let i = 10_000; i < total; i++) await plainLifecycle(plain);
  const pEnd = heap();
  return {
    lifecycles: total,
    heapAt10kMB: +(at10k / 2 ** 20).toFixed(2),
    heapAtEndMB: +(atEnd / 2 ** 20).toFixed(2),
    growthMB: +((atEnd - at10k) / 2 ** 20).toFixed(2),
    baselineGrowthMB: +((pEnd - p10k) / 2 ** 20).toFixed(2),
    seconds: +seconds.toFixed(1),
    targetMB: 5,
  };
}

const scenarios: Record<string, () => Promise<Result>> = { sequential, concurrent, memory, soak };

async function main(): Promise<void> {
  const [name] = process.argv.slice(2);
  if (name && name in scenarios) {
    if (!(globalThis as { gc?: unknown }).gc) throw new Error('run with node --expose-gc');
    console.log(JSON.stringify({ scenario: name, ...(await scenarios[name]()) }));
    return;
  }
  if (name) throw new Error(`unknown scenario ${name}: ${Object.keys(scenarios).join(', ')}`);
  const self = fileURLToPath(import.meta.url);
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  for (const scenario of Object.keys(scenarios)) {
    const run = spawnSync(process.execPath, ['--expose-gc', self, scenario], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    console.log(run.stdout.trim());
  }
}

await main();
