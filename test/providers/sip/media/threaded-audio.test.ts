/**
 * Calls' RTP on media threads (`threaded-audio.ts`, `media-thread.ts`), through the {@link LegAudio}
 * the SIP provider uses: legs shared out among the threads, each on its share of the port range;
 * a tone played on one leg heard on another as 1 kHz; RFC 4733 keys once each; the three kinds of
 * source (samples, a stream, frames made as due) paced there; a cancel, a source that throws, a
 * play after close; listening that stops; counters reported and final at close; hostile datagrams
 * counted on the thread; a bad message that does not end the thread; a thread's port range used
 * up answered RESOURCEUNAVAIL; closed threads refuse new legs. The threads run the built code
 * (`test/support/built.ts`) on the real clock; ports 27000-27199 are this file's alone, and every
 * wait is bounded.
 */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { tone } from '../../../../providers/media/dtmf-tones.js';
import { concatPcm } from '../../../../providers/media/pcm.js';
import { measureTone } from '../../../../providers/media/tone-measure.js';
import { realClock } from '../../../../providers/provider.js';
import type { LegAudio } from '../../../../providers/sip/media/leg-audio.js';
import type { RemoteAudio } from '../../../../providers/sip/media/sdp-media.js';
import { built } from '../../../support/built.js';
import { until } from '../../../support/until.js';

const { MediaThreads } = await built<typeof import('../../../../providers/sip/media/threaded-audio.js')>('providers/sip/media/threaded-audio.js');

const ADDRESS = '127.0.0.1';
const hosts: Array<InstanceType<typeof MediaThreads>> = [];
const legs: LegAudio[] = [];

afterEach(async () => {
  await Promise.all(legs.splice(0).map((leg) => leg.close()));
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

function threads(count: number, min = 27000, max = 27099) {
  const host = new MediaThreads({ threads: count, address: ADDRESS, ports: { min, max }, countersEveryMs: 20 });
  hosts.push(host);
  return host;
}

/** A leg of `host`, with the keys it hears. */
async function leg(host: InstanceType<typeof MediaThreads>) {
  const keys: string[] = [];
  const audio = await host.open({ clock: realClock, onDigit: (digit, via) => keys.push(`${digit}/${via}`) });
  legs.push(audio);
  return Object.assign(audio, { keys });
}

/** The far end at `port` as its SDP would say: PCMU, telephone-event 101, RTCP on port + 1. */
function at(port: number): RemoteAudio {
  return { address: ADDRESS, port, rtcpMux: false, rtcpAddress: ADDRESS, rtcpPort: port + 1, codec: { name: 'PCMU', payloadType: 0, clockRate: 8000 }, telephoneEvent: 101, ptime: 20, direction: 'sendrecv' };
}

/** Two legs that send to each other. */
async function pair(host: InstanceType<typeof MediaThreads>) {
  const a = await leg(host);
  const b = await leg(host);
  a.follow(at(b.rtpPort), 'sendrecv');
  b.follow(at(a.rtpPort), 'sendrecv');
  return { a, b };
}

describe('media threads', () => {
  it('share the legs out, each thread on its half of the port range', async () => {
    const host = threads(2);
    const a = await leg(host);
    const b = await leg(host);
    const halves = [a.rtpPort, b.rtpPort].map((port) => (port < 27050 ? 'low' : 'high')).sort();
    expect(halves).toEqual(['high', 'low']);
    expect([a.rtcpPort - a.rtpPort, b.rtcpPort - b.rtpPort]).toEqual([1, 1]);
  });

  it('a tone played on one leg is heard on the other as 1 kHz, paced; keys arrive once each (RFC 4733)', async () => {
    const { a, b } = await pair(threads(2));
    const heard: Int16Array[] = [];
    b.onReceive((frame) => heard.push(frame));
    const started = Date.now();
    expect(await a.play(tone(1000, 400)).result).toEqual({ reason: 'done', frames: 20 });
    // Paced at 20 ms a frame, not sent in a burst: 20 frames take 380 ms at least.
    expect(Date.now() - started).toBeGreaterThanOrEqual(370);
    await until('the tone heard', () => heard.length === 20);
    expect(heard.every((frame) => frame.length === 160)).toBe(true);
    expect(measureTone(concatPcm(heard))!.frequency).toBeCloseTo(1000, 0);
    a.sendDigits('1#');
    await until('the keys', () => b.keys.length === 2);
    expect(b.keys).toEqual(['1/rfc4733', '#/rfc4733']);
  });

  it('plays a stream and frames made as they are due, chunk by chunk, and ends each when its source does', async () => {
    const { a } = await pair(threads(1));
    async function* chunks() {
      for (let i = 0; i < 3; i++) yield new Int16Array(100);
    }
    expect(await a.play(chunks()).result).toEqual({ reason: 'done', frames: 2 });
    const asked: number[] = [];
    const maker = (index: number) => {
      asked.push(index);
      return index < 7 ? new Int16Array(160) : null;
    };
    expect(await a.play(maker).result).toEqual({ reason: 'done', frames: 7 });
    // Asked in order, each once, and not past its end.
    expect(asked).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('a cancelled playback stops early; a source that throws rejects with its error; a closed leg plays nothing', async () => {
    const { a } = await pair(threads(1));
    const long = a.play(tone(1000, 5000));
    await until('some frames out', () => a.counters.sent > 2);
    long.cancel();
    const { reason, frames } = await long.result;
    expect(reason).toBe('cancelled');
    expect(frames).toBeLessThan(250);
    async function* broken() {
      yield new Int16Array(160);
      throw new Error('the file went away');
    }
    await expect(a.play(broken()).result).rejects.toThrow('the file went away');
    await a.close();
    expect(await a.play(new Int16Array(160)).result).toEqual({ reason: 'cancelled', frames: 0 });
  });

  it('a listener that stops hears nothing more, while one that stays goes on hearing', async () => {
    const { a, b } = await pair(threads(1));
    const heard: Int16Array[] = [];
    const stop = b.onReceive((frame) => heard.push(frame));
    await a.play(new Int16Array(3 * 160)).result;
    await until('three frames', () => heard.length === 3);
    stop();
    // A listener that stays hears the next frames in the same messages the first one would.
    const later: Int16Array[] = [];
    b.onReceive((frame) => later.push(frame));
    await a.play(new Int16Array(3 * 160)).result;
    await until('the listener that stayed heard three', () => later.length === 3);
    expect(heard).toHaveLength(3);
  });

  it('reports counters as it goes, and the final ones at close', async () => {
    const { a, b } = await pair(threads(2));
    await a.play(new Int16Array(5 * 160)).result;
    await until('the counters reported', () => a.counters.sent === 5 && b.counters.received === 5);
    const final = await b.close();
    expect(final).toMatchObject({ received: 5, malformed: 0, wrongSource: 0 });
  });

  it('hostile datagrams to a leg on a thread are counted there and reported, and its audio goes on', async () => {
    const { a, b } = await pair(threads(1));
    const stranger = createSocket('udp4');
    await new Promise<void>((resolve) => stranger.bind(0, ADDRESS, () => resolve()));
    // Garbage from a stranger, then a packet too short to be RTP from nowhere the SDP names.
    for (const junk of [Buffer.from('INVITE sip:x SIP/2.0\r\n\r\n'), Buffer.from([0x80])]) stranger.send(junk, b.rtpPort, ADDRESS);
    await until('the strangers counted', () => b.counters.wrongSource === 2);
    stranger.close();
    const heard: Int16Array[] = [];
    b.onReceive((frame) => heard.push(frame));
    await a.play(new Int16Array(2 * 160)).result;
    await until('the audio after them', () => heard.length === 2);
  });

  it('a far end the session refuses (not an IP address) does not end the thread: the leg keeps the far end it had', async () => {
    const { a, b } = await pair(threads(1));
    a.follow({ ...at(b.rtpPort), address: 'pbx.example' }, 'sendrecv');
    const heard: Int16Array[] = [];
    b.onReceive((frame) => heard.push(frame));
    await a.play(new Int16Array(2 * 160)).result;
    await until('the audio to the far end it had', () => heard.length === 2);
  });

  it("refuses a leg with RESOURCEUNAVAIL when its thread's share of ports is used up, and every leg once closed", async () => {
    // One thread, four ports: two RTP and RTCP pairs.
    const host = threads(1, 27100, 27103);
    await leg(host);
    await leg(host);
    await expect(host.open({ clock: realClock, onDigit: () => {} })).rejects.toMatchObject({ lineError: 'RESOURCEUNAVAIL' });
    await Promise.all(legs.splice(0).map((audio) => audio.close()));
    await host.close();
    await expect(host.open({ clock: realClock, onDigit: () => {} })).rejects.toMatchObject({ lineError: 'RESOURCEUNAVAIL' });
  });
});
