/**
 * Our SDP in a dialog (RFC 3264 §8): a re-offer is the last SDP with its direction changed, an
 * answer keeps our session, and the o= version grows with each change only. (Reading a direction
 * is sdp-media's, answering one direction.ts's: their tests are in media/.)
 */
import { describe, expect, it } from 'vitest';
import { LocalSdp } from '../../../providers/sip/local-sdp.js';
import { sdpDirection, sdpMediaOffer } from '../../../providers/sip/media/sdp-media.js';
import { noMediaOffer } from '../../../providers/sip/no-media-sdp.js';

const sdp = (...lines: string[]) => ['v=0', 'o=x 1 1 IN IP4 10.0.0.1', 's=-', ...lines, ''].join('\r\n');

describe('our SDP in a dialog', () => {
  const first = noMediaOffer({ address: '127.0.0.1', sessionId: '4711' });

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
    expect(answer).toMatch(/^m=audio 9 RTP\/AVP 8\r$/m); // the offerer's first (RFC 3264 §6.1)
    expect(sdpDirection(answer)).toBe('recvonly');
    expect(ours.answer(sdp('m=audio 6000 RTP/AVP 18'), 'sendrecv')).toBeNull();
  });

  it('a leg’s SDP (rtcp-mux, telephone-event, a=rtcp) offered again unchanged is the same text, the same version (§8)', () => {
    const legs = sdpMediaOffer({ address: '127.0.0.1', port: 16384, rtcpMux: true, sessionId: '99' });
    const ours = new LocalSdp(legs);
    expect(ours.offer('sendrecv')).toBe(legs);
    const hold = ours.offer('inactive');
    expect(hold).toBe(legs.replace('o=xtapi 99 1 ', 'o=xtapi 99 2 ').replace('a=sendrecv', 'a=inactive'));
  });

  it('the same offer answered twice is the same answer, the same version', () => {
    const ours = new LocalSdp(first);
    const offer = sdp('c=IN IP4 10.0.0.1', 'm=audio 6000 RTP/AVP 0', 'a=sendonly');
    const answer = ours.answer(offer, 'sendrecv');
    expect(ours.answer(offer, 'sendrecv')).toBe(answer);
    expect(answer).toMatch(/^o=xtapi 4711 2 /m);
  });
});
