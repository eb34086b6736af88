/**
 * The far end of `media-streams.ts`, in a process of its own as a peer would be (SIPp's
 * `rtp_echo`): one UDP socket that sends every RTP packet back where it came from, and notes, per
 * stream (SSRC), the gaps between the packets as they arrive: how evenly xtapi sent them. It prints
 * its port, then, when told to stop (a line on stdin), the gaps it saw as one JSON line.
 *
 *   node dist-bench/bench/media-echo.js
 */
import { createSocket } from 'node:dgram';

const socket = createSocket('udp4');
const last = new Map<number, number>();
const gaps: number[] = [];
let measuring = false;

socket.on('message', (packet, from) => {
  if (packet.length >= 12) {
    const ssrc = packet.readUInt32BE(8);
    const now = performance.now();
    const before = last.get(ssrc);
    if (measuring && before !== undefined) gaps.push(now - before);
    last.set(ssrc, now);
  }
  socket.send(packet, from.port, from.address);
});

socket.bind(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: socket.address().port })}\n`));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  if (text.includes('start')) {
    gaps.length = 0;
    measuring = true;
    return;
  }
  const cpu = process.cpuUsage();
  const sorted = gaps.sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ packets: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1), cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
  socket.close();
  process.stdin.pause();
});
