/**
 * The session description a call offers (RFC 3264 offer/answer, RFC 4566 SDP): one audio stream
 * of PCMU (G.711 µ-law, static payload type 0, RFC 3551 §6), which every SIP phone accepts.
 * The provider controls calls; it carries no media. The port it offers receives nothing, and a
 * far end that sends RTP there loses it, which is harmless for call control.
 */
import { isIPv6 } from 'node:net';

/** What an offer is built from. */
export interface SdpOfferInput {
  /** The address media would come to (our local address). */
  address: string;
  /** The RTP port offered. */
  port: number;
  /** Session id and version (`o=`); any number unique enough (RFC 4566 §5.2). */
  sessionId: string;
}

/**
 * A minimal PCMU offer.
 *
 * @example
 * ```ts
 * sdpOffer({ address: '127.0.0.1', port: 40000, sessionId: '1' });
 * // 'v=0\r\no=xtapi 1 1 IN IP4 127.0.0.1\r\ns=xtapi\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n'
 * ```
 */
export function sdpOffer(input: SdpOfferInput): string {
  const ip = isIPv6(input.address) ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=xtapi ${input.sessionId} 1 IN ${ip} ${input.address}`,
    's=xtapi',
    `c=IN ${ip} ${input.address}`,
    't=0 0',
    `m=audio ${input.port} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/**
 * The audio port and payload types of an answer, or null when it has no usable audio stream
 * (no `m=audio`, or port 0: the stream was rejected, RFC 3264 §6).
 *
 * @example
 * ```ts
 * sdpAudio('v=0\r\nm=audio 6000 RTP/AVP 0\r\n'); // { port: 6000, formats: ['0'] }
 * ```
 */
export function sdpAudio(body: string): { port: number; formats: string[] } | null {
  const match = /^m=audio (\d+)(?:\/\d+)? [A-Za-z/]+((?: \S+)*)\s*$/m.exec(body);
  if (!match || Number(match[1]) === 0) return null;
  return { port: Number(match[1]), formats: match[2].trim().split(/\s+/) };
}
