/**
 * Benchmark (not a test): concurrent G.711 streams on one 2-core machine (issue 16). Each stream
 * is what a call's audio costs xtapi: a paced player (`providers/media/pcm-player.ts`, one 20 ms
 * frame every 20 ms of the real clock) encoding PCM to μ-law (`g711.ts`) into an RTP session
 * (`rtp-session.ts`, RTCP muxed) on loopback, and the same session receiving the far end's RTP
 * and decoding it back to PCM, as a recording does. The far end is a process of its own
 * (`media-echo.ts`, as SIPp's `rtp_echo` would be) that sends every packet back: it measures how
 * evenly xtapi sends (the gaps between one stream's packets as they arrive there), and xtapi
 * measures the gaps of what comes back (its receive path, after a round trip). xtapi also notes
 * when it hands each stream's packet to its socket (`pacedGapMs`: its pacing alone, without the
 * far end's own lag). Reported: p50 and p99 of all three, and the CPU time xtapi's process used,
 * per stream and per second. Target: ≥ 500
 * concurrent streams with the p99 gap ≤ 25 ms.
 *
 *   npm run build:bench && node --expose-gc dist-bench/bench/media-streams.js [streams=500] [seconds=20] [firstPort=40000]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tone } from '../providers/media/dtmf-tones.js';
import { playPcm, type Playback } from '../providers/media/pcm-player.js';
import { muLawDecodeBuffer, muLawEncodeBuffer } from '../providers/sip/media/g711.js';
import { PortRange } from '../providers/sip/media/port-range.js';
import { RtpSession } from '../providers/sip/media/rtp-session.js';
import { realClock } from '../providers/provider.js';
import { GapLog } from './gap-log.js';

const [streamsArg, secondsArg, portArg] = process.argv.slice(2);
const streams = Number(streamsArg ?? 500);
const seconds = Number(secondsArg ?? 20);
const firstPort = Number(portArg ?? 40_000);
const PCMU = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The far end, in its own process.
const echo = spawn(process.execPath, [fileURLToPath(new URL('./media-echo.js', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: echo.stdout! })[Symbol.asyncIterator]();
const { port: echoPort } = JSON.parse((await lines.next()).value as string) as { port: number };

/** One stream: a session sending to the far end and hearing it back, and the player. */
interface Stream {
  session: RtpSession;
  playback: Playback | null;
  last: number;
  received: number;
  /** When xtapi last handed this stream's packet to the socket. */
  lastSent: number;
}

/** Room for every gap of the run, warm-up included, with a margin for late packets. */
const capacity = Math.ceil(streams * 50 * (seconds + 3) * 1.1);
const gaps = new GapLog(capacity);
/** Gaps between one stream's sends, as xtapi's process makes them (the pacing alone, before the far end's own lag). */
const sendGaps = new GapLog(capacity);
const ports = new PortRange({ address: '127.0.0.1', min: firstPort, max: Math.min(65_534, firstPort + 2 * streams + 200) });
const audio = tone(1000, seconds * 1000 + 2000);

const opened: Stream[] = [];
for (let i = 0; i < streams; i++) {
  const stream: Stream = { session: null as unknown as RtpSession, playback: null, last: 0, received: 0, lastSent: 0 };
  stream.session = await RtpSession.open({
    ports,
    rtcpMux: true,
    clock: realClock,
    remote: { address: '127.0.0.1', port: echoPort, rtcpMux: true, rtcpPort: echoPort, payloadTypes: [PCMU] },
    onPacket: (packet) => {
      muLawDecodeBuffer(packet.payload); // what a recording does with it
      const now = performance.now();
      if (stream.received++ > 0) gaps.push(now - stream.last);
      stream.last = now;
    },
  });
  opened.push(stream);
}
// Start the players spread over one frame, as calls would be, not all on the same tick.
for (const [i, stream] of opened.entries()) {
  setTimeout(() => {
    stream.playback = playPcm(
      audio,
      (frame) => {
        const now = performance.now();
        if (stream.lastSent > 0) sendGaps.push(now - stream.lastSent);
        stream.lastSent = now;
        stream.session.send(muLawEncodeBuffer(frame), { payloadType: PCMU });
      },
      realClock,
    );
  }, (20 * i) / streams);
}
// Measure after a second of warm-up, for `seconds`.
await sleep(1000);
gaps.reset();
sendGaps.reset();
echo.stdin!.write('start\n');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await sleep(seconds * 1000);
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - t0;
echo.stdin!.write('stop\n');
const far = JSON.parse((await lines.next()).value as string) as { packets: number; p1: number; p50: number; p99: number; max: number };
const measured = gaps.summary();
const paced = sendGaps.summary();
for (const stream of opened) stream.playback?.cancel();
const counters = opened.map((s) => s.session.counters);
await Promise.all(opened.map((s) => s.session.close()));
echo.kill();

const cpuMs = (cpu.user + cpu.system) / 1000;
const round = (n: number) => +n.toFixed(2);
console.log(
  JSON.stringify({
    streams,
    seconds,
    pacedGapMs: { packets: paced.packets, p1: round(paced.p1), p50: round(paced.p50), p99: round(paced.p99), max: round(paced.max) },
    sentGapMs: { packets: far.packets, p1: round(far.p1), p50: round(far.p50), p99: round(far.p99), max: round(far.max) },
    echoedGapMs: { packets: measured.packets, p1: round(measured.p1), p50: round(measured.p50), p99: round(measured.p99), max: round(measured.max) },
    expectedPackets: Math.round((streams * wallMs) / 20),
    cpu: { percentOfOneCore: round((100 * cpuMs) / wallMs), userPercent: round((100 * cpu.user) / 1000 / wallMs), systemPercent: round((100 * cpu.system) / 1000 / wallMs), msPerStreamPerSecond: +(cpuMs / streams / (wallMs / 1000)).toFixed(3) },
    dropped: counters.reduce((n, c) => n + c.malformed + c.unknownPayloadType + c.wrongSource + c.badSequence, 0),
    target: { streams: 500, p99GapMs: 25 },
  }),
);
