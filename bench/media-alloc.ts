/**
 * Benchmark (not a test): what a packet sent and received allocates on the media path, by V8's
 * allocation sampling (collected objects included) over a run of `media-streams.ts` with the RTP
 * in this thread. Prints the bytes per packet pair and the functions that allocate most.
 *
 *   npm run build:bench && node --expose-gc dist-bench/bench/media-alloc.js [streams=300] [seconds=6]
 */
import { Session } from 'node:inspector/promises';

const streams = process.argv[2] ?? '300';
const seconds = process.argv[3] ?? '6';
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
// media-streams.ts reads its arguments from the command line: streams, seconds, 0 media threads.
process.argv.splice(2, process.argv.length, streams, seconds, '0');
const started = Date.now();
await import('./media-streams.js');
const { profile } = await session.post('HeapProfiler.stopSampling');

interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: Node[];
}
const bySite = new Map<string, number>();
let total = 0;
const walk = (node: Node): void => {
  const { functionName, url, lineNumber } = node.callFrame;
  const site = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber}`;
  bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  total += node.selfSize;
  node.children.forEach(walk);
};
walk(profile.head as Node);
const pairs = Number(streams) * 50 * ((Date.now() - started) / 1000);
console.log(JSON.stringify({ bytesPerPacketPair: Math.round(total / pairs) }));
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${((100 * bytes) / total).toFixed(1).padStart(5)} % ${site}`);
