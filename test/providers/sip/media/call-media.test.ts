/**
 * The media leg of a call on real loopback sockets (ports 25000-25199, this file's alone): offer
 * and answer name the bound ports (RFC 3264 §5-6), PCM goes through G.711 in the law agreed (a
 * 1 kHz tone arrives as 1 kHz, measured), RFC 4733 digits arrive once each, the far end's packets
 * of another size come out as frames of 160 samples, a gap in what is sent marks the next talkspurt
 * (RFC 3551 §4.1), a direction that does not send sends nothing (RFC 3264 §5.1), and closing releases
 * the ports. Timing (RTCP, digit pacing, gaps) is on a manual clock; the only real waits are for
 * datagrams, each bounded.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { concatPcm, silence } from '../../../../providers/media/pcm.js';
import { dtmfTone, tone } from '../../../../providers/media/dtmf-tones.js';
import { measureTone } from '../../../../providers/media/tone-measure.js';
import { CallMediaLeg } from '../../../../providers/sip/media/call-media.js';
import type { DigitListener } from '../../../../providers/sip/media/leg-audio.js';
import { DIGIT_MS, GAP_MS } from '../../../../providers/sip/media/dtmf-sender.js';
import { muLawEncodeBuffer } from '../../../../providers/sip/media/g711.js';
import { PortRange } from '../../../../providers/sip/media/port-range.js';
import { RtpAudio } from '../../../../providers/sip/media/rtp-audio.js';
import { parseRtp, type RtpPacket, serialiseRtp } from '../../../../providers/sip/media/rtp-packet.js';
import { ManualClock } from '../../../../src/testing/manual-clock.js';
import { until } from '../../../support/until.js';

const ADDRESS = '127.0.0.1';
const range = new PortRange({ address: ADDRESS, min: 25000, max: 25199 });
const legs: CallMediaLeg[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  await Promise.all(legs.splice(0).map((leg) => leg.close()));
  await Promise.all(sockets.splice(0).map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
  expect(range.inUse).toBe(0);
});

/** A leg on ports of the range, its RTP in this thread. */
async function open(clock: ManualClock, onDigit: DigitListener): Promise<CallMediaLeg> {
  return new CallMediaLeg(await RtpAudio.open({ ports: range, clock, onDigit }), ADDRESS);
}

/** A leg the test closes at its end, with what it hears: frames (`heard`) and digits (`keys`). */
async function leg(clock: ManualClock) {
  const digits: string[] = [];
  const opened = await open(clock, (digit) => digits.push(digit));
  legs.push(opened);
  const frames: Int16Array[] = [];
  opened.media.onReceive((frame) => frames.push(frame));
  // Beside the leg, not on it: the leg has fields of its own.
  return Object.assign(opened, { keys: digits, heard: frames });
}

/** A plain UDP socket playing the far end: it keeps the RTP it receives. */
async function raw(): Promise<Socket & { packets: RtpPacket[] }> {
  const socket = createSocket('udp4');
  const packets: RtpPacket[] = [];
  socket.on('message', (data) => {
    const packet = parseRtp(data);
    if (packet) packets.push(packet);
  });
  await new Promise<void>((resolve) => socket.bind({ address: ADDRESS, port: 0 }, () => resolve()));
  sockets.push(socket);
  return Object.assign(socket, { packets });
}

/** An answer from a far end at `port` with these formats. */
function farAnswer(port: number, formats = '0 101', direction = 'sendrecv'): string {
  return `v=0\r\no=- 1 1 IN IP4 ${ADDRESS}\r\ns=-\r\nc=IN IP4 ${ADDRESS}\r\nt=0 0\r\nm=audio ${port} RTP/AVP ${formats}\r\na=rtpmap:101 telephone-event/8000\r\na=${direction}\r\n`;
}

/** One frame played now (a playback's first frame goes in a microtask: this waits for it). */
async function sendFrame(from: CallMediaLeg, frame: Int16Array): Promise<void> {
  await from.media.play(frame).result;
}

/** `samples` as frames of 160, sent one every 20 ms of `clock`. */
async function play(from: CallMediaLeg, clock: ManualClock, samples: Int16Array): Promise<number> {
  let frames = 0;
  for (let at = 0; at + 160 <= samples.length; at += 160, frames++) {
    await sendFrame(from, samples.slice(at, at + 160));
    clock.advance(20);
  }
  return frames;
}

/** A leg (on `clock`) that offered, and a raw far end that answered it with these formats. */
async function toRawFarEnd(clock: ManualClock, formats = '0 101') {
  const a = await leg(clock);
  const far = await raw();
  a.offer();
  a.answered(farAnswer(far.address().port, formats), 'sendrecv');
  return { a, far };
}

describe('CallMediaLeg', () => {
  it('offer and answer name the bound ports; a 1 kHz tone goes both ways as PCMU and is heard as 1 kHz', async () => {
    const clock = new ManualClock(1_000_000);
    const a = await leg(clock);
    const b = await leg(clock);
    const offer = a.offer();
    expect(offer).toContain(`m=audio ${a.port} RTP/AVP 0 8 101\r\n`);
    expect(offer).toContain(`a=rtcp:${a.port + 1}\r\n`);
    expect(offer).toContain('a=ptime:20\r\n');
    const answer = b.answer(offer);
    expect(answer).toContain(`m=audio ${b.port} RTP/AVP 0 101\r\n`);
    a.answered(answer, 'sendrecv');
    expect([a.codec?.name, b.codec?.name, a.sendsEvents, b.sendsEvents]).toEqual(['PCMU', 'PCMU', true, true]);
    const sent = await play(a, clock, tone(1000, 400));
    await play(b, clock, tone(1000, 400));
    await until('both tones', () => a.heard.length === sent && b.heard.length === sent);
    for (const frames of [a.heard, b.heard]) {
      expect(frames.every((frame) => frame.length === 160)).toBe(true);
      const measured = measureTone(concatPcm(frames))!;
      expect(measured.frequency).toBeCloseTo(1000, 0);
      expect(measured.levelDbm0).toBeGreaterThan(-11);
      expect(measured.levelDbm0).toBeLessThan(-9);
    }
  });

  it('an offer that puts PCMA first is answered with PCMA, and the tone goes as A-law', async () => {
    const clock = new ManualClock(1_000_000);
    const a = await leg(clock);
    const b = await leg(clock);
    const answer = b.answer(a.offer().replace(' RTP/AVP 0 8 101', ' RTP/AVP 8 0 101'));
    expect(answer).toContain(`m=audio ${b.port} RTP/AVP 8 101\r\n`);
    a.answered(answer, 'sendrecv');
    expect(a.codec?.name).toBe('PCMA');
    const sent = await play(a, clock, tone(1000, 200));
    await until('the tone', () => b.heard.length === sent);
    expect(measureTone(concatPcm(b.heard))!.frequency).toBeCloseTo(1000, 0);
  });

  it('RFC 4733 digits arrive once each, the same key twice as two presses', async () => {
    const clock = new ManualClock(1_000_000);
    const a = await leg(clock);
    const b = await leg(clock);
    a.answered(b.answer(a.offer()), 'sendrecv');
    a.sendDigits('12#1');
    clock.advance(4 * (DIGIT_MS + GAP_MS));
    // Every end packet is sent three times (§2.5.1.4): wait for every packet a sent, not for time.
    expect(a.counters.sent).toBe(4 * 5);
    await until('every packet taken', () => b.counters.received === a.counters.sent);
    expect(b.keys).toEqual(['1', '2', '#', '1']);
  });

  it('a digit sent while audio plays does not push the audio 100 ms ahead: one timeline, the event at its start (RFC 4733 §2.5.1.1)', async () => {
    const clock = new ManualClock(1_000_000);
    const { a, far } = await toRawFarEnd(clock);
    const frames = 30;
    for (let i = 0; i < frames; i++) {
      if (i === 5) a.sendDigits('1');
      await sendFrame(a, new Int16Array(160));
      clock.advance(20);
    }
    const events = 5; // start, one update, three ends (dtmf-sender.ts)
    await until('the audio and the event', () => far.packets.length === frames + events);
    const audio = far.packets.filter((packet) => packet.payloadType === 0);
    const event = far.packets.filter((packet) => packet.payloadType === 101);
    // Every frame 160 samples after the one before, whatever the digit did; only the first marked.
    expect(audio.map((packet) => (packet.timestamp - audio[0].timestamp) >>> 0)).toEqual(audio.map((_, i) => 160 * i));
    expect(audio.map((packet) => packet.marker)).toEqual(audio.map((_, i) => i === 0));
    // The event's packets carry the instant it started: that of the frame sent with it.
    expect(new Set(event.map((packet) => packet.timestamp))).toEqual(new Set([audio[5].timestamp]));
    // One sequence for both payload types, in the order sent (RFC 3550 §5.1).
    const sequences = far.packets.map((packet) => packet.sequence);
    expect(sequences.map((sequence) => (sequence - sequences[0]) & 0xffff)).toEqual(sequences.map((_, i) => i));
  });

  it('digits sent in silence each start at their instant: two presses of one key, 200 ms apart, 1600 samples apart', async () => {
    const clock = new ManualClock(1_000_000);
    const { a, far } = await toRawFarEnd(clock);
    a.sendDigits('11');
    clock.advance(2 * (DIGIT_MS + GAP_MS));
    await sendFrame(a, new Int16Array(160));
    await until('both events and the frame', () => far.packets.length === 11);
    const starts = far.packets.filter((packet) => packet.payloadType === 101 && packet.marker).map((packet) => packet.timestamp);
    expect(starts).toHaveLength(2);
    expect((starts[1] - starts[0]) >>> 0).toBe(8 * (DIGIT_MS + GAP_MS));
    // The frame after them stands at its own instant, 400 ms after the first, marked as a talkspurt's first.
    const frame = far.packets.at(-1)!;
    expect([frame.payloadType, frame.marker, (frame.timestamp - starts[0]) >>> 0]).toEqual([0, true, 8 * 2 * (DIGIT_MS + GAP_MS)]);
  });

  it('a far end without telephone-event gets no events (the call falls back to INFO)', async () => {
    const clock = new ManualClock(1_000_000);
    const { a, far } = await toRawFarEnd(clock, '0');
    expect(a.sendsEvents).toBe(false);
    a.sendDigits('5');
    clock.advance(1000);
    expect(a.counters.sent).toBe(0);
  });

  it('a far end without telephone-event: its keys are found in the audio (in-band DTMF), once per press, via inband', async () => {
    const clock = new ManualClock(1_000_000);
    const keys: string[] = [];
    const a = await open(clock, (digit, via) => keys.push(`${digit}/${via}`));
    legs.push(a);
    const far = await raw();
    const port = Number(/m=audio (\d+)/.exec(a.offer())![1]);
    a.answered(farAnswer(far.address().port, '0'), 'sendrecv');
    // The far end keys 7 then # as tones: 100 ms each, 100 ms apart, in 20 ms PCMU packets.
    const audio = concatPcm([dtmfTone('7', 100), silence(100), dtmfTone('#', 100), silence(100)]);
    for (let at = 0, seq = 1; at < audio.length; at += 160, seq++) {
      const packet = serialiseRtp({ marker: seq === 1, payloadType: 0, sequence: seq, timestamp: at, ssrc: 0x1234, csrcs: [], extension: null, payload: muLawEncodeBuffer(audio.subarray(at, at + 160)), padding: 0 });
      far.send(packet, port, ADDRESS);
    }
    await until('two keys', () => keys.length === 2);
    expect(keys).toEqual(['7/inband', '#/inband']);
  });

  it('the first frame, and the first after a gap, are marked; the gap moves the timestamp on (RFC 3551 §4.1)', async () => {
    const clock = new ManualClock(1_000_000);
    const { a, far } = await toRawFarEnd(clock);
    await play(a, clock, new Int16Array(320));
    clock.advance(1000);
    await play(a, clock, new Int16Array(160));
    await until('three packets', () => far.packets.length === 3);
    expect(far.packets.map((p) => p.marker)).toEqual([true, false, true]);
    const [first, second, third] = far.packets.map((p) => p.timestamp);
    expect(second - first).toBe(160);
    expect(third - second).toBe(160 + 8 * 1000);
  });

  it('the far end’s 30 ms packets come out as frames of 160 samples', async () => {
    const clock = new ManualClock(1_000_000);
    const { a, far } = await toRawFarEnd(clock);
    for (const sequence of [1, 2]) {
      const payload = muLawEncodeBuffer(new Int16Array(240).fill(1000));
      const packet = serialiseRtp({ marker: false, payloadType: 0, sequence, timestamp: sequence * 240, ssrc: 7, csrcs: [], extension: null, payload, padding: 0 });
      far.send(packet, a.port, ADDRESS);
    }
    await until('three frames', () => a.heard.length === 3);
    expect(a.heard.map((frame) => frame.length)).toEqual([160, 160, 160]);
  });

  it('nothing is sent while the far end receives nothing (its answer inactive), nor while ours says recvonly', async () => {
    const clock = new ManualClock(1_000_000);
    const a = await leg(clock);
    const far = await raw();
    a.offer();
    a.answered(farAnswer(far.address().port, '0 101', 'inactive'), 'sendrecv');
    await play(a, clock, new Int16Array(320));
    a.answered(farAnswer(far.address().port, '0 101', 'sendrecv'), 'recvonly');
    await play(a, clock, new Int16Array(320));
    expect(a.counters.sent).toBe(0);
    a.answered(farAnswer(far.address().port, '0 101', 'recvonly'), 'sendonly');
    await play(a, clock, new Int16Array(160));
    expect(a.counters.sent).toBe(1);
  });

  it('rtcp-mux (RFC 5761): offered with a=rtcp still naming port + 1; a leg answering it muxes, and RTCP goes both ways on the RTP ports', async () => {
    const clock = new ManualClock(1_000_000);
    const a = await leg(clock);
    const b = await leg(clock);
    const offer = a.offer();
    expect(offer).toContain('a=rtcp-mux\r\n');
    expect(offer).toContain(`a=rtcp:${a.port + 1}\r\n`);
    const answer = b.answer(offer);
    expect(answer).toContain('a=rtcp-mux\r\n');
    expect(answer).not.toContain('a=rtcp:');
    a.answered(answer, 'sendrecv');
    // An RTCP interval is 2.5-7.5 s (RFC 3550 §6.3.1).
    clock.advance(7_500);
    await until('an RTCP report each way', () => a.counters.rtcpReceived >= 1 && b.counters.rtcpReceived >= 1);
    expect([a.counters.wrongSource, b.counters.wrongSource, a.counters.rtcpMalformed, b.counters.rtcpMalformed]).toEqual([0, 0, 0, 0]);
  });

  it('an answer with a=rtcp-mux to an offer that had none is not followed: RTCP goes to the port its a=rtcp names (RFC 5761 §5.1.1)', async () => {
    const clock = new ManualClock(1_000_000);
    const far = await raw();
    const rtcpSeen: number[] = [];
    const farRtcp = createSocket('udp4');
    sockets.push(farRtcp);
    farRtcp.on('message', (data) => rtcpSeen.push(data[1]));
    await new Promise<void>((resolve) => farRtcp.bind({ address: ADDRESS, port: 0 }, () => resolve()));
    // b answered an offer without rtcp-mux, so its later offers (replays of that answer) have none.
    const b = await leg(clock);
    b.answer(farAnswer(far.address().port));
    b.answered(farAnswer(far.address().port) + `a=rtcp:${farRtcp.address().port}\r\na=rtcp-mux\r\n`, 'sendrecv');
    await play(b, clock, new Int16Array(160));
    clock.advance(7_500);
    await until('the report at the a=rtcp port', () => rtcpSeen.length >= 1);
    expect(rtcpSeen[0]).toBeGreaterThanOrEqual(200);
    // The RTP port had the one frame and nothing else (RTCP there would read as RTP of type 72).
    expect(far.packets.map((packet) => packet.payloadType)).toEqual([0]);
  });

  it('an answer at c=0.0.0.0 (RFC 3264 §8.4) is inactive: nothing is sent anywhere, RTCP included, and the far end it had comes back with the unhold', async () => {
    const clock = new ManualClock(1_000_000);
    const far = await raw();
    const elsewhere = await raw();
    const a = await leg(clock);
    a.offer();
    const muxed = (port: number) => `${farAnswer(port)}a=rtcp-mux\r\n`;
    a.answered(muxed(far.address().port), 'sendrecv');
    // The old hold: no address, and another port (which 0.0.0.0 would reach on this host).
    a.answered(muxed(elsewhere.address().port).replace(`c=IN IP4 ${ADDRESS}`, 'c=IN IP4 0.0.0.0'), 'sendrecv');
    await play(a, clock, new Int16Array(320));
    a.sendDigits('1');
    // Past an RTCP interval (at most 7.5 s, RFC 3550 §6.3.1): no report went either. The counters
    // are counted as the datagrams are handed to the socket, so this is no race.
    clock.advance(7_500);
    expect([a.counters.sent, a.counters.rtcpSent]).toEqual([0, 0]);
    // Taken back at the same address: the audio goes there again.
    a.answered(muxed(far.address().port), 'sendrecv');
    await play(a, clock, new Int16Array(160));
    await until('the frame after the unhold', () => far.packets.some((packet) => packet.payloadType === 0));
    expect(far.packets.map((packet) => packet.payloadType)).toEqual([0]);
    expect(elsewhere.packets).toEqual([]);
  });

  it('a first answer at c=0.0.0.0 sends nothing to 0.0.0.0, not even the BYE on close; what the far end sends is not heard', async () => {
    const clock = new ManualClock(1_000_000);
    const a = await leg(clock);
    const far = await raw();
    const port = Number(/m=audio (\d+)/.exec(a.offer())![1]);
    a.answered(farAnswer(9, '0 101', 'sendrecv').replace(`c=IN IP4 ${ADDRESS}`, 'c=IN IP4 0.0.0.0'), 'sendrecv');
    await play(a, clock, new Int16Array(160));
    clock.advance(7_500);
    const packet = serialiseRtp({ marker: true, payloadType: 0, sequence: 1, timestamp: 0, ssrc: 0x4321, csrcs: [], extension: null, payload: muLawEncodeBuffer(new Int16Array(160)), padding: 0 });
    far.send(packet, port, ADDRESS);
    await until('the far end’s packet refused', () => a.counters.wrongSource === 1);
    await a.close();
    expect([a.counters.sent, a.counters.rtcpSent, a.heard.length]).toEqual([0, 0, 0]);
  });

  it('what arrives against the agreed directions is not heard: neither audio nor keys while we hold the call (RFC 3264 §5.1)', async () => {
    const clock = new ManualClock(1_000_000);
    const keys: string[] = [];
    const a = await open(clock, (digit) => keys.push(digit));
    legs.push(a);
    const heard: Int16Array[] = [];
    a.media.onReceive((frame) => heard.push(frame));
    const far = await raw();
    const port = Number(/m=audio (\d+)/.exec(a.offer())![1]);
    // We hold: our offer sendonly, the far end answers recvonly, and (against it) keeps sending.
    a.answered(farAnswer(far.address().port, '0 101', 'recvonly'), 'sendonly');
    const at = (seq: number, payloadType: number, payload: Uint8Array) =>
      serialiseRtp({ marker: seq === 1, payloadType, sequence: seq, timestamp: seq * 160, ssrc: 0x4321, csrcs: [], extension: null, payload, padding: 0 });
    for (let seq = 1; seq <= 3; seq++) far.send(at(seq, 0, muLawEncodeBuffer(new Int16Array(160))), port, ADDRESS);
    far.send(at(4, 101, Uint8Array.of(5, 0x8a, 0x03, 0x20)), port, ADDRESS);
    await until('the far end’s packets taken by the session', () => a.counters.received === 4);
    expect(heard).toEqual([]);
    expect(keys).toEqual([]);
  });

  it('closing releases the ports, and a closed leg sends nothing', async () => {
    const clock = new ManualClock(1_000_000);
    const a = await leg(clock);
    const b = await leg(clock);
    a.answered(b.answer(a.offer()), 'sendrecv');
    await a.close();
    await b.close();
    expect(range.inUse).toBe(0);
    await sendFrame(a, new Int16Array(160));
    a.sendDigits('1');
    expect(a.counters.sent).toBe(0);
  });
});
