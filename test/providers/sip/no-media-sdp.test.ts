/**
 * The SDP of a call without media (`media: false`): PCMU at the discard port offered, the offer's
 * first G.711 answered there, in the direction that answers it; an offer with no G.711 is null
 * (the INVITE gets 488), never a throw.
 */
import { describe, expect, it } from 'vitest';
import { DISCARD_PORT, noMediaAnswer, noMediaOffer } from '../../../providers/sip/no-media-sdp.js';
import { sdpDirection, sdpMedia } from '../../../providers/sip/media/sdp-media.js';

const offer = (...lines: string[]) => ['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', ...lines, ''].join('\r\n');

describe('no-media SDP', () => {
  it('offers one PCMU stream at the discard port, no telephone-event, IPv4 or IPv6', () => {
    const ours = noMediaOffer({ address: '127.0.0.1', sessionId: '7' });
    expect(ours).toContain('o=xtapi 7 1 IN IP4 127.0.0.1\r\n');
    expect(ours).toContain(`m=audio ${DISCARD_PORT} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`);
    expect(ours).not.toContain('telephone-event');
    expect(sdpDirection(ours)).toBe('sendrecv');
    expect(noMediaOffer({ address: '::1', sessionId: '7', direction: 'sendonly' })).toMatch(/c=IN IP6 ::1\r\n[\s\S]*a=sendonly\r\n/);
  });

  it('answers the offer’s first G.711 at the discard port, its direction turned round; other streams refused', () => {
    const answer = noMediaAnswer(offer('m=audio 6000 RTP/AVP 8 0 101', 'a=rtpmap:101 telephone-event/8000', 'a=sendonly', 'm=video 6002 RTP/AVP 31'), { address: '127.0.0.1', sessionId: '7' })!;
    expect(answer).toContain(`m=audio ${DISCARD_PORT} RTP/AVP 8\r\n`);
    expect(answer).toContain('m=video 0 RTP/AVP 31\r\n');
    expect(sdpMedia(answer)).toMatchObject({ port: DISCARD_PORT, telephoneEvent: null, direction: 'recvonly' });
  });

  it('an offer with no G.711, or no SDP at all, is null (488), not a throw', () => {
    const side = { address: '127.0.0.1', sessionId: '7' };
    expect(noMediaAnswer(offer('m=audio 6000 RTP/AVP 18'), side)).toBeNull();
    expect(noMediaAnswer(offer('m=audio 0 RTP/AVP 0'), side)).toBeNull();
    expect(noMediaAnswer('garbage\u0000', side)).toBeNull();
  });
});
