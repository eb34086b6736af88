/**
 * The audio stream of a call in SDP (RFC 4566), with `sdp-transform` reading and writing the
 * text: our offer (RFC 3264 §5), our answer to an offer (§6), and what an offer or answer tells
 * the RTP session (`rtp-session.ts`): where to send RTP and RTCP, which payload type to use, the
 * telephone-event payload type (RFC 4733 §7.1.1), the packet time and the direction.
 *
 * We offer PCMU and PCMA (static payload types 0 and 8, RFC 3551 §6) and telephone-event, 20 ms a
 * packet, RTCP on the next port (a=rtcp, RFC 3605) or on the RTP port (a=rtcp-mux, RFC 5761
 * §5.1.1). An answer takes the first of the offerer's formats that we have, in the offerer's order
 * (RFC 3264 §6.1: the answerer may keep it, and then both ends use it), keeps the offerer's
 * telephone-event payload type (§6.1: the same number in both directions), reverses the direction
 * and muxes RTCP only when the offer did (RFC 5761 §5.1.3).
 *
 * What a remote SDP lacks or garbles ends in an {@link SdpMediaError} with a code, never in a
 * TypeError from reading a field that is not there: the text comes from any peer.
 *
 * Every SDP of the provider is read and written here, with one parser: a call's media leg
 * (`call-media.ts`), a call without media (`../no-media-sdp.ts`: the discard port), our SDP in a
 * dialog (`../local-sdp.ts`) and the dialog's hold state ({@link sdpDirection}, `../dialog-control.ts`).
 * The direction rules are `direction.ts`'s.
 */
import { isIP } from 'node:net';
import * as sdpTransform from 'sdp-transform';
import { answerDirection, type Direction } from './direction.js';
import { isUnspecifiedAddress } from './unspecified-address.js';

export type { Direction } from './direction.js';

/** An audio codec as SDP names it (a=rtpmap, RFC 4566 §6). */
export interface AudioCodec {
  /** The payload type: static (RFC 3551 §6) or dynamic (96-127). */
  payloadType: number;
  /** The encoding name, as in a=rtpmap (compared without case, RFC 4566 §6). */
  name: string;
  /** The RTP clock rate, Hz. */
  clockRate: number;
}

/** G.711 μ-law, static payload type 0 (RFC 3551 §6). */
export const PCMU: AudioCodec = { payloadType: 0, name: 'PCMU', clockRate: 8000 };
/** G.711 A-law, static payload type 8 (RFC 3551 §6). */
export const PCMA: AudioCodec = { payloadType: 8, name: 'PCMA', clockRate: 8000 };
/** What we offer, in our order of preference. */
export const DEFAULT_CODECS: readonly AudioCodec[] = [PCMU, PCMA];
/** The telephone-event payload type we offer: dynamic, and the one most phones use. */
export const DEFAULT_TELEPHONE_EVENT = 101;
/** The packet time, ms: 160 samples of 8 kHz audio (RFC 3551 §4.5: the default for G.711). */
export const DEFAULT_PTIME = 20;

/** Why a remote SDP cannot be used. */
export type SdpMediaErrorCode =
  /** sdp-transform could not read it, or it has no `v=`/`m=` structure at all. */
  | 'MALFORMED'
  /** No m=audio line. */
  | 'NO_AUDIO'
  /** Every audio line has port 0: the stream was refused (RFC 3264 §6). */
  | 'REFUSED'
  /** No audio line over RTP/AVP offers a codec we have. */
  | 'NO_COMMON_CODEC'
  /** The audio line has no connection address (c=), at its level or the session's, that is an IP address. */
  | 'NO_CONNECTION';

/** A remote SDP we cannot use; an offer that gives one is answered 488 Not Acceptable Here (RFC 3261 §13.3.1.3). */
export class SdpMediaError extends Error {
  constructor(
    readonly code: SdpMediaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SdpMediaError';
  }
}

/** Our side of the audio stream, for an offer or an answer. */
export interface LocalAudio {
  /** Our address (c= and o=): an IPv4 or IPv6 address. */
  address: string;
  /** Our RTP port. */
  port: number;
  /** Our RTCP port (default `port + 1`, RFC 3550 §11), or 'mux' for RTCP on the RTP port only (RFC 5761). */
  rtcp?: number | 'mux';
  /**
   * Offer, and accept, rtcp-mux while keeping the RTCP port for a far end that does not (RFC 5761
   * §5.1.1; RFC 8035 §4: an offer of rtcp-mux still names the port it would fall back to).
   * Implied by `rtcp: 'mux'`.
   */
  rtcpMux?: boolean;
  /** The `o=` session id; any number unique enough (RFC 4566 §5.2). */
  sessionId: string;
  /** The `o=` version (default 1); it grows with every change (RFC 3264 §8). */
  version?: number;
  /** The direction we want (default sendrecv; RFC 3264 §5.1). */
  direction?: Direction;
  /** Our codecs in order of preference (default PCMU, PCMA). */
  codecs?: readonly AudioCodec[];
  /** The telephone-event payload type we offer (default 101), or null to offer none. */
  telephoneEvent?: number | null;
  /** The packet time we ask for, ms (default 20). */
  ptime?: number;
}

/** What an offer or answer tells the RTP session about the far end. */
export interface RemoteAudio {
  /** Where RTP goes: the stream's connection address. */
  address: string;
  port: number;
  /** Whether RTCP shares the RTP port (RFC 5761): in an offer, that it is offered; in {@link AnswerResult.remote}, agreed. */
  rtcpMux: boolean;
  /** Where RTCP goes when it is not muxed: a=rtcp (RFC 3605), else the RTP address and port + 1 (RFC 3550 §11). */
  rtcpAddress: string;
  rtcpPort: number;
  /** The codec: the first of the line's formats that we have. */
  codec: AudioCodec;
  /** The telephone-event payload type, or null when the line has none at 8000 Hz. */
  telephoneEvent: number | null;
  /** a=ptime, ms (default 20). */
  ptime: number;
  /**
   * The direction as the far end means it (RFC 3264 §5.1): the line's attribute, else the
   * session's, else sendrecv; a connection address of 0.0.0.0 or :: (RFC 2543's hold, RFC 3264
   * §8.4) is inactive, whatever the attribute says.
   */
  direction: Direction;
}

/** Our answer and what it agreed. */
export interface AnswerResult {
  /** The answer's text. */
  sdp: string;
  /** The offerer's stream as answered: its codec is the one both ends use, `rtcpMux` whether both mux. */
  remote: RemoteAudio;
  /** The direction of our answer (RFC 3264 §6.1). */
  direction: Direction;
}

/**
 * Our audio offer (RFC 3264 §5).
 *
 * @example
 * ```ts
 * sdpMediaOffer({ address: '127.0.0.1', port: 40000, sessionId: '1' });
 * // 'v=0\r\no=xtapi 1 1 IN IP4 127.0.0.1\r\ns=xtapi\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n
 * //  m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n
 * //  a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=rtcp:40001\r\na=ptime:20\r\na=sendrecv\r\n'
 * ```
 */
export function sdpMediaOffer(local: LocalAudio): string {
  const codecs = local.codecs ?? DEFAULT_CODECS;
  const audio = audioLine(local, codecs, local.telephoneEvent === undefined ? DEFAULT_TELEPHONE_EVENT : local.telephoneEvent, local.rtcp === 'mux' || local.rtcpMux === true, local.direction ?? 'sendrecv');
  // An offer of rtcp-mux with a port to fall back on names that port too (RFC 8035 §4).
  if (local.rtcpMux === true && local.rtcp !== 'mux') audio.rtcp = { port: local.rtcp ?? local.port + 1 };
  return sdpTransform.write({ ...sessionPart(local), media: [audio] });
}

/**
 * Our answer to an offer (RFC 3264 §6): one m= line per offered one, in order. The first audio line
 * over RTP/AVP that offers one of our codecs is accepted; every other line is refused with port 0
 * and its formats as offered (§6: a refused stream keeps its line). Throws an
 * {@link SdpMediaError} when no audio line can be accepted (the INVITE then gets 488).
 *
 * Ports come first: read the offer with {@link sdpMedia} to learn whether it offers rtcp-mux,
 * allocate the ports accordingly, then answer. Answering with `rtcp: 'mux'` an offer without it
 * names no RTCP port, and the offerer's RTCP goes to our port + 1, unheard.
 *
 * @example
 * ```ts
 * const offer = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n'
 *   + 'm=audio 6000 RTP/AVP 8 0 96\r\na=rtpmap:96 telephone-event/8000\r\na=sendonly\r\n';
 * const { sdp, remote, direction } = sdpMediaAnswer(offer, { address: '127.0.0.1', port: 40000, sessionId: '2' });
 * remote.codec.name; // 'PCMA': the offerer's first
 * remote.telephoneEvent; // 96: the offerer's number
 * direction; // 'recvonly'
 * sdp.includes('m=audio 40000 RTP/AVP 8 96'); // true
 * ```
 */
export function sdpMediaAnswer(offer: string, local: LocalAudio): AnswerResult {
  const codecs = local.codecs ?? DEFAULT_CODECS;
  const session = parseSdp(offer);
  const { index, remote } = chooseAudio(session, codecs);
  // RFC 5761 §5.1.1: the answer muxes only if the offer did, and then says so with a=rtcp-mux alone.
  const rtcpMux = remote.rtcpMux && (local.rtcp === 'mux' || local.rtcpMux === true);
  const direction = answerDirection(remote.direction, local.direction ?? 'sendrecv');
  const telephoneEvent = local.telephoneEvent === null ? null : remote.telephoneEvent;
  const media = session.media.map((line, i) =>
    i === index
      ? audioLine(local, [remote.codec], telephoneEvent, rtcpMux, direction)
      : { type: String(line.type), port: 0, protocol: String(line.protocol ?? 'RTP/AVP'), payloads: formatsOf(line).join(' ') || '0', rtp: [], fmtp: [] },
  );
  const sdp = sdpTransform.write({ ...sessionPart(local), media });
  return { sdp, remote: { ...remote, rtcpMux, telephoneEvent }, direction };
}

/**
 * What a remote offer or answer says of its audio stream: the first m=audio line over RTP/AVP,
 * with a port, that has one of `codecs` (default PCMU, PCMA). Throws an {@link SdpMediaError},
 * and nothing else, when there is none or it has no connection address.
 *
 * @example
 * ```ts
 * const answer = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n'
 *   + 'm=audio 6000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=rtcp-mux\r\n';
 * sdpMedia(answer);
 * // { address: '10.0.0.1', port: 6000, rtcpMux: true, rtcpAddress: '10.0.0.1', rtcpPort: 6001,
 * //   codec: PCMU, telephoneEvent: 101, ptime: 20, direction: 'sendrecv' }
 * sdpMedia('v=0\r\n'); // throws SdpMediaError, code 'NO_AUDIO'
 * ```
 */
export function sdpMedia(sdp: string, codecs: readonly AudioCodec[] = DEFAULT_CODECS): RemoteAudio {
  return chooseAudio(parseSdp(sdp), codecs).remote;
}

/**
 * The direction of the first audio stream that is not refused (port 0), as its sender means it
 * (RFC 3264 §5.1; 0.0.0.0 is inactive, §8.4), whatever its codecs: what says whether the far end
 * holds the call. Null when there is no such stream, or no SDP that can be read. Never throws.
 *
 * @example
 * ```ts
 * sdpDirection('v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 6000 RTP/AVP 18\r\na=sendonly\r\n'); // 'sendonly'
 * sdpDirection('v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 6000 RTP/AVP 0\r\n'); // 'inactive'
 * sdpDirection('v=0\r\nm=video 6002 RTP/AVP 31\r\n'); // null
 * ```
 */
export function sdpDirection(sdp: string): Direction | null {
  let session: Session;
  try {
    session = parseSdp(sdp);
  } catch (error) {
    if (error instanceof SdpMediaError) return null;
    throw error;
  }
  const line = session.media.find(isLiveAudio);
  return line ? directionOf(session, line, line.connection?.ip ?? session.connection?.ip) : null;
}

/** An SDP as sdp-transform reads it. */
export type Session = sdpTransform.SessionDescription;
type Media = sdpTransform.MediaDescription;

/**
 * Read an SDP: an {@link SdpMediaError} (MALFORMED) when sdp-transform cannot, or it has no media
 * list; nothing else is thrown.
 */
export function parseSdp(text: string): Session {
  let session: Session;
  try {
    session = sdpTransform.parse(String(text));
  } catch (error) {
    throw new SdpMediaError('MALFORMED', `unreadable SDP: ${(error as Error).message}`);
  }
  if (!Array.isArray(session.media)) throw new SdpMediaError('MALFORMED', 'SDP without media');
  return session;
}

/** Write an SDP that {@link parseSdp} read (and the caller changed), as sdp-transform writes it. */
export function writeSdp(session: Session): string {
  return sdpTransform.write(session);
}

/** Whether a line is the audio stream whose direction says whether a call is held: audio, not refused. */
export function isLiveAudio(line: Media): boolean {
  return line.type === 'audio' && validPort(line.port);
}

/** The audio line to use and what it says, or the error that says why there is none. */
function chooseAudio(session: Session, codecs: readonly AudioCodec[]): { index: number; remote: RemoteAudio } {
  const audio = session.media.filter((line) => line.type === 'audio');
  if (audio.length === 0) throw new SdpMediaError('NO_AUDIO', 'no m=audio line');
  let refused = true;
  for (const [index, line] of session.media.entries()) {
    if (line.type !== 'audio' || !validPort(line.port)) continue;
    refused = false;
    const codec = line.protocol === 'RTP/AVP' ? codecOf(line, codecs) : null;
    if (!codec) continue;
    const connection = line.connection?.ip ?? session.connection?.ip;
    if (typeof connection !== 'string' || isIP(connection) === 0) {
      throw new SdpMediaError('NO_CONNECTION', 'the audio stream has no connection address (c=IN IP4/IP6 <address>)');
    }
    return { index, remote: describe(session, line, codec, connection) };
  }
  if (refused) throw new SdpMediaError('REFUSED', 'every audio stream has port 0');
  throw new SdpMediaError('NO_COMMON_CODEC', `no audio stream over RTP/AVP offers ${codecs.map((c) => c.name).join(' or ')}`);
}

function describe(session: Session, line: Media, codec: AudioCodec, address: string): RemoteAudio {
  const rtcpMux = line.rtcpMux === 'rtcp-mux';
  const rtcpPort = validPort(line.rtcp?.port) ? line.rtcp.port : line.port + 1;
  // RFC 3605 §2.1: RTCP on the next port unless a=rtcp says; a far end at 65535 leaves none.
  if (!rtcpMux && !validPort(rtcpPort)) throw new SdpMediaError('MALFORMED', `the audio stream at port ${line.port} leaves no port for RTCP (no a=rtcp, no a=rtcp-mux)`);
  const rtcpAddress = typeof line.rtcp?.address === 'string' && isIP(line.rtcp.address) !== 0 ? line.rtcp.address : address;
  return {
    address,
    port: line.port,
    rtcpMux,
    rtcpAddress,
    rtcpPort: validPort(rtcpPort) ? rtcpPort : line.port,
    codec,
    telephoneEvent: telephoneEventOf(line),
    ptime: typeof line.ptime === 'number' && Number.isInteger(line.ptime) && line.ptime > 0 && line.ptime <= 1000 ? line.ptime : DEFAULT_PTIME,
    direction: directionOf(session, line, address),
  };
}

/**
 * The direction of the stream as its sender means it (RFC 3264 §5.1): the line's attribute, else
 * the session's, else sendrecv. At 0.0.0.0 (RFC 3264 §8.4) "neither RTP nor RTCP should be sent to
 * the peer"; the old hold (RFC 2543) that puts it there sends nothing either, whatever a= it kept:
 * inactive.
 */
function directionOf(session: Session, line: Media, address: unknown): Direction {
  if (typeof address === 'string' && isUnspecifiedAddress(address)) return 'inactive';
  return line.direction ?? session.direction ?? 'sendrecv';
}

/** The payload types of an m= line in its order; sdp-transform gives a lone one as a number. */
function formatsOf(line: Media): string[] {
  return String(line.payloads ?? '').split(' ').filter((format) => format !== '');
}

/** The first of the line's formats that is one of `codecs`, as the offerer numbered it. */
function codecOf(line: Media, codecs: readonly AudioCodec[]): AudioCodec | null {
  for (const format of formatsOf(line)) {
    const payloadType = Number(format);
    if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) continue;
    // RFC 4566 §6: a=rtpmap names a format; a static type without one is the RFC 3551 §6 one.
    const map = line.rtp?.find((rtp) => rtp.payload === payloadType);
    const ours = codecs.find((codec) =>
      map ? sameName(map.codec, codec.name) && (map.rate ?? codec.clockRate) === codec.clockRate : codec.payloadType === payloadType && payloadType < 96,
    );
    if (ours) return { ...ours, payloadType };
  }
  return null;
}

/** The line's telephone-event payload type at 8000 Hz (RFC 4733 §7.1.1), if it lists one. */
function telephoneEventOf(line: Media): number | null {
  const formats = formatsOf(line);
  const map = line.rtp?.find((rtp) => sameName(rtp.codec, 'telephone-event') && rtp.rate === 8000 && formats.includes(String(rtp.payload)));
  return map ? map.payload : null;
}

function sameName(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

function validPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port > 0 && port <= 65535;
}

/** v=, o=, s=, c=, t= of our SDP (RFC 4566 §5). */
function sessionPart(local: LocalAudio): Omit<Session, 'media'> {
  const ipVer = isIP(local.address) === 6 ? 6 : 4;
  return {
    version: 0,
    origin: { username: 'xtapi', sessionId: local.sessionId, sessionVersion: local.version ?? 1, netType: 'IN', ipVer, address: local.address },
    name: 'xtapi',
    connection: { version: ipVer, ip: local.address },
    timing: { start: 0, stop: 0 },
  };
}

/** Our m=audio line with these formats. */
function audioLine(local: LocalAudio, codecs: readonly AudioCodec[], telephoneEvent: number | null, rtcpMux: boolean, direction: Direction): Media {
  const rtp = codecs.map((codec) => ({ payload: codec.payloadType, codec: codec.name, rate: codec.clockRate }));
  const fmtp: Media['fmtp'] = [];
  if (telephoneEvent !== null) {
    rtp.push({ payload: telephoneEvent, codec: 'telephone-event', rate: 8000 });
    // RFC 4733 §7.1.1: events 0-15 are the DTMF digits, 16 the flash.
    fmtp.push({ payload: telephoneEvent, config: '0-16' });
  }
  const line: Media = {
    type: 'audio',
    port: local.port,
    protocol: 'RTP/AVP',
    payloads: rtp.map((format) => format.payload).join(' '),
    rtp,
    fmtp,
    ptime: local.ptime ?? DEFAULT_PTIME,
    direction,
  };
  if (rtcpMux) line.rtcpMux = 'rtcp-mux';
  else if (local.rtcp !== 'mux') line.rtcp = { port: local.rtcp ?? local.port + 1 };
  return line;
}
