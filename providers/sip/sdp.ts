/**
 * The session description a call offers or answers (RFC 3264 offer/answer, RFC 4566 SDP): one
 * audio stream of PCMU or PCMA (G.711 µ-law and A-law, static payload types 0 and 8, RFC 3551
 * §6), which every SIP phone accepts.
 * These are the SDP of a provider made with `media: false`, which controls calls and carries no
 * media: the port it offers receives nothing, and a far end that sends RTP there loses it, which
 * is harmless for call control. With media, `media/sdp-media.ts` makes the SDP; the direction
 * rules here serve both.
 */
import { isIPv6 } from 'node:net';

/** The port offered without media: 9 (discard). */
export const MEDIA_PORT = 9;

/** What an offer is built from. */
export interface SdpOfferInput {
  /** The address media would come to (our local address). */
  address: string;
  /** The RTP port offered. */
  port: number;
  /** Session id (`o=`); any number unique enough (RFC 4566 §5.2). */
  sessionId: string;
  /** The `o=` version (default 1); it grows with every change (RFC 3264 §8). */
  version?: number;
  /** The direction of the audio stream (default sendrecv; RFC 3264 §5.1). */
  direction?: Direction;
}

/** The direction of a media stream (RFC 3264 §5.1): what each end sends. */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

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
    `o=xtapi ${input.sessionId} ${input.version ?? 1} IN ${ip} ${input.address}`,
    's=xtapi',
    `c=IN ${ip} ${input.address}`,
    't=0 0',
    `m=audio ${input.port} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    `a=${input.direction ?? 'sendrecv'}`,
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

/** The G.711 payload types an answer may pick, in our order of preference (RFC 3551 §6). */
const G711: Record<string, string> = { '0': 'PCMU/8000', '8': 'PCMA/8000' };

/**
 * The answer to an offer (RFC 3264 §6): one m= line per offered one, in order; the first audio
 * stream that offers PCMU or PCMA gets our port and that one format, every other stream is
 * refused with port 0. Null when no audio stream can be accepted (the call then gets 488 Not
 * Acceptable Here, §13.3.1.3).
 *
 * @example
 * ```ts
 * sdpAnswer('v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 6000 RTP/AVP 8 0\r\nm=video 6002 RTP/AVP 31\r\n', { address: '127.0.0.1', port: 9, sessionId: '7' });
 * // '…m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\nm=video 0 RTP/AVP 31\r\n'
 * ```
 */
export function sdpAnswer(offer: string, input: SdpOfferInput): string | null {
  const ip = isIPv6(input.address) ? 'IP6' : 'IP4';
  const lines = [`v=0`, `o=xtapi ${input.sessionId} ${input.version ?? 1} IN ${ip} ${input.address}`, 's=xtapi', `c=IN ${ip} ${input.address}`, 't=0 0'];
  let accepted = false;
  for (const match of offer.matchAll(/^m=(\S+) (\d+)(?:\/\d+)? (\S+)((?: \S+)*)\s*$/gm)) {
    const [, media, port, proto, list] = match;
    const formats = list.trim().split(/\s+/);
    const pick = media === 'audio' && port !== '0' && !accepted && proto === 'RTP/AVP' ? (['0', '8'].find((pt) => formats.includes(pt)) ?? null) : null;
    if (pick === null) {
      lines.push(`m=${media} 0 ${proto} ${formats[0] ?? '0'}`);
      continue;
    }
    accepted = true;
    lines.push(`m=audio ${input.port} RTP/AVP ${pick}`, `a=rtpmap:${pick} ${G711[pick]}`, `a=${input.direction ?? 'sendrecv'}`);
  }
  return accepted ? [...lines, ''].join('\r\n') : null;
}

const DIRECTIONS: ReadonlySet<string> = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/**
 * The direction of the first audio stream that is not refused, as its sender means it: the
 * stream's own attribute, else the session's, else sendrecv (RFC 3264 §5.1). A connection
 * address of 0.0.0.0 (RFC 2543's hold, RFC 3264 §8.4) means the sender receives nothing.
 * Null when there is no such stream (or no SDP at all). Reads hostile text; never throws.
 *
 * @example
 * ```ts
 * sdpDirection('v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 6000 RTP/AVP 0\r\na=sendonly\r\n'); // 'sendonly'
 * sdpDirection('v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 6000 RTP/AVP 0\r\n'); // 'sendonly'
 * ```
 */
export function sdpDirection(body: string): Direction | null {
  // Index 0: the session's; index 1: the audio stream's, which wins (RFC 4566 §5).
  const direction: Array<string | undefined> = [];
  const address: Array<string | undefined> = [];
  let section: 'session' | 'audio' | 'other' = 'session';
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      if (section === 'audio') break;
      section = /^m=audio [1-9]\d*(?:\/\d+)? /.test(line) ? 'audio' : 'other';
      continue;
    }
    if (section === 'other') continue;
    const level = section === 'session' ? 0 : 1;
    const attribute = /^a=([a-z]+)\s*$/.exec(line)?.[1];
    if (attribute && DIRECTIONS.has(attribute)) direction[level] = attribute;
    const connection = /^c=IN IP[46] (\S+)/.exec(line)?.[1];
    if (connection) address[level] = connection;
  }
  if (section !== 'audio') return null;
  const said = (direction[1] ?? direction[0] ?? 'sendrecv') as Direction;
  if ((address[1] ?? address[0]) !== '0.0.0.0') return said;
  return said === 'sendrecv' ? 'sendonly' : said === 'recvonly' ? 'inactive' : said;
}

/**
 * The direction that answers `offered` (RFC 3264 §6.1): a sendonly stream is received only, a
 * recvonly one sent only; sendrecv and inactive stay. `wanted` narrows it to what we want
 * (sendonly while we hold the call): the answer sends only if both allow it, and so on.
 *
 * @example
 * ```ts
 * answerDirection('sendonly', 'sendrecv'); // 'recvonly': the far end holds us
 * answerDirection('sendrecv', 'sendonly'); // 'sendonly': we hold the far end
 * answerDirection('sendonly', 'sendonly'); // 'inactive': both hold
 * ```
 */
export function answerDirection(offered: Direction, wanted: Direction): Direction {
  const send = sends(wanted) && receives(offered);
  const receive = receives(wanted) && sends(offered);
  return send && receive ? 'sendrecv' : send ? 'sendonly' : receive ? 'recvonly' : 'inactive';
}

/** Whether a stream with this direction is sent by the one who describes it. */
export function sends(direction: Direction): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

/** Whether a stream with this direction is received by the one who describes it. */
export function receives(direction: Direction): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}
