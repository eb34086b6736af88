/**
 * The SDP of a call without media (a provider made with `media: false`, which controls calls and
 * carries no audio): G.711 at port 9, the discard port, where nothing listens. A far end that sends
 * RTP there loses it, which is harmless for call control. Made by `media/sdp-media.ts` like every
 * other SDP: one parser, one set of rules (RFC 3264 offer and answer).
 */
import { type Direction } from './media/direction.js';
import { PCMU, SdpMediaError, sdpMediaAnswer, sdpMediaOffer } from './media/sdp-media.js';

/** The port a call without media names: 9, discard. */
export const DISCARD_PORT = 9;

/** Our side of a call without media. */
export interface NoMediaSide {
  /** Our address (c= and o=). */
  address: string;
  /** The `o=` session id (RFC 4566 §5.2). */
  sessionId: string;
  /** The `o=` version (default 1; RFC 3264 §8). */
  version?: number;
  /** The direction we want (default sendrecv; RFC 3264 §5.1). */
  direction?: Direction;
}

/**
 * Our offer without media: PCMU at the discard port, no telephone-event (nothing would hear it).
 *
 * @example
 * ```ts
 * noMediaOffer({ address: '127.0.0.1', sessionId: '7' }).includes('m=audio 9 RTP/AVP 0\r\n'); // true
 * ```
 */
export function noMediaOffer(side: NoMediaSide): string {
  return sdpMediaOffer({ ...side, port: DISCARD_PORT, codecs: [PCMU], telephoneEvent: null });
}

/**
 * Our answer without media (RFC 3264 §6): the offer's first G.711 codec at the discard port, in the
 * direction that answers the offer's as far as `side.direction` allows; null when the offer has
 * no audio stream we could take (the INVITE then gets 488, RFC 3261 §13.3.1.3).
 *
 * @example
 * ```ts
 * const offer = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 8 0\r\na=sendonly\r\n';
 * noMediaAnswer(offer, { address: '127.0.0.1', sessionId: '7' }); // '…m=audio 9 RTP/AVP 8\r\n…a=recvonly\r\n'
 * noMediaAnswer('v=0\r\n', { address: '127.0.0.1', sessionId: '7' }); // null
 * ```
 */
export function noMediaAnswer(offer: string, side: NoMediaSide): string | null {
  try {
    return sdpMediaAnswer(offer, { ...side, port: DISCARD_PORT, telephoneEvent: null }).sdp;
  } catch (error) {
    if (error instanceof SdpMediaError) return null;
    throw error;
  }
}
