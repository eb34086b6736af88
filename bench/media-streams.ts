/**
 * Benchmark (not a test): concurrent G.711 streams on one 2-core machine (issue 16). Each stream
 * is what a call's audio costs xtapi: its RTP side as the SIP provider runs it (`rtp-audio.ts`, on
 * `threads` media threads, `threaded-audio.ts`, or in this thread with 0), playing a tone paced at
 * one 20 ms frame every 20 ms of the real clock, encoded to μ-law, to a far end on loopback, and
 * hearing the far end's RTP decoded back to PCM frames, as a recording does. The far end is a
 * process of its own (`media-echo.ts`, as SIPp's `rtp_echo` would be) that sends every packet
 * back: it measures how evenly xtapi sends (the gaps between one stream's packets as they arrive
 * there), and xtapi measures the gaps of what comes back (its receive path, after a round trip,
 * as the listener hears it). Reported: p1, p50 and p99 of both, and the CPU time xtapi's process
 * used (every thread), per stream and per second. Target: ≥ 500 concurrent streams with the p99
 * gap ≤ 25 ms.
 *
 *   npm run build:bench && node --expose-gc dist-bench/bench/media-streams.js [streams=500] [seconds=20] [threads=2] [firstPort=40000]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tone } from '../providers/media/dtmf-tones.js';
import type { Playback } from '../providers/media/pcm-player.js';
import type { AudioHost, LegAudio } from '../providers/sip/media/leg-audio.js';
import { PortRange } from '../providers/sip/media/port-range.js';
import { inThisThread } from '../providers/sip/media/rtp-audio.js';
import { MediaThreads } from '../providers/sip/media/threaded-audio.js';
import { realClock } from '../providers/provider.js';
import { GapLog } from './gap-log.js';

const [streamsArg, secondsArg, threadsArg, portArg] = process.argv.slice(2);
const streams = Number(streamsArg ?? 500);
const seconds = Number(secondsArg ?? 20);
const threads = Number(threadsArg ?? 2);
const firstPort = Number(portArg ?? 40_000);
const PCMU = { name: 'PCMU', payloadType: 0, clockRate: 8000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The far end, in its own process.
const echo = spawn(process.execPath, [fileURLToPath(new URL('./media-echo.js', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: echo.stdout! })[Symbol.asyncIterator]();
const { port: echoPort } = JSON.parse((await lines.next()).value as string) as { port: number };

/** One stream: a leg's audio sending to the far end and hearing it back, and its playback. */
interface Stream {
  audio: LegAudio;
  playback: Playback | null;
  last: number;
  received: number;
}

/** Room for every gap of the run, warm-up included, with a margin for late packets. */
const capacity = Math.ceil(streams * 50 * (seconds + 3) * 1.1);
const gaps = new GapLog(capacity);
const range = { min: firstPort, max: Math.min(65_534, firstPort + 2 * streams + 200 * Math.max(1, threads)) };
const host: AudioHost =
  threads > 0
    ? new MediaThreads({ threads, address: '127.0.0.1', ports: range })
    : inThisThread(new PortRange({ address: '127.0.0.1', ...range }));
const audio = tone(1000, seconds * 1000 + 2000);

const opened: Stream[] = [];
for (let i = 0; i < streams; i++) {
  const stream: Stream = { audio: await host.open({ clock: realClock, onDigit: () => {} }), playback: null, last: 0, received: 0 };
  stream.audio.follow({ address: '127.0.0.1', port: echoPort, rtcpMux: true, rtcpAddress: '127.0.0.1', rtcpPort: echoPort, codec: PCMU, telephoneEvent: 101, ptime: 20, direction: 'sendrecv' }, 'sendrecv');
  stream.audio.onReceive(() => {
    const now = performance.now();
    if (stream.received++ > 0) gaps.push(now - stream.last);
    stream.last = now;
  });
  opened.push(stream);
}
// Start the players spread over one frame, as calls would be, not all on the same tick.
for (const [i, stream] of opened.entries()) {
  setTimeout(() => (stream.playback = stream.audio.play(audio)), (20 * i) / streams);
}
// Measure after a second of warm-up, for `seconds`.
await sleep(1000);
gaps.reset();
echo.stdin!.write('start\n');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await sleep(seconds * 1000);
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - t0;
echo.stdin!.write('stop\n');
const far = JSON.parse((await lines.next()).value as string) as { packets: number; p1: number; p50: number; p99: number; max: number; cpuMs: number };
const measured = gaps.summary();
for (const stream of opened) stream.playback?.cancel();
const counters = await Promise.all(opened.map((s) => s.audio.close()));
await host.close();
echo.kill();

const cpuMs = (cpu.user + cpu.system) / 1000;
const round = (n: number) => +n.toFixed(2);
console.log(
  JSON.stringify({
    streams,
    seconds,
    threads,
    sentGapMs: { packets: far.packets, p1: round(far.p1), p50: round(far.p50), p99: round(far.p99), max: round(far.max) },
    echoedGapMs: { packets: measured.packets, p1: round(measured.p1), p50: round(measured.p50), p99: round(measured.p99), max: round(measured.max) },
    expectedPackets: Math.round((streams * wallMs) / 20),
    cpu: { percentOfOneCore: round((100 * cpuMs) / wallMs), userPercent: round((100 * cpu.user) / 1000 / wallMs), systemPercent: round((100 * cpu.system) / 1000 / wallMs), msPerStreamPerSecond: +(cpuMs / streams / (wallMs / 1000)).toFixed(3) },
    farEndCpuMs: Math.round(far.cpuMs),
    dropped: counters.reduce((n, c) => n + c.malformed + c.unknownPayloadType + c.wrongSource + c.badSequence, 0),
    target: { streams: 500, p99GapMs: 25 },
  }),
);
