/**
 * The SDP of hold (RFC 3264 §5.1, §6.1, §8, §8.4): reading a direction (stream over session,
 * RFC 2543's 0.0.0.0), answering one, and our own SDP's version, which grows with each change only.
 */
import { describe, expect, it } from 'vitest';
import { LocalSdp } from '../../../providers/sip/local-sdp.js';
import { answerDirection, sdpDirection, sdpOffer } from '../../../providers/sip/sdp.js';

const sdp = (...lines: string[]) => ['v=0', 'o=x 1 1 IN IP4 10.0.0.1', 's=-', ...lines, ''].join('\r\n');

describe('SDP direction', () => {
  it.each([
    ['none: sendrecv', sdp('c=IN IP4 10.0.0.1', 'm=audio 6000 RTP/AVP 0'), 'sendrecv'],
    ['the stream’s own', sdp('c=IN IP4 10.0.0.1', 'm=audio 6000 RTP/AVP 0', 'a=sendonly'), 'sendonly'],
    ['the session’s', sdp('a=inactive', 'c=IN IP4 10.0.0.1', 'm=audio 6000 RTP/AVP 0'), 'inactive'],
    ['the stream’s over the session’s', sdp('a=inactive', 'm=audio 6000 RTP/AVP 0', 'a=recvonly'), 'recvonly'],
    ['another stream’s is not the audio’s', sdp('m=video 6002 RTP/AVP 31', 'a=sendonly', 'm=audio 6000 RTP/AVP 0'), 'sendrecv'],
    ['a refused audio stream is skipped', sdp('m=audio 0 RTP/AVP 0', 'a=inactive', 'm=audio 6000 RTP/AVP 0', 'a=sendonly'), 'sendonly'],
    ['c=0.0.0.0 (RFC 2543 hold): receives nothing', sdp('c=IN IP4 0.0.0.0', 'm=audio 6000 RTP/AVP 0'), 'sendonly'],
    ['c=0.0.0.0 and recvonly: inactive', sdp('m=audio 6000 RTP/AVP 0', 'c=IN IP4 0.0.0.0', 'a=recvonly'), 'inactive'],
    ['no audio', sdp('m=video 6002 RTP/AVP 31'), null],
    ['no SDP', 'garbage\u0000', null],
  ])('%s', (_what, body, direction) => {
    expect(sdpDirection(body)).toBe(direction);
  });

  it('answers (RFC 3264 §6.1), narrowed by what we want', () => {
    expect(answerDirection('sendonly', 'sendrecv')).toBe('recvonly');
    expect(answerDirection('recvonly', 'sendrecv')).toBe('sendonly');
    expect(answerDirection('inactive', 'sendrecv')).toBe('inactive');
    expect(answerDirection('sendrecv', 'sendonly')).toBe('sendonly');
    expect(answerDirection('sendonly', 'sendonly')).toBe('inactive');
    expect(answerDirection('sendrecv', 'inactive')).toBe('inactive');
  });
});

describe('our SDP in a dialog', () => {
  const first = sdpOffer({ address: '127.0.0.1', port: 9, sessionId: '4711' });

  it('a re-offer keeps the o= line but its version, which grows with a change only (§8)', () => {
    const ours = new LocalSdp(first);
    const hold = ours.offer('sendonly');
    expect(hold).toBe(first.replace('o=xtapi 4711 1 ', 'o=xtapi 4711 2 ').replace('a=sendrecv', 'a=sendonly'));
    expect(ours.offer('sendonly')).toBe(hold);
    expect(ours.offer('sendrecv')).toMatch(/^o=xtapi 4711 3 IN IP4 127\.0\.0\.1\r$/m);
  });

  it('an answer keeps our session id, address and port, and mirrors the offer', () => {
    const ours = new LocalSdp(first);
    const answer = ours.answer(sdp('c=IN IP4 10.0.0.1', 'm=audio 6000 RTP/AVP 8 0', 'a=sendonly'), 'sendrecv')!;
    expect(answer).toMatch(/^o=xtapi 4711 2 IN IP4 127\.0\.0\.1\r$/m);
    expect(answer).toMatch(/^m=audio 9 RTP\/AVP 0\r$/m);
    expect(sdpDirection(answer)).toBe('recvonly');
    expect(ours.answer(sdp('m=audio 6000 RTP/AVP 18'), 'sendrecv')).toBeNull();
  });
});
