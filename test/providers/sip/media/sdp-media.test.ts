/**
 * The audio stream in SDP: our offer as text, our answer to offers of every shape (RFC 3264 §6:
 * the offerer's codec order, its telephone-event number, the direction reversed, port 0 for what
 * we refuse, rtcp-mux only if offered), what a remote SDP tells the RTP session, typed errors for
 * what cannot be used, and properties: offer → answer → parse agrees with both sides, and random
 * text throws nothing but an SdpMediaError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AudioCodec, type LocalAudio, PCMA, PCMU, sdpDirection, SdpMediaError, sdpMedia, sdpMediaAnswer, sdpMediaOffer,
} from '../../../../providers/sip/media/sdp-media.js';
import { answerDirection, type Direction } from '../../../../providers/sip/media/direction.js';
import { isUnspecifiedAddress } from '../../../../providers/sip/media/unspecified-address.js';

const sdp = (...lines: string[]) => [...lines, ''].join('\r\n');
const head = ['v=0', 'o=- 7 7 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0'];
const ours: LocalAudio = { address: '127.0.0.1', port: 40000, sessionId: '2' };

function error(run: () => unknown): SdpMediaError {
  try {
    run();
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(SdpMediaError);
    return thrown as SdpMediaError;
  }
  throw new Error('no error thrown');
}

describe('sdp-media', () => {
  it('offers PCMU, PCMA and telephone-event 0-16, 20 ms, RTCP on the next port', () => {
    expect(sdpMediaOffer({ address: '127.0.0.1', port: 40000, sessionId: '1' })).toBe(sdp(
      'v=0', 'o=xtapi 1 1 IN IP4 127.0.0.1', 's=xtapi', 'c=IN IP4 127.0.0.1', 't=0 0',
      'm=audio 40000 RTP/AVP 0 8 101',
      'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16',
      'a=rtcp:40001', 'a=ptime:20', 'a=sendrecv',
    ));
  });

  it('offers rtcp-mux with the RTCP port to fall back on (RFC 8035 §4) when told rtcpMux', () => {
    const offer = sdpMediaOffer({ address: '127.0.0.1', port: 40000, rtcpMux: true, sessionId: '1' });
    expect(offer).toContain('a=rtcp:40001\r\n');
    expect(offer).toContain('a=rtcp-mux\r\n');
  });

  it('offers rtcp-mux, a direction, IPv6, other codecs, no telephone-event, as told', () => {
    const offer = sdpMediaOffer({ address: '::1', port: 50000, rtcp: 'mux', sessionId: '9', version: 3, direction: 'sendonly', codecs: [PCMA], telephoneEvent: null, ptime: 30 });
    expect(offer).toContain('o=xtapi 9 3 IN IP6 ::1\r\n');
    expect(offer).toContain('c=IN IP6 ::1\r\n');
    expect(offer).toContain('m=audio 50000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=ptime:30\r\na=sendonly\r\na=rtcp-mux\r\n');
    expect(offer).not.toContain('telephone-event');
    expect(offer).not.toContain('a=rtcp:');
  });

  it('reads an offer or answer into what the session needs', () => {
    const answer = sdp(...head, 'm=audio 6000 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/8000', 'a=rtcp-mux');
    expect(sdpMedia(answer)).toEqual({
      address: '10.0.0.1', port: 6000, rtcpMux: true, rtcpAddress: '10.0.0.1', rtcpPort: 6001,
      codec: PCMU, telephoneEvent: 101, ptime: 20, direction: 'sendrecv',
    });
  });

  it('reads a=rtcp with an address (RFC 3605), a media-level c=, a=ptime and the session direction', () => {
    const offer = sdp('v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 't=0 0', 'a=recvonly',
      'm=audio 6000 RTP/AVP 8', 'c=IN IP4 10.0.0.2', 'a=rtcp:7001 IN IP4 10.0.0.3', 'a=ptime:30');
    expect(sdpMedia(offer)).toMatchObject({ address: '10.0.0.2', port: 6000, rtcpMux: false, rtcpAddress: '10.0.0.3', rtcpPort: 7001, codec: PCMA, ptime: 30, direction: 'recvonly', telephoneEvent: null });
  });

  describe('sdpDirection: the hold state of any audio stream, whatever its codecs (the dialog reads it)', () => {
    const at = (...lines: string[]) => sdp('v=0', 'o=x 1 1 IN IP4 10.0.0.1', 's=-', ...lines);
    it.each([
      ['none: sendrecv', at('c=IN IP4 10.0.0.1', 'm=audio 6000 RTP/AVP 0'), 'sendrecv'],
      ['the stream’s own', at('c=IN IP4 10.0.0.1', 'm=audio 6000 RTP/AVP 0', 'a=sendonly'), 'sendonly'],
      ['the session’s', at('a=inactive', 'c=IN IP4 10.0.0.1', 'm=audio 6000 RTP/AVP 0'), 'inactive'],
      ['the stream’s over the session’s', at('a=inactive', 'm=audio 6000 RTP/AVP 0', 'a=recvonly'), 'recvonly'],
      ['another stream’s is not the audio’s', at('m=video 6002 RTP/AVP 31', 'a=sendonly', 'm=audio 6000 RTP/AVP 0'), 'sendrecv'],
      ['a refused audio stream is skipped', at('m=audio 0 RTP/AVP 0', 'a=inactive', 'm=audio 6000 RTP/AVP 0', 'a=sendonly'), 'sendonly'],
      ['a codec we do not have still says its direction', at('c=IN IP4 10.0.0.1', 'm=audio 6000 RTP/AVP 18', 'a=recvonly'), 'recvonly'],
      ['c=0.0.0.0 (RFC 2543 hold): inactive', at('c=IN IP4 0.0.0.0', 'm=audio 6000 RTP/AVP 0'), 'inactive'],
      ['a stream-level c=0.0.0.0 over the session’s address', at('c=IN IP4 10.0.0.1', 'm=audio 6000 RTP/AVP 0', 'c=IN IP4 0.0.0.0', 'a=sendonly'), 'inactive'],
      ['no audio', at('m=video 6002 RTP/AVP 31'), null],
      ['no SDP', 'garbage\u0000', null],
    ])('%s', (_what, body, direction) => {
      expect(sdpDirection(body)).toBe(direction);
    });
  });

  it('a connection address of 0.0.0.0 or :: is the old hold, inactive whatever a= says (RFC 3264 §8.4): no longer taken as sendonly', () => {
    const at = (address: string, direction: string) =>
      sdp('v=0', `o=- 1 1 IN IP${address.includes(':') ? 6 : 4} ${address}`, 's=-', `c=IN IP${address.includes(':') ? 6 : 4} ${address}`, 't=0 0', 'm=audio 6000 RTP/AVP 0', `a=${direction}`);
    for (const address of ['0.0.0.0', '::']) {
      for (const direction of ['sendrecv', 'sendonly', 'recvonly', 'inactive']) expect(sdpMedia(at(address, direction)).direction).toBe('inactive');
    }
    // An offer at 0.0.0.0 is answered inactive: we send nothing to nowhere, and expect nothing.
    const answer = sdpMediaAnswer(at('0.0.0.0', 'sendrecv'), ours);
    expect(answer.direction).toBe('inactive');
    expect(answer.sdp).toContain('a=inactive\r\n');
    expect(sdpMedia(at('10.0.0.1', 'sendrecv')).direction).toBe('sendrecv');
  });

  it('matches codecs by their rtpmap name, without case, and keeps the sender\'s number', () => {
    const offer = sdp(...head, 'm=audio 6000 RTP/AVP 96 0', 'a=rtpmap:96 pcma/8000', 'a=rtpmap:0 PCMU/8000');
    expect(sdpMedia(offer).codec).toEqual({ ...PCMA, payloadType: 96 });
    // A static number mapped to another codec is that codec, not the static one.
    const remapped = sdp(...head, 'm=audio 6000 RTP/AVP 0', 'a=rtpmap:0 G729/8000');
    expect(error(() => sdpMedia(remapped)).code).toBe('NO_COMMON_CODEC');
  });

  it('answers with the offerer\'s first codec we have, its telephone-event number, the direction reversed', () => {
    const offer = sdp(...head, 'm=audio 6000 RTP/AVP 18 8 0 96', 'a=rtpmap:18 G729/8000', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-15', 'a=sendonly');
    const { sdp: text, remote, direction } = sdpMediaAnswer(offer, ours);
    expect(direction).toBe('recvonly');
    expect(remote).toMatchObject({ address: '10.0.0.1', port: 6000, codec: PCMA, telephoneEvent: 96, direction: 'sendonly', rtcpMux: false });
    expect(text).toBe(sdp(
      'v=0', 'o=xtapi 2 1 IN IP4 127.0.0.1', 's=xtapi', 'c=IN IP4 127.0.0.1', 't=0 0',
      'm=audio 40000 RTP/AVP 8 96', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-16',
      'a=rtcp:40001', 'a=ptime:20', 'a=recvonly',
    ));
  });

  it('answers every direction as RFC 3264 §6.1 says, narrowed by ours', () => {
    for (const offered of ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const) {
      for (const wanted of ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const) {
        const offer = sdp(...head, 'm=audio 6000 RTP/AVP 0', `a=${offered}`);
        const answer = sdpMediaAnswer(offer, { ...ours, direction: wanted });
        expect(answer.direction).toBe(answerDirection(offered, wanted));
        expect(sdpMedia(answer.sdp).direction).toBe(answer.direction);
      }
    }
    const reverse = (offered: Direction) => sdpMediaAnswer(sdp(...head, 'm=audio 6000 RTP/AVP 0', `a=${offered}`), ours).direction;
    expect([reverse('sendonly'), reverse('recvonly'), reverse('sendrecv'), reverse('inactive')]).toEqual(['recvonly', 'sendonly', 'sendrecv', 'inactive']);
  });

  it('refuses, with port 0, the lines it does not take, and keeps them in order (RFC 3264 §6)', () => {
    const offer = sdp(...head,
      'm=video 6002 RTP/AVP 31',
      'm=audio 6004 RTP/AVP 18', 'a=rtpmap:18 G729/8000',
      'm=audio 6006 RTP/SAVP 0',
      'm=audio 6008 RTP/AVP 0',
      'm=audio 6010 RTP/AVP 8');
    const { sdp: text, remote } = sdpMediaAnswer(offer, ours);
    expect(remote.port).toBe(6008);
    expect(text.split('\r\n').filter((line) => line.startsWith('m='))).toEqual([
      'm=video 0 RTP/AVP 31', 'm=audio 0 RTP/AVP 18', 'm=audio 0 RTP/SAVP 0', 'm=audio 40000 RTP/AVP 0', 'm=audio 0 RTP/AVP 8',
    ]);
  });

  it('muxes RTCP only when the offer does and we can (RFC 5761 §5.1.3)', () => {
    const muxed = sdp(...head, 'm=audio 6000 RTP/AVP 0', 'a=rtcp-mux');
    const plain = sdp(...head, 'm=audio 6000 RTP/AVP 0');
    const both = sdpMediaAnswer(muxed, { ...ours, rtcp: 'mux' });
    expect(both.remote.rtcpMux).toBe(true);
    expect(both.sdp).toContain('a=rtcp-mux\r\n');
    const offeredToo = sdpMediaAnswer(muxed, { ...ours, rtcp: 40001, rtcpMux: true });
    expect(offeredToo.remote.rtcpMux).toBe(true);
    expect(offeredToo.sdp).toContain('a=rtcp-mux\r\n');
    expect(offeredToo.sdp).not.toContain('a=rtcp:');
    const unmuxedOffer = sdpMediaAnswer(sdp(...head, 'm=audio 6000 RTP/AVP 0'), { ...ours, rtcp: 40001, rtcpMux: true });
    expect(unmuxedOffer.remote.rtcpMux).toBe(false);
    expect(unmuxedOffer.sdp).toContain('a=rtcp:40001\r\n');
    expect(unmuxedOffer.sdp).not.toContain('a=rtcp-mux');
    const weCannot = sdpMediaAnswer(muxed, { ...ours, rtcp: 40001 });
    expect(weCannot.remote).toMatchObject({ rtcpMux: false, rtcpPort: 6001 });
    expect(weCannot.sdp).toContain('a=rtcp:40001\r\n');
    expect(weCannot.sdp).not.toContain('rtcp-mux');
    const notOffered = sdpMediaAnswer(plain, { ...ours, rtcp: 'mux' });
    expect(notOffered.remote.rtcpMux).toBe(false);
    expect(notOffered.sdp).not.toContain('rtcp');
  });

  it('answers without telephone-event when the offer has none, or we want none', () => {
    expect(sdpMediaAnswer(sdp(...head, 'm=audio 6000 RTP/AVP 0'), ours).sdp).not.toContain('telephone-event');
    const offer = sdp(...head, 'm=audio 6000 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/8000');
    const answer = sdpMediaAnswer(offer, { ...ours, telephoneEvent: null });
    expect(answer.remote.telephoneEvent).toBeNull();
    expect(answer.sdp).toContain('m=audio 40000 RTP/AVP 0\r\n');
    // telephone-event at another rate, or mapped but not listed, is none.
    expect(sdpMedia(sdp(...head, 'm=audio 6000 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/16000')).telephoneEvent).toBeNull();
    expect(sdpMedia(sdp(...head, 'm=audio 6000 RTP/AVP 0', 'a=rtpmap:101 telephone-event/8000')).telephoneEvent).toBeNull();
  });

  it('says why an SDP cannot be used, with a code', () => {
    expect(error(() => sdpMedia('v=0\r\n')).code).toBe('NO_AUDIO');
    expect(error(() => sdpMedia(sdp(...head, 'm=video 6000 RTP/AVP 31'))).code).toBe('NO_AUDIO');
    expect(error(() => sdpMedia(sdp(...head, 'm=audio 0 RTP/AVP 0'))).code).toBe('REFUSED');
    expect(error(() => sdpMedia(sdp(...head, 'm=audio 6000 RTP/AVP 18'))).code).toBe('NO_COMMON_CODEC');
    expect(error(() => sdpMedia(sdp('v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 't=0 0', 'm=audio 6000 RTP/AVP 0'))).code).toBe('NO_CONNECTION');
    expect(error(() => sdpMedia(sdp('v=0', 'c=IN IP4 pbx.example', 'm=audio 6000 RTP/AVP 0'))).code).toBe('NO_CONNECTION');
    expect(error(() => sdpMediaAnswer(sdp(...head, 'm=audio 6000 RTP/AVP 18'), ours)).code).toBe('NO_COMMON_CODEC');
    expect(error(() => sdpMedia(sdp(...head, 'm=audio 99999 RTP/AVP 0'))).code).toBe('REFUSED');
    // A stream at 65535 with RTCP on the next port: no such port, so no RangeError later in the session.
    expect(error(() => sdpMedia(sdp(...head, 'm=audio 65535 RTP/AVP 0'))).code).toBe('MALFORMED');
    expect(sdpMedia(sdp(...head, 'm=audio 65535 RTP/AVP 0', 'a=rtcp-mux'))).toMatchObject({ port: 65535, rtcpMux: true, rtcpPort: 65535 });
    // m= lines that sdp-transform cannot read are no audio lines.
    expect(error(() => sdpMedia(sdp(...head, 'm=audio', 'm=audio x RTP/AVP 0'))).code).toBe('NO_AUDIO');
  });

  it('random text, and random lines after a valid head, throw nothing but an SdpMediaError', () => {
    const lineArb = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('m=audio', 'm=audio 0', 'm=audio 6000', 'm=audio 6000 RTP/AVP', 'm=audio 6000 RTP/AVP 0 x 999', 'c=IN', 'c=IN IP4',
        'a=rtpmap:', 'a=rtpmap:0', 'a=rtpmap:x y', 'a=rtcp:', 'a=rtcp:x', 'a=ptime:', 'a=ptime:-5', 'a=fmtp:', 'a=sendonly', 'a=rtcp-mux', 'o=', 's='),
    );
    const check = (text: string) => {
      try {
        const media = sdpMedia(text);
        expect(media.port).toBeGreaterThan(0);
        sdpMediaAnswer(text, ours);
      } catch (thrown) {
        expect(thrown).toBeInstanceOf(SdpMediaError);
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check));
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 12 }), (lines) => check(sdp(...head, ...lines))));
  });

  it('offer → answer → parse: both sides agree on codec, telephone-event, ports, mux and direction', () => {
    const direction = fc.constantFrom<Direction>('sendrecv', 'sendonly', 'recvonly', 'inactive');
    const codecs = fc.subarray([PCMU, PCMA], { minLength: 1 }).chain((list) => fc.shuffledSubarray(list, { minLength: list.length }));
    const side = fc.record({
      // Not 0.0.0.0 or ::, which are a hold (RFC 3264 §8.4).
      address: fc.oneof(fc.ipV4(), fc.ipV6()).filter((ip) => !isUnspecifiedAddress(ip)),
      port: fc.integer({ min: 1024, max: 65534 }),
      mux: fc.boolean(),
      sessionId: fc.integer({ min: 1, max: 1e9 }).map(String),
      direction,
      codecs,
      telephoneEvent: fc.option(fc.integer({ min: 96, max: 127 }), { nil: null }),
    });
    fc.assert(fc.property(side, side, (a, b) => {
      const aLocal: LocalAudio = { ...a, rtcp: a.mux ? 'mux' : a.port + 1 };
      const bLocal: LocalAudio = { ...b, rtcp: b.mux ? 'mux' : b.port + 1 };
      const offer = sdpMediaOffer(aLocal);
      const common = a.codecs.find((c: AudioCodec) => b.codecs.some((d: AudioCodec) => d.name === c.name));
      if (!common) {
        expect(error(() => sdpMediaAnswer(offer, bLocal)).code).toBe('NO_COMMON_CODEC');
        return;
      }
      const answer = sdpMediaAnswer(offer, bLocal);
      const mux = a.mux && b.mux;
      const telephoneEvent = b.telephoneEvent === null ? null : a.telephoneEvent;
      // The answerer's view of the offerer.
      expect(answer.remote).toEqual({
        address: a.address, port: a.port, rtcpMux: mux, rtcpAddress: a.address, rtcpPort: a.port + 1,
        codec: common, telephoneEvent, ptime: 20, direction: a.direction,
      });
      expect(answer.direction).toBe(answerDirection(a.direction, b.direction));
      // The offerer's view of the answerer.
      expect(sdpMedia(answer.sdp, a.codecs)).toEqual({
        address: b.address, port: b.port, rtcpMux: mux, rtcpAddress: b.address, rtcpPort: b.port + 1,
        codec: common, telephoneEvent, ptime: 20, direction: answer.direction,
      });
    }));
  });
});
