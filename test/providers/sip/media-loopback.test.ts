/**
 * Two xtapi SIP providers calling each other on 127.0.0.1 with real audio, through the provider
 * contract (rules 12 and 13): the INVITE offers the port that listens (RFC 3264 §5), a 1 kHz tone
 * goes both ways and is heard as 1 kHz, RFC 4733 digits are reported once each on the other side
 * (`via: 'rfc4733'`), hold keeps the real port and its direction (sendonly, recvonly: the held
 * side sends nothing), `dtmf: 'info'` sends INFO instead, `media: false` offers port 9 and binds
 * nothing, and shutdown with a call up releases every RTP port; the same with the RTP on media
 * threads. Media ports 25200-25999 are this file's alone. The calls run on the real clock (digits
 * are paced on it); every wait is bounded.
 */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { concatPcm } from '../../../providers/media/pcm.js';
import { tone } from '../../../providers/media/dtmf-tones.js';
import { measureTone } from '../../../providers/media/tone-measure.js';
import { type CallMedia, defaultCallParams, type ProviderCall, type ProviderEvent, realClock } from '../../../providers/provider.js';
import { sipProvider, type SipProvider, type SipProviderOptions, type TraceEntry } from '../../../providers/sip/index.js';
import { built } from '../../support/built.js';
import { until } from '../../support/until.js';

/** The provider from the built code: its media threads run compiled JavaScript (`test/support/built.ts`). */
const builtSip = (await built<typeof import('../../../providers/sip/index.js')>('providers/sip/index.js')).sipProvider;

const providers: SipProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.shutdown()));
});

/** One side: a provider with one line, opened, its calls' events kept; Bob's side answers every call. */
async function side(user: string, options: Partial<SipProviderOptions>, answers = false, make = sipProvider) {
  const trace: TraceEntry[] = [];
  const sip = make({ lines: [{ aor: `sip:${user}@127.0.0.1` }], trace: (entry) => trace.push(entry), ...options });
  providers.push(sip);
  const events: ProviderEvent[] = [];
  const calls: ProviderCall[] = [];
  const line = await sip.openLine(0, {
    clock: realClock,
    report: (_id, event) => events.push(event),
    service: () => {},
    offer: (_info, create) => {
      const call = create(`${user}1`);
      calls.push(call);
      if (answers) queueMicrotask(() => call.answer!());
      return `${user}1`;
    },
  });
  return {
    sip,
    line,
    events,
    calls,
    trace,
    types: () => events.map((event) => event.type.slice(9)),
    digits: () => events.flatMap((event) => (event.type === 'PROVIDER.DIGIT' ? [`${event.digit}:${event.via}`] : [])),
    /** The bodies of the INVITEs this side sent, in order. */
    invites: () => trace.filter((entry) => entry.direction === 'out' && entry.text.startsWith('INVITE ')).map((entry) => entry.text.split('\r\n\r\n')[1]),
  };
}

/** Alice calls Bob; both connected. */
async function call(aliceOptions: Partial<SipProviderOptions>, bobOptions: Partial<SipProviderOptions>, make = sipProvider) {
  const bob = await side('bob', bobOptions, true, make);
  const alice = await side('alice', aliceOptions, false, make);
  const made = alice.line.makeCall({ callId: 'a1', lineIndex: 0, destination: `sip:bob@127.0.0.1:${bob.sip.local!.port}`, complete: true, params: defaultCallParams });
  await until('both connected', () => alice.types().includes('CONNECTED') && bob.types().includes('CONNECTED'));
  return { alice, bob, made, taken: bob.calls[0] };
}

/** Frames of `samples` sent back to back; what `to` hears, from now. */
function listen(to: CallMedia): Int16Array[] {
  const heard: Int16Array[] = [];
  to.onReceive((frame) => heard.push(frame));
  return heard;
}

/** Play `samples` (whole frames of 160), paced by the provider; the frames sent. */
async function send(from: CallMedia, samples: Int16Array): Promise<number> {
  return (await from.play(samples).result).frames;
}

const portOf = (sdp: string) => Number(/^m=audio (\d+) /m.exec(sdp)?.[1]);
const directionOf = (sdp: string) => /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(sdp)?.[1];

/**
 * The RTP of the calls in the provider's own thread, and on two media threads each side (the
 * built code; ports 25600-25999).
 */
const modes = [
  { mode: "in the provider's thread", make: sipProvider, threads: 0, base: 25200 },
  { mode: 'on two media threads', make: builtSip, threads: 2, base: 25600 },
];

describe.each(modes)('SIP calls with media on loopback, $mode', ({ make, threads, base }) => {
  const media = (at: number) => ({ ports: { min: base + at, max: base + at + 99 }, threads });

  it('a tone both ways, RFC 4733 digits once each both ways, hold with the real port, then BYE: every port released', async () => {
    const { alice, bob, made, taken } = await call({ media: media(0) }, { media: media(100) }, make);
    const offer = alice.invites()[0];
    expect(portOf(offer)).toBeGreaterThanOrEqual(base);
    expect(portOf(offer)).toBeLessThanOrEqual(base + 99);
    expect(offer).toMatch(/^m=audio \d+ RTP\/AVP 0 8 101\r$/m);
    expect(offer).toContain('a=rtpmap:101 telephone-event/8000');
    const aliceMedia = made.media!()!;
    const bobMedia = taken.media!()!;
    expect(aliceMedia).not.toBeNull();
    expect(bobMedia).not.toBeNull();
    expect(alice.sip.stats().media.sessions).toBe(1);

    const atBob = listen(bobMedia);
    const atAlice = listen(aliceMedia);
    const frames = await send(aliceMedia, tone(1000, 300));
    await send(bobMedia, tone(1000, 300));
    await until('the tones', () => atBob.length === frames && atAlice.length === frames);
    for (const heard of [atBob, atAlice]) expect(measureTone(concatPcm(heard))!.frequency).toBeCloseTo(1000, 0);

    const rtp = (of: typeof alice) => of.sip.stats().media.rtp;
    // A media thread reports its counters now and then (every second): wait for the tones in them.
    await until('the tones counted', () => rtp(alice).sent === frames && rtp(bob).sent === frames);
    const [aliceBefore, bobBefore] = [rtp(alice).sent, rtp(bob).sent];
    made.generateDigits('1#9');
    taken.generateDigits('*0');
    // Each key is five packets, the end resent twice (RFC 4733 §2.5.1.4): wait until every one is
    // sent and taken on the other side, not for time, and no key may be told twice.
    await until('every event packet sent and taken', () =>
      rtp(alice).sent === aliceBefore + 3 * 5 && rtp(bob).sent === bobBefore + 2 * 5 && rtp(bob).received === rtp(alice).sent && rtp(alice).received === rtp(bob).sent);
    expect(bob.digits()).toEqual(['1:rfc4733', '#:rfc4733', '9:rfc4733']);
    expect(alice.digits()).toEqual(['*:rfc4733', '0:rfc4733']);
    expect(alice.trace.some((entry) => entry.text.startsWith('INFO '))).toBe(false);

    made.hold!();
    await until('on hold', () => alice.types().includes('ONHOLD'));
    const hold = alice.invites()[1];
    expect([portOf(hold), directionOf(hold)]).toEqual([portOf(offer), 'sendonly']);
    // Held (Bob answered recvonly): Bob sends nothing; Alice (sendonly) still does.
    const before = atAlice.length;
    await send(bobMedia, tone(1000, 100));
    const held = await send(aliceMedia, tone(1000, 100));
    await until('Alice’s frames while held', () => atBob.length === frames + held);
    expect(atAlice.length).toBe(before);
    made.unhold!();
    await until('taken back', () => alice.types().filter((type) => type === 'CONNECTED').length === 2);
    expect(directionOf(alice.invites()[2])).toBe('sendrecv');
    await send(bobMedia, tone(1000, 100));
    await until('Bob heard again', () => atAlice.length === before + 5);

    made.drop();
    await until('IDLE and DISCONNECTED', () => alice.types().includes('IDLE') && bob.types().includes('DISCONNECTED'));
    expect(made.media!()).toBeNull();
    expect(taken.media!()).toBeNull();
    await until('the sessions closed', () => alice.sip.stats().media.sessions === 0 && bob.sip.stats().media.sessions === 0);
    expect(alice.sip.stats().media.rtp).toMatchObject({ malformed: 0, wrongSource: 0, unknownPayloadType: 0 });
    expect(alice.sip.stats().media.rtp.received).toBeGreaterThan(0);
    // What media dropped, for monitoring and the board (Provider.counters).
    expect(alice.sip.counters()).toMatchObject({ rtpMalformed: 0, rtpUnknownPayloadType: 0, rtpWrongSource: 0, rtpBadSequence: 0, rtcpMalformed: 0 });
  });

  it('shutdown with a call up closes its RTP sockets (rule 6): the ports can be bound again', async () => {
    const { alice, bob } = await call({ media: media(200) }, { media: media(300) }, make);
    const port = portOf(alice.invites()[0]);
    await alice.sip.shutdown();
    await bob.sip.shutdown();
    expect(alice.sip.stats().media.sessions).toBe(0);
    for (const free of [port, port + 1]) {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind({ address: '127.0.0.1', port: free, exclusive: true }, () => resolve());
      });
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    }
  });
});

describe('SIP calls with media on loopback', () => {
  it('dtmf: info sends INFO even though the far end takes RFC 4733; the far end reports via info', async () => {
    const { alice, bob, made } = await call({ dtmf: 'info', media: { ports: { min: 25500, max: 25549 } } }, { media: { ports: { min: 25550, max: 25599 } } });
    made.generateDigits('42');
    await until('the digits', () => bob.digits().length === 2);
    expect(bob.digits()).toEqual(['4:info', '2:info']);
    expect(alice.trace.filter((entry) => entry.direction === 'out' && entry.text.startsWith('INFO '))).toHaveLength(2);
  });

  it('media: false offers port 9 and binds nothing; the call has no audio', async () => {
    const { alice, made, taken } = await call({ media: false }, { media: false });
    expect(portOf(alice.invites()[0])).toBe(9);
    expect(made.media!()).toBeNull();
    expect(taken.media!()).toBeNull();
    expect(alice.sip.stats().media.sessions).toBe(0);
    expect(alice.sip.counters()).not.toHaveProperty('rtpWrongSource');
  });
});
