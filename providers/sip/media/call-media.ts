/**
 * The media leg of one SIP call: the SDP that describes it (`sdp-media.ts`: our offer, RFC 3264 §5,
 * or our answer, §6, with the real port) and its RTP side ({@link LegAudio}: `rtp-audio.ts` in this
 * thread, or on a media thread, `threaded-audio.ts`), which the core reaches as {@link CallMedia}
 * (contract rule 13): 8 kHz 16-bit PCM frames of 160 samples both ways, G.711 on the wire (RFC 3551
 * §4.5.14), in the law the offer and answer agreed.
 *
 * Every later offer or answer of the dialog (a re-INVITE for hold, RFC 3264 §8) moves the leg: the
 * far end's address, port, codec and direction as its last SDP says. Digits are sent as RFC 4733
 * events (`dtmf-sender.ts`) with the far end's telephone-event payload type, when it has one
 * ({@link CallMediaLeg.sendsEvents}). Closing sends an RTCP BYE (RFC 3550 §6.6) and releases the
 * ports.
 */
import type { CallMedia } from '../../provider.js';
import type { Direction } from './direction.js';
import type { LegAudio } from './leg-audio.js';
import type { RtpCounters } from './rtp-session.js';
import { type AudioCodec, type RemoteAudio, sdpMedia, sdpMediaAnswer, SdpMediaError, sdpMediaOffer } from './sdp-media.js';

/** What a later offer or answer of the dialog is built from (`../local-sdp.ts`). */
export interface SdpVersion {
  sessionId: string;
  version: number;
}

/**
 * One call's media.
 *
 * @example
 * ```ts
 * const leg = new CallMediaLeg(await RtpAudio.open({ ports: range, clock, onDigit: (d) => report(d) }), '127.0.0.1');
 * invite.body = leg.offer(); // m=audio 16384 RTP/AVP 0 8 101 …
 * leg.answered(response.body, 'sendrecv'); // the 200's answer: PCMU agreed, RTP to the far end's port
 * leg.media.play(new Int16Array(160)); // one frame of silence, as PCMU
 * leg.sendDigits('12'); // RFC 4733 events
 * await leg.close(); // RTCP BYE, ports released
 * ```
 */
export class CallMediaLeg {
  /** The o= session id of every SDP of this leg (RFC 4566 §5.2). */
  readonly sessionId = String(Math.floor(Math.random() * 0x7fffffff));
  /** The audio the core plays and hears (contract rule 13). */
  readonly media: CallMedia;
  private remote: RemoteAudio | null = null;
  /**
   * Whether the SDP we last sent had a=rtcp-mux: our offers have it (RTCP on port + 1 still named,
   * for a far end that does not mux), our answers when the offer had it. An answer may mux only if
   * that offer did (RFC 5761 §5.1.1).
   */
  private muxOffered = false;
  private closing: Promise<Readonly<RtpCounters>> | null = null;

  /**
   * @param audio The leg's RTP side, open on its ports.
   * @param address The address our SDP gives (c= and o=): the SIP endpoint's host.
   * @param onClose Told once the leg is closed, its sockets too, with its final counters.
   */
  constructor(
    private readonly audio: LegAudio,
    private readonly address: string,
    private readonly onClose?: (counters: Readonly<RtpCounters>) => void,
  ) {
    this.media = {
      play: (source) => audio.play(source),
      onReceive: (listener) => audio.onReceive(listener),
    };
  }

  /** Our RTP port, as our SDP gives it. */
  get port(): number {
    return this.audio.rtpPort;
  }

  /** The codec agreed, or null before the far end's SDP. */
  get codec(): AudioCodec | null {
    return this.remote?.codec ?? null;
  }

  /** Whether the far end takes RFC 4733 events (its SDP has telephone-event/8000). */
  get sendsEvents(): boolean {
    return this.remote?.telephoneEvent != null;
  }

  /** What the RTP session counted. */
  get counters(): Readonly<RtpCounters> {
    return this.audio.counters;
  }

  /** Our first offer (RFC 3264 §5): PCMU, PCMA, telephone-event 101, 20 ms, rtcp-mux or RTCP on port + 1. */
  offer(): string {
    this.muxOffered = true;
    return sdpMediaOffer(this.localAudio({ sessionId: this.sessionId, version: 1 }, 'sendrecv'));
  }

  /**
   * Our answer to the far end's first offer (§6), which the leg now follows. Throws an
   * SdpMediaError when the offer has nothing we can take (the INVITE then gets 488).
   */
  answer(offer: string): string {
    return this.answerAt(offer, { sessionId: this.sessionId, version: 1 }, 'sendrecv');
  }

  /**
   * Our answer to a later offer (§8: a re-INVITE), in the direction that answers it as far as
   * `wanted` allows; null when it has nothing we can take (488), and the leg stays as it was.
   */
  reanswer(offer: string, at: SdpVersion, wanted: Direction): string | null {
    try {
      return this.answerAt(offer, at, wanted);
    } catch (error) {
      if (error instanceof SdpMediaError) return null;
      throw error;
    }
  }

  /**
   * The far end's answer to our offer (§5 and §8), our offer having said `ours`. An answer that
   * cannot be used (no codec we offered) leaves the leg as it was: the call stays up, unheard.
   */
  answered(answer: string, ours: Direction): void {
    try {
      const remote = sdpMedia(answer);
      this.follow(remote.rtcpMux && !this.muxOffered ? { ...remote, rtcpMux: false } : remote, ours);
    } catch (error) {
      if (!(error instanceof SdpMediaError)) throw error;
    }
  }

  /** Queue digits as RFC 4733 events; ignored while the far end takes none ({@link sendsEvents}). */
  sendDigits(digits: string): void {
    if (this.sendsEvents && !this.closing) this.audio.sendDigits(digits);
  }

  /** Close: no more frames or digits, an RTCP BYE, the ports released; resolves with the final counters. Idempotent. */
  close(): Promise<Readonly<RtpCounters>> {
    this.closing ??= this.audio.close().then((counters) => {
      this.onClose?.(counters);
      return counters;
    });
    return this.closing;
  }

  private answerAt(offer: string, at: SdpVersion, wanted: Direction): string {
    const { sdp, remote, direction } = sdpMediaAnswer(offer, this.localAudio(at, wanted));
    this.follow(remote, direction);
    this.muxOffered = remote.rtcpMux;
    return sdp;
  }

  private localAudio(at: SdpVersion, direction: Direction) {
    return { address: this.address, port: this.port, rtcp: this.audio.rtcpPort, rtcpMux: true, sessionId: at.sessionId, version: at.version, direction };
  }

  /** The far end's latest SDP, and our direction beside it: the RTP side follows them. */
  private follow(remote: RemoteAudio, ours: Direction): void {
    this.audio.follow(remote, ours);
    this.remote = remote;
  }
}
