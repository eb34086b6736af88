/**
 * Benchmark (not a test): concurrent G.711 streams on one 2-core machine (issue 16). Each stream
 * is what a call's audio costs xtapi: a paced player (`providers/media/pcm-player.ts`, one 20 ms
 * frame every 20 ms of the real clock) encoding PCM to μ-law (`g711.ts`) into an RTP session
 * (`rtp-session.ts`, RTCP muxed) on loopback, and the receiving RTP session decoding it back to
 * PCM, in the same process: both ends of every stream are xtapi's. For each stream the gaps
 * between packets as they arrive are recorded; the figure is the p50 and p99 of all gaps, with the
 * CPU time the process used per stream and per second. Target: ≥ 500 concurrent streams with the
 * p99 gap ≤ 25 ms.
 *
 *   npm run build:bench && node --expose-gc dist-bench/bench/media-streams.js [streams=500] [seconds=20] [firstPort=40000]
 */
import { tone } from '../providers/media/dtmf-tones.js';
import { playPcm, type Playback } from '../providers/media/pcm-player.js';
import { muLawDecodeBuffer, muLawEncodeBuffer } from '../providers/sip/media/g711.js';
import { PortRange } from '../providers/sip/media/port-range.js';
import { RtpSession } from '../providers/sip/media/rtp-session.js';
import { realClock } from '../providers/provider.js';

const [streamsArg, secondsArg, portArg] = process.argv.slice(2);
const streams = Number(streamsArg ?? 500);
const seconds = Number(secondsArg ?? 20);
const firstPort = Number(portArg ?? 40_000);
const PCMU = 0;

/** A stream: two sessions, a player on one, gaps measured on the other. */
interface Stream {
  sender: RtpSession;
  receiver: RtpSession;
  playback: Playback | null;
  last: number;
  received: number;
}

const gaps: number[] = [];
const ports = new PortRange({ address: '127.0.0.1', min: firstPort, max: Math.min(65_534, firstPort + 4 * streams + 200) });
const audio = tone(1000, seconds * 1000 + 1000);

async function openStream(): Promise<Stream> {
  const stream: Stream = { sender: null as unknown as RtpSession, receiver: null as unknown as RtpSession, playback: null, last: 0, received: 0 };
  stream.receiver = await RtpSession.open({
    ports,
    rtcpMux: true,
    clock: realClock,
    onPacket: (packet) => {
      muLawDecodeBuffer(packet.payload); // what a recording does with it
      const now = performance.now();
      if (stream.received++ > 0) gaps.push(now - stream.last);
      stream.last = now;
    },
  });
  stream.sender = await RtpSession.open({ ports, rtcpMux: true, clock: realClock });
  const at = (s: RtpSession) => ({ address: '127.0.0.1', port: s.local.rtpPort, rtcpMux: true, rtcpPort: s.local.rtpPort, payloadTypes: [PCMU] });
  stream.sender.setRemote(at(stream.receiver));
  stream.receiver.setRemote(at(stream.sender));
  return stream;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const opened: Stream[] = [];
for (let i = 0; i < streams; i++) opened.push(await openStream());
// Start the players spread over one frame, as calls would be, not all on the same tick.
for (const [i, stream] of opened.entries()) {
  setTimeout(() => {
    stream.playback = playPcm(audio, (frame) => stream.sender.send(muLawEncodeBuffer(frame), { payloadType: PCMU }), realClock);
  }, (20 * i) / streams);
}
// Measure after a second of warm-up, for `seconds`.
await new Promise((resolve) => setTimeout(resolve, 1000));
gaps.length = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - t0;
const measured = gaps.slice().sort((a, b) => a - b);
for (const stream of opened) stream.playback?.cancel();
const counters = opened.map((s) => s.receiver.counters);
await Promise.all(opened.flatMap((s) => [s.sender.close(), s.receiver.close()]));

const cpuMs = (cpu.user + cpu.system) / 1000;
const result = {
  streams,
  seconds,
  packetsMeasured: measured.length,
  expectedPackets: Math.round((streams * wallMs) / 20),
  gapMs: { p50: +percentile(measured, 50).toFixed(2), p99: +percentile(measured, 99).toFixed(2), max: +measured[measured.length - 1].toFixed(2) },
  cpu: { percentOfOneCore: +((100 * cpuMs) / wallMs).toFixed(1), userPercent: +((100 * cpu.user) / 1000 / wallMs).toFixed(1), systemPercent: +((100 * cpu.system) / 1000 / wallMs).toFixed(1), msPerStreamPerSecond: +(cpuMs / streams / (wallMs / 1000)).toFixed(3) },
  dropped: counters.reduce((n, c) => n + c.malformed + c.unknownPayloadType + c.wrongSource + c.badSequence, 0),
  target: { streams: 500, p99GapMs: 25 },
};
console.log(JSON.stringify(result));
