/**
 * The far end of `media-streams.ts`, in a process of its own as a peer would be (SIPp's
 * `rtp_echo`): one UDP socket that sends every RTP packet back where it came from, and notes, per
 * stream (SSRC), the gaps between the packets as they arrive: how evenly xtapi sent them. It prints
 * its port, then, when told to stop (a line on stdin), the gaps it saw as one JSON line.
 *
 *   node dist-bench/bench/media-echo.js
 */
import { createSocket } from 'node:dgram';
import { literalFirst } from '../providers/sip/transport.js';
import { GapLog } from './gap-log.js';

// Addresses answered at once, as xtapi's own sockets do: dgram would otherwise put every packet
// sent back through `dns.lookup`, a tick each, and this process's lag would show as xtapi's gaps.
const socket = createSocket({ type: 'udp4', lookup: literalFirst });
const last = new Map<number, number>();
// Room for 1,000 streams for 60 s; past it gaps are counted, not kept.
const gaps = new GapLog(1_000 * 50 * 60);
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

process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  if (text.includes('start')) {
    gaps.reset();
    measuring = true;
    return;
  }
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ ...gaps.summary(), cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
  socket.close();
  process.stdin.pause();
});
