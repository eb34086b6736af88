/**
 * The core benchmarks: call lifecycles through xtapi's faces over the instant simulated switch,
 * every figure beside a bare XState actor running the same seven-state lifecycle in the same
 * process (`baseline/bare-xstate.ts`), and reported as a ratio to it. Subjects run interleaved,
 * round after round, and each figure is the median of its rounds, so a noisy machine moves
 * both sides of a ratio alike.
 *
 *   npm run bench                   # every scenario, each in a fresh process
 *   npm run bench -- sequential     # one of: sequential, concurrent, memory, soak
 *   npm run bench -- sequential 9   # with 9 rounds (default 5)
 *
 * Targets (issue 11): one call at a time, modern API ≥ 0.3× bare; 1,000 calls in flight
 * ≥ 0.25× bare; TAPI 2 and TAPI 3 ≥ 0.8× the modern API; a held connected call ≤ 3,072 B of
 * heap; heap growth over 1,000,000 lifecycles ≤ 1 MB.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bareConcurrent, bareConnected, bareLifecycle } from './baseline/bare-xstate.js';
import { chartLifecycle } from './baseline/call-chart-alone.js';
import { FACES, type FaceName, type Subject, modern } from './faces.js';

type Result = Record<string, unknown>;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round2 = (n: number) => Math.round(n * 1000) / 1000;

/** Lifecycles per second of `n` sequential runs of `one`. */
async function rate(n: number, one: () => Promise<void> | void): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await one();
  return n / ((performance.now() - t0) / 1000);
}

/** Per-round rates of each subject, interleaved; medians and the median of per-round ratios. */
async function interleave(rounds: number, subjects: Record<string, () => Promise<number>>): Promise<Result> {
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const [name, run] of Object.entries(subjects)) rates[name].push(await run());
  const out: Result = { rounds };
  for (const [name, values] of Object.entries(rates)) out[`${name}PerSec`] = Math.round(median(values));
  const ratio = (a: string, b: string) => round2(median(rates[a].map((v, i) => v / rates[b][i])));
  for (const name of Object.keys(subjects)) if (name !== 'bare') out[`${name}VsBare`] = ratio(name, 'bare');
  if (rates.modern) for (const face of ['tapi2', 'tapi3']) if (rates[face]) out[`${face}VsModern`] = ratio(face, 'modern');
  return out;
}

/** One call at a time, every face, beside the bare actor. */
async function sequential(rounds: number): Promise<Result> {
  const n = 20_000;
  const faces = {} as Record<FaceName, Subject>;
  for (const name of Object.keys(FACES) as FaceName[]) faces[name] = await FACES[name](1, 4);
  // The chart alone (no line, provider or façade): XState's own floor for the chart's steps.
  const subjects: Record<string, () => Promise<number>> = { bare: () => rate(n, bareLifecycle), chart: () => rate(n, chartLifecycle) };
  for (const name of Object.keys(faces) as FaceName[]) subjects[name] = () => rate(n, () => faces[name].lifecycle(0));
  // Warm up every subject once, then measure.
  await interleave(1, subjects);
  const result = await interleave(rounds, subjects);
  for (const face of Object.values(faces)) await face.shutdown();
  return { lifecyclesPerRound: n, ...result, target: { modernVsBare: 0.3, tapiVsModern: 0.8 } };
}

/** 1,000 calls in flight (250 lines of 4), beside 1,000 bare actors advanced round robin. */
async function concurrent(rounds: number): Promise<Result> {
  const workers = 1_000;
  const perLine = 4;
  const n = 20_000;
  const subject = await modern(workers / perLine, perLine);
  const inFlight = async () => {
    let left = n;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: workers }, async (_, i) => {
        while (left-- > 0) await subject.lifecycle(i % (workers / perLine));
      }),
    );
    return n / ((performance.now() - t0) / 1000);
  };
  const bare = async () => {
    const t0 = performance.now();
    bareConcurrent(workers, n);
    return n / ((performance.now() - t0) / 1000);
  };
  await interleave(1, { bare, modern: inFlight });
  const result = await interleave(rounds, { bare, modern: inFlight });
  await subject.shutdown();
  return { concurrent: workers, lifecyclesPerRound: n, ...result, target: { modernVsBare: 0.25 } };
}

/** 100,000 connected calls held at once (1,000 lines of 100): heap per call, beside bare actors. */
async function memory(): Promise<Result> {
  const n = 100_000;
  const perLine = 100;
  const subject = await modern(n / perLine, perLine);
  const before = heap();
  const held: unknown[] = [];
  for (let i = 0; i < n; i++) held.push(await subject.hold(i % (n / perLine)));
  const bytes = (heap() - before) / n;
  held.length = 0;
  await subject.shutdown();
  const bareBefore = heap();
  const bare: unknown[] = [];
  for (let i = 0; i < n; i++) bare.push(bareConnected());
  const bareBytes = (heap() - bareBefore) / n;
  bare.length = 0;
  return { liveCalls: n, xtapiBytesPerCall: Math.round(bytes), bareBytesPerActor: Math.round(bareBytes), vsBare: round2(bytes / bareBytes), target: { bytesPerCall: 3072 } };
}

/** 1,000,000 lifecycles in a row: heap after the 10,000th against after the last. */
async function soak(): Promise<Result> {
  const total = 1_000_000;
  const subject = await modern(1, 4);
  for (let i = 0; i < 10_000; i++) await subject.lifecycle(0);
  const at10k = heap();
  const t0 = performance.now();
  for (let i = 10_000; i < total; i++) await subject.lifecycle(0);
  const seconds = (performance.now() - t0) / 1000;
  const atEnd = heap();
  await subject.shutdown();
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;
  return { lifecycles: total, heapAt10kMB: mb(at10k), heapAtEndMB: mb(atEnd), growthMB: mb(atEnd - at10k), seconds: Math.round(seconds * 10) / 10, target: { growthMB: 1 } };
}

const scenarios: Record<string, (rounds: number) => Promise<Result>> = { sequential, concurrent, memory, soak };

async function main(): Promise<void> {
  const [name, roundsArg] = process.argv.slice(2);
  const rounds = Number(roundsArg ?? 5);
  if (name && name in scenarios) {
    if (!(globalThis as { gc?: unknown }).gc) throw new Error('run with node --expose-gc');
    console.log(JSON.stringify({ scenario: name, ...(await scenarios[name](rounds)) }));
    return;
  }
  if (name) throw new Error(`unknown scenario ${name}: ${Object.keys(scenarios).join(', ')}`);
  const self = fileURLToPath(import.meta.url);
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  for (const scenario of Object.keys(scenarios)) {
    const run = spawnSync(process.execPath, ['--expose-gc', self, scenario, String(rounds)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    console.log(run.stdout.trim());
  }
}

await main();
