/**
 * RTP sessions on 127.0.0.1 with real sockets (ports 24200-24399, this file's alone, below the
 * kernel's ephemeral ports): two sessions exchange frames, numbered and timed as RFC 3550 §5.1 says,
 * with RTCP on its own port or muxed (RFC 5761); RTCP reports every five seconds of a manual clock
 * (§6.2) and a BYE on close (§6.6); hostile datagrams from the far end's address and from strangers
 * are counted and dropped, never thrown; symmetric RTP moves the far end once. The only real waits
 * are for datagrams to arrive, each bounded; every socket is closed at the end of each test.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { PortRange } from '../../../../providers/sip/media/port-range.js';
import { serialiseRtcp } from '../../../../providers/sip/media/rtcp.js';
import { type RtpPacket, serialiseRtp } from '../../../../providers/sip/media/rtp-packet.js';
import { RTCP_INTERVAL_MS, type RtpCounters, type RtpRemote, RtpSession, type RtpSessionOptions } from '../../../../providers/sip/media/rtp-session.js';
import { sdpMedia, sdpMediaAnswer, sdpMediaOffer } from '../../../../providers/sip/media/sdp-media.js';
import { ManualClock } from '../../../../src/testing/manual-clock.js';
import { until } from '../../../support/until.js';

const ADDRESS = '127.0.0.1';
const range = new PortRange({ address: ADDRESS, min: 24200, max: 24399 });
const sessions: RtpSession[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
  await Promise.all(sockets.splice(0).map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
  expect(range.inUse).toBe(0);
});

/** A session that the test closes at its end, receiving into `packets`. */
async function session(clock: ManualClock, options: Partial<RtpSessionOptions> = {}): Promise<RtpSession & { packets: RtpPacket[] }> {
  const packets: RtpPacket[] = [];
  // random 0.5: each RTCP interval is exactly RTCP_INTERVAL_MS, unless a test says otherwise.
  const opened = await RtpSession.open({ ports: range, rtcpMux: false, clock, onPacket: (p) => packets.push(p), random: () => 0.5, ...options });
  sessions.push(opened);
  return Object.assign(opened, { packets });
}

/** Where `s` receives, as the far end's SDP would say it. */
function remoteOf(s: RtpSession, payloadTypes: number[] = [0, 8, 101], rtcpMux = false): RtpRemote {
  return { address: ADDRESS, port: s.local.rtpPort, rtcpMux, rtcpPort: s.local.rtcpPort, payloadTypes };
}

/** A plain UDP socket on loopback, playing a far end or a stranger. */
async function raw(): Promise<Socket & { received: Buffer[] }> {
  const socket = createSocket('udp4');
  const received: Buffer[] = [];
  socket.on('message', (data) => received.push(data));
  await new Promise<void>((resolve) => socket.bind({ address: ADDRESS, port: 0 }, () => resolve()));
  sockets.push(socket);
  return Object.assign(socket, { received });
}

const portOf = (socket: Socket) => socket.address().port;

function rtp(fields: Partial<RtpPacket> = {}): Uint8Array {
  return serialiseRtp({ marker: false, payloadType: 0, sequence: 1, timestamp: 0, ssrc: 0x5151, csrcs: [], extension: null, payload: new Uint8Array(160), padding: 0, ...fields });
}

const frame = (fill: number) => new Uint8Array(160).fill(fill);

describe('rtp-session', () => {
  it('two sessions exchange frames: sequence +1, timestamp +160 a 20 ms frame, the marker on each talkspurt (RFC 3550 §5.1)', async () => {
    const clock = new ManualClock(1_000_000);
    const a = await session(clock);
    const b = await session(clock);
    expect(a.local.rtcpPort).toBe(a.local.rtpPort + 1);
    a.setRemote(remoteOf(b));
    b.setRemote(remoteOf(a));
    for (const fill of [1, 2, 3]) expect(a.send(frame(fill), { payloadType: 0 })).toBe(true);
    a.pause(800); // 100 ms of silence, not sent
    a.send(frame(4), { payloadType: 0 });
    b.send(Uint8Array.of(1, 0x0a, 0, 160), { payloadType: 101, samples: 0 });
    await until('four frames at b, one at a', () => b.packets.length === 4 && a.packets.length === 1);
    const [first] = b.packets;
    expect(b.packets.map((p) => [p.payloadType, p.payload[0], p.ssrc, (p.sequence - first.sequence) & 0xffff, (p.timestamp - first.timestamp) >>> 0, p.marker]))
      .toEqual([[0, 1, a.ssrc, 0, 0, true], [0, 2, a.ssrc, 1, 160, false], [0, 3, a.ssrc, 2, 320, false], [0, 4, a.ssrc, 3, 480 + 800, true]]);
    expect(a.packets[0]).toMatchObject({ payloadType: 101, ssrc: b.ssrc, marker: true });
    expect(b.remoteSource).toBe(a.ssrc);
    expect(a.counters).toMatchObject({ sent: 4, sentOctets: 640, received: 1 });
    expect(b.counters).toMatchObject({ sent: 1, received: 4, malformed: 0, wrongSource: 0, unknownPayloadType: 0 });
    expect(a.ssrc).not.toBe(b.ssrc);
  });

  it('a fixed timestamp (an RFC 4733 event, §2.5.1.1) leaves the running one and the talkspurt alone; the sequence goes on', async () => {
    const clock = new ManualClock(0);
    const a = await session(clock);
    const b = await session(clock);
    a.setRemote(remoteOf(b));
    b.setRemote(remoteOf(a));
    a.send(frame(1), { payloadType: 0 });
    const start = a.nextTimestamp;
    for (const marker of [true, false, false]) a.send(Uint8Array.of(1, 0x0a, 0, 160), { payloadType: 101, marker, timestamp: start });
    a.send(frame(2), { payloadType: 0 });
    await until('five packets', () => b.packets.length === 5);
    const first = b.packets[0];
    expect(b.packets.map((p) => [p.payloadType, (p.sequence - first.sequence) & 0xffff, (p.timestamp - first.timestamp) >>> 0, p.marker]))
      .toEqual([[0, 0, 0, true], [101, 1, 160, true], [101, 2, 160, false], [101, 3, 160, false], [0, 4, 160, false]]);
  });

  it('with rtcp-mux, one port carries RTP and RTCP both ways (RFC 5761)', async () => {
    const clock = new ManualClock(0);
    const a = await session(clock, { rtcpMux: true });
    const b = await session(clock, { rtcpMux: true });
    expect(a.local.rtcpPort).toBe(a.local.rtpPort);
    a.setRemote(remoteOf(b, [0], true));
    b.setRemote(remoteOf(a, [0], true));
    a.send(frame(7), { payloadType: 0 });
    b.send(frame(8), { payloadType: 0 });
    await until('a frame each way', () => a.packets.length === 1 && b.packets.length === 1);
    clock.advance(RTCP_INTERVAL_MS);
    await until('an RTCP report each way', () => a.counters.rtcpReceived === 1 && b.counters.rtcpReceived === 1);
    expect(a.remoteReport).toMatchObject({ ssrc: a.ssrc, cumulativeLost: 0, fractionLost: 0 });
    expect([a.counters.malformed, b.counters.malformed, a.counters.wrongSource]).toEqual([0, 0, 0]);
  });

  it('sends RTCP every five seconds of its clock: an SR from a sender, an RR with a block from a receiver, LSR/DLSR (§6.4)', async () => {
    const clock = new ManualClock(0);
    const a = await session(clock);
    const b = await session(clock);
    a.setRemote(remoteOf(b));
    b.setRemote(remoteOf(a));
    // Ten frames 20 ms apart on the clock, each awaited: they arrive on time, so the jitter is 0.
    for (let i = 0; i < 10; i++) {
      a.send(frame(i), { payloadType: 8 });
      await until(`frame ${i} at b`, () => b.packets.length === i + 1);
      clock.advance(20);
    }
    clock.advance(RTCP_INTERVAL_MS - 200 - 1);
    expect([a.counters.rtcpSent, b.counters.rtcpSent]).toEqual([0, 0]);
    clock.advance(1);
    expect([a.counters.rtcpSent, b.counters.rtcpSent]).toEqual([1, 1]);
    await until('the first reports', () => a.counters.rtcpReceived === 1 && b.counters.rtcpReceived === 1);
    const highest = b.packets[9].sequence;
    // b's RR tells a how its stream is heard; a's SR carried no block (a heard nothing).
    expect(a.remoteReport).toEqual({ ssrc: a.ssrc, fractionLost: 0, cumulativeLost: 0, highestSequence: highest, jitter: 0, lastSr: 0, delaySinceLastSr: 0 });
    expect(b.remoteReport).toBeNull();
    clock.advance(RTCP_INTERVAL_MS);
    await until('the second reports', () => a.counters.rtcpReceived === 2 && b.counters.rtcpReceived === 2);
    // b heard a's SR five seconds before its second RR: DLSR is 5 s in 1/65536 s.
    expect(a.remoteReport?.lastSr).not.toBe(0);
    expect(a.remoteReport?.delaySinceLastSr).toBe(5 * 65536);
    expect(a.counters.rtcpSent).toBe(2);
  });

  it('randomises each RTCP interval over [0.5, 1.5] of five seconds (§6.3.1): a process with many calls does not send all their reports at once', async () => {
    const clock = new ManualClock(0);
    const draws = [0, 0.999, 0.25];
    const a = await session(clock, { random: () => draws.shift() ?? 0.5 });
    const b = await session(clock);
    a.setRemote(remoteOf(b));
    b.setRemote(remoteOf(a));
    clock.advance(2_499);
    expect(a.counters.rtcpSent).toBe(0);
    clock.advance(1);
    expect(a.counters.rtcpSent).toBe(1);
    clock.advance(7_494);
    expect(a.counters.rtcpSent).toBe(1);
    clock.advance(1);
    expect(a.counters.rtcpSent).toBe(2);
    clock.advance(3_750);
    expect(a.counters.rtcpSent).toBe(3);
  });

  it('close sends a BYE and releases the ports; closing again is the same close (§6.6)', async () => {
    const clock = new ManualClock(0);
    const byes: (string | null)[] = [];
    const a = await session(clock);
    const b = await session(clock, { onBye: (reason) => byes.push(reason) });
    a.setRemote(remoteOf(b));
    b.setRemote(remoteOf(a));
    a.send(frame(1), { payloadType: 0 });
    await until('a frame at b', () => b.packets.length === 1);
    const inUse = range.inUse;
    const closing = a.close('hung up');
    expect(a.close()).toBe(closing);
    await closing;
    expect(range.inUse).toBe(inUse - 1);
    await until('the BYE at b', () => byes.length === 1);
    expect(byes).toEqual(['hung up']);
    expect(b.counters.byeReceived).toBe(1);
    expect(a.send(frame(2), { payloadType: 0 })).toBe(false);
    await b.close();
    expect(clock.pending).toBe(0);
  });

  it('before the far end is known it sends nothing and takes nothing', async () => {
    const clock = new ManualClock(0);
    const s = await session(clock);
    const stranger = await raw();
    expect(s.send(frame(1), { payloadType: 0 })).toBe(false);
    clock.advance(RTCP_INTERVAL_MS);
    expect(s.counters.rtcpSent).toBe(0);
    stranger.send(rtp(), s.local.rtpPort, ADDRESS);
    stranger.send(serialiseRtcp([{ type: 'RR', ssrc: 1, reports: [] }]), s.local.rtcpPort, ADDRESS);
    await until('two strangers counted', () => s.counters.wrongSource === 2);
    expect(s.packets).toEqual([]);
  });

  it('counts hostile and unexpected input, drops what is not RTP of its far end, and keeps going', async () => {
    const clock = new ManualClock(0);
    const s = await session(clock);
    const far = await raw();
    const farRtcp = await raw();
    const stranger = await raw();
    s.setRemote({ address: ADDRESS, port: portOf(far), rtcpMux: false, rtcpPort: portOf(farRtcp), payloadTypes: [0, 101] });
    const toRtp = (bytes: Uint8Array, from = far) => from.send(bytes, s.local.rtpPort, ADDRESS);
    const toRtcp = (bytes: Uint8Array, from = farRtcp) => from.send(bytes, s.local.rtcpPort, ADDRESS);
    const expectCounts = (what: string, counts: Partial<RtpCounters>) => until(what, () => Object.entries(counts).every(([k, v]) => s.counters[k as keyof RtpCounters] === v));

    toRtp(Uint8Array.of(1, 2, 3));
    toRtp(Uint8Array.of(0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1)); // version 1
    await expectCounts('two malformed', { malformed: 2 });
    toRtp(rtp({ payloadType: 99 }));
    await expectCounts('an unknown payload type', { unknownPayloadType: 1 });
    toRtp(rtp({ sequence: 1, timestamp: 0 }));
    await expectCounts('the first good packet', { received: 1 });
    toRtp(rtp({ sequence: 2, timestamp: 160 }), stranger);
    await expectCounts('a stranger', { wrongSource: 1 });
    toRtp(rtp({ sequence: 2, timestamp: 80_000_160 }));
    await expectCounts('a timestamp jump, taken', { timestampJumps: 1, received: 2 });
    toRtp(rtp({ sequence: 9000, timestamp: 80_000_320 }));
    await expectCounts('a sequence jump, dropped', { badSequence: 1, received: 2 });
    toRtp(rtp({ ssrc: 0x7777, sequence: 500, timestamp: 1 }));
    await expectCounts('a new SSRC, taken', { ssrcChanges: 1, received: 3 });
    toRtcp(Uint8Array.of(0x80, 201, 0, 9, 0, 0)); // a length past the end
    toRtcp(Uint8Array.of(0xa0, 202, 0, 1, 0, 0, 0, 4, ...serialiseRtcp([{ type: 'RR', ssrc: 1, reports: [] }]))); // padding before the last packet
    toRtcp(serialiseRtcp([{ type: 'RR', ssrc: 1, reports: [] }]), stranger);
    toRtp(serialiseRtcp([{ type: 'RR', ssrc: 1, reports: [] }])); // RTCP on the RTP port, not muxed: not RTP
    await expectCounts('RTCP from a stranger, two malformed, one on the RTP port', { wrongSource: 2, rtcpMalformed: 2, malformed: 3 });
    toRtcp(serialiseRtcp([{ type: 'RR', ssrc: 0x7777, reports: [] }, { type: 'BYE', ssrcs: [0x5151], reason: null }]));
    await expectCounts('a good RR, and a BYE of a source no longer ours ignored', { rtcpReceived: 1 });
    expect(s.counters.byeReceived).toBe(0);
    toRtp(rtp({ ssrc: 0x7777, sequence: 501, timestamp: 161, payloadType: 101, payload: Uint8Array.of(1, 0, 0, 160) }));
    await expectCounts('still taking packets', { received: 4 });
    expect(s.packets.map((p) => [p.ssrc, p.sequence, p.payloadType])).toEqual([[0x5151, 1, 0], [0x5151, 2, 0], [0x7777, 500, 0], [0x7777, 501, 101]]);
    expect(s.counters).toMatchObject({ malformed: 3, unknownPayloadType: 1, wrongSource: 2, latched: 0 });
  });

  it.each([
    ['on its own RTCP port', false],
    ['muxed on the RTP port (RFC 5761)', true],
  ])('reduced-size RTCP (RFC 5506) %s: a lone BYE ends the far end\'s source, a lone PLI, APP or SDES is taken; they were counted rtcpMalformed and the BYE lost', async (_, rtcpMux) => {
    const clock = new ManualClock(0);
    const byes: (string | null)[] = [];
    const s = await session(clock, { rtcpMux, onBye: (reason) => byes.push(reason) });
    const far = await raw();
    const farRtcp = rtcpMux ? far : await raw();
    s.setRemote({ address: ADDRESS, port: portOf(far), rtcpMux, rtcpPort: portOf(farRtcp), payloadTypes: [0] });
    const toRtcp = (bytes: Uint8Array) => farRtcp.send(bytes, s.local.rtcpPort, ADDRESS);
    far.send(rtp({ sequence: 1 }), s.local.rtpPort, ADDRESS);
    await until('the far end\'s source', () => s.remoteSource === 0x5151);
    toRtcp(Uint8Array.of(0x81, 206, 0, 2, 0, 0, 0x51, 0x51, 0, 0, 0, 0)); // PLI: PSFB (206), FMT 1 (RFC 4585 §6.3.1)
    toRtcp(Uint8Array.of(0x80, 204, 0, 2, 0, 0, 0x51, 0x51, 0x50, 0x49, 0x4e, 0x47)); // APP "PING", as baresip sends it alone
    toRtcp(serialiseRtcp([{ type: 'SDES', chunks: [{ ssrc: 0x5151, cname: 'far@127.0.0.1' }] }]));
    await until('three reduced-size packets taken', () => s.counters.rtcpReceived === 3);
    // Structurally broken is still malformed: padding before the last packet, and a length past the end.
    toRtcp(Uint8Array.of(0xa1, 206, 0, 2, 0, 0, 0x51, 0x51, 0, 0, 0, 4, 0x80, 204, 0, 0));
    toRtcp(Uint8Array.of(0x81, 203, 0, 9, 0, 0, 0x51, 0x51));
    await until('two malformed', () => s.counters.rtcpMalformed === 2);
    toRtcp(serialiseRtcp([{ type: 'BYE', ssrcs: [0x5151], reason: 'bye' }]));
    await until('the lone BYE', () => byes.length === 1);
    expect(byes).toEqual(['bye']);
    far.send(rtp({ sequence: 2, timestamp: 160 }), s.local.rtpPort, ADDRESS);
    await until('RTP still taken', () => s.counters.received === 2);
    expect(s.counters).toMatchObject({ rtcpReceived: 4, rtcpMalformed: 2, byeReceived: 1, malformed: 0, unknownPayloadType: 0, wrongSource: 0 });
  });

  it('symmetric: the first valid packet from elsewhere moves the far end there, once (RFC 4961)', async () => {
    const clock = new ManualClock(0);
    const s = await session(clock, { symmetric: true });
    const inSdp = await raw(); // the address the far end's SDP gave, where nothing comes from
    const behindNat = await raw();
    const other = await raw();
    s.setRemote({ address: ADDRESS, port: portOf(inSdp), rtcpMux: false, rtcpPort: portOf(inSdp) + 1, payloadTypes: [0] });
    behindNat.send(Uint8Array.of(9, 9, 9), s.local.rtpPort, ADDRESS);
    behindNat.send(rtp({ payloadType: 18 }), s.local.rtpPort, ADDRESS);
    await until('invalid packets, which move nothing', () => s.counters.malformed === 1 && s.counters.unknownPayloadType === 1);
    expect(s.remote?.port).toBe(portOf(inSdp));
    behindNat.send(rtp({ sequence: 1 }), s.local.rtpPort, ADDRESS);
    await until('the first valid packet', () => s.counters.received === 1);
    expect(s.counters.latched).toBe(1);
    expect(s.remote?.port).toBe(portOf(behindNat));
    other.send(rtp({ sequence: 2 }), s.local.rtpPort, ADDRESS);
    await until('another source, refused', () => s.counters.wrongSource === 1);
    s.send(frame(5), { payloadType: 0 });
    await until('our frame where the far end is', () => behindNat.received.length === 1);
    expect(inSdp.received).toEqual([]);
  });

  it('symmetric: a later SDP with the same addresses (a hold, an unhold) keeps the latch; new addresses start it again', async () => {
    const clock = new ManualClock(0);
    const s = await session(clock, { symmetric: true });
    const inSdp = await raw();
    const behindNat = await raw();
    const moved = await raw();
    const given = { address: ADDRESS, port: portOf(inSdp), rtcpMux: false, rtcpPort: portOf(inSdp) + 1, payloadTypes: [0] };
    s.setRemote(given);
    behindNat.send(rtp({ sequence: 1 }), s.local.rtpPort, ADDRESS);
    await until('the latch', () => s.counters.latched === 1);
    // The re-INVITE of a hold names the same address and port: RTP still goes where it latched.
    s.setRemote({ ...given, payloadTypes: [0, 101] });
    expect(s.remote?.port).toBe(portOf(behindNat));
    s.send(frame(1), { payloadType: 0 });
    await until('our frame where the far end is', () => behindNat.received.length === 1);
    // A packet from the SDP's own address is a stranger now, as before the re-INVITE.
    inSdp.send(rtp({ sequence: 2 }), s.local.rtpPort, ADDRESS);
    await until('refused', () => s.counters.wrongSource === 1);
    // A new address in the SDP (the call moved): the latch starts again.
    s.setRemote({ ...given, port: portOf(moved), rtcpPort: portOf(moved) + 1 });
    expect(s.remote?.port).toBe(portOf(moved));
    behindNat.send(rtp({ sequence: 3 }), s.local.rtpPort, ADDRESS);
    await until('latched again', () => s.counters.latched === 2);
    expect(inSdp.received).toEqual([]);
  });

  it('a far end at 0.0.0.0 (RFC 3264 §8.4) is nowhere: no RTP, no RTCP, nothing taken; the latch kept for the SDP that names its address again', async () => {
    const clock = new ManualClock(0);
    const s = await session(clock, { symmetric: true });
    const inSdp = await raw();
    const behindNat = await raw();
    const given = { address: ADDRESS, port: portOf(inSdp), rtcpMux: false, rtcpPort: portOf(inSdp) + 1, payloadTypes: [0] };
    s.setRemote(given);
    behindNat.send(rtp({ sequence: 1 }), s.local.rtpPort, ADDRESS);
    await until('the latch', () => s.counters.latched === 1);
    s.setRemote({ ...given, address: '0.0.0.0' });
    expect(s.send(frame(1), { payloadType: 0 })).toBe(false);
    clock.advance(2 * RTCP_INTERVAL_MS);
    behindNat.send(rtp({ sequence: 2 }), s.local.rtpPort, ADDRESS);
    await until('its packet refused, not latched again', () => s.counters.wrongSource === 1);
    expect(s.counters).toMatchObject({ sent: 0, rtcpSent: 0, latched: 1, received: 1 });
    // The unhold names the address of before: RTP goes where it latched, as before the hold.
    s.setRemote(given);
    expect(s.send(frame(2), { payloadType: 0 })).toBe(true);
    await until('our frame where the far end is', () => behindNat.received.length === 1);
    expect(inSdp.received).toEqual([]);
  });

  it('an a=rtcp naming 0.0.0.0 gets no RTCP; RTP still goes', async () => {
    const clock = new ManualClock(0);
    const s = await session(clock);
    const far = await raw();
    s.setRemote({ address: ADDRESS, port: portOf(far), rtcpMux: false, rtcpAddress: '0.0.0.0', rtcpPort: portOf(far) + 1, payloadTypes: [0] });
    s.send(frame(1), { payloadType: 0 });
    clock.advance(2 * RTCP_INTERVAL_MS);
    await until('the frame', () => far.received.length === 1);
    expect([s.counters.sent, s.counters.rtcpSent]).toEqual([1, 0]);
  });

  it('refuses a far end that is not an IP address and ports', async () => {
    const s = await session(new ManualClock(0));
    expect(() => s.setRemote({ address: 'pbx.example', port: 6000, rtcpMux: false, rtcpPort: 6001, payloadTypes: [0] })).toThrow(RangeError);
    expect(() => s.setRemote({ address: ADDRESS, port: 0, rtcpMux: false, rtcpPort: 6001, payloadTypes: [0] })).toThrow(RangeError);
    expect(s.remote).toBeNull();
  });

  it('takes its far end from an offer and an answer (sdp-media.ts)', async () => {
    const clock = new ManualClock(0);
    const offerer = await session(clock);
    const offer = sdpMediaOffer({ address: ADDRESS, port: offerer.local.rtpPort, rtcp: offerer.local.rtcpPort, sessionId: '1' });
    const heard = sdpMedia(offer);
    const answerer = await session(clock, { rtcpMux: heard.rtcpMux });
    const answer = sdpMediaAnswer(offer, { address: ADDRESS, port: answerer.local.rtpPort, rtcp: answerer.local.rtcpPort, sessionId: '2', codecs: [{ payloadType: 8, name: 'PCMA', clockRate: 8000 }] });
    const payloadTypes = (m: typeof heard) => [m.codec.payloadType, ...(m.telephoneEvent === null ? [] : [m.telephoneEvent])];
    answerer.setRemote({ ...answer.remote, payloadTypes: payloadTypes(answer.remote) });
    const answered = sdpMedia(answer.sdp);
    offerer.setRemote({ ...answered, payloadTypes: payloadTypes(answered) });
    offerer.send(frame(1), { payloadType: answered.codec.payloadType });
    answerer.send(frame(2), { payloadType: answer.remote.codec.payloadType });
    await until('a PCMA frame each way', () => offerer.packets.length === 1 && answerer.packets.length === 1);
    expect([offerer.packets[0].payloadType, answerer.packets[0].payloadType]).toEqual([8, 8]);
  });
});
