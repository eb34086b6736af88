/**
 * The media leg of one SIP call: its RTP session (`rtp-session.ts`), the SDP that describes it
 * (`sdp-media.ts`: our offer, RFC 3264 §5, or our answer, §6, with the real port) and the core's
 * side of it, {@link CallMedia} (contract rule 13): 8 kHz 16-bit PCM frames of 160 samples both
 * ways, G.711 on the wire (RFC 3551 §4.5.14), in the law the offer and answer agreed.
 *
 * - Sent frames: encoded and sent as RTP, 160 samples a packet (RFC 3551 §4.2's 20 ms). A gap in
 *   what the core sends (it sends nothing while it plays nothing) is silence not sent (RFC 3551
 *   §4.1): the timestamp moves on by the time that passed, and the next frame is marked, the first
 *   of a talkspurt. Nothing is sent while the agreed direction says we do not send (RFC 3264 §5.1:
 *   we hold the call with inactive, the far end's offer or answer is recvonly or inactive...).
 * - What the far end sends is heard, audio and keys alike, only while the agreed directions say so
 *   (RFC 3264 §5.1, §6.1): we receive (sendrecv or recvonly on our side) and it sends (sendrecv or
 *   sendonly on its side). A far end at c=0.0.0.0 (RFC 3264 §8.4) is inactive: nothing either way.
 * - Received RTP of the agreed audio payload type: decoded, then handed to the listeners in frames
 *   of 160 samples whatever the far end's packet time. Telephone-events (RFC 4733) go through a
 *   {@link TelephoneEventReceiver}: each key is told once, to `onDigit`. From a far end that agreed
 *   no telephone-event, keys are looked for in the audio itself (in-band DTMF, Goertzel).
 * - Digits we send: RFC 4733 events (`dtmf-sender.ts`) with the far end's telephone-event payload
 *   type, when it has one ({@link CallMediaLeg.sendsEvents}).
 * - Every later offer or answer of the dialog (a re-INVITE for hold, RFC 3264 §8) moves the leg:
 *   the far end's address, port, codec and direction as its last SDP says.
 *
 * Closing sends an RTCP BYE (RFC 3550 §6.6) and releases the ports.
 */
import { DtmfDetector } from '../../media/dtmf-detector.js';
import { FRAME_MS, FRAME_SAMPLES } from '../../media/pcm.js';
import type { CallMedia, Clock } from '../../provider.js';
import { type Direction, receives, sends } from './direction.js';
import { Rfc4733Sender } from './dtmf-sender.js';
import { aLawDecodeBuffer, aLawEncodeBuffer, muLawDecodeBuffer, muLawEncodeBuffer } from './g711.js';
import type { PortRange } from './port-range.js';
import type { RtpPacket } from './rtp-packet.js';
import { type RtpCounters, RtpSession } from './rtp-session.js';
import { type AudioCodec, DEFAULT_TELEPHONE_EVENT, type RemoteAudio, sdpMedia, sdpMediaAnswer, SdpMediaError, sdpMediaOffer } from './sdp-media.js';
import { TelephoneEventReceiver } from './telephone-event.js';

/** A gap in the frames sent this long or longer is silence: the next frame starts a talkspurt. */
const GAP_MS = 2 * FRAME_MS;

/** Options of {@link CallMediaLeg.open}. */
export interface CallMediaOptions {
  /** Where the RTP and RTCP ports come from. */
  ports: PortRange;
  /** The call's clock: RTCP, digit pacing, the talkspurt gaps. */
  clock: Clock;
  /** The address our SDP gives (c= and o=): the SIP endpoint's host. */
  address: string;
  /** Let the first packet from elsewhere move the far end there (a far end behind a NAT; RtpSession's `symmetric`). */
  symmetric?: boolean;
  /**
   * A key the far end pressed, told once per press: as RFC 4733 events, or, from a far end that
   * agreed no telephone-event, found in its audio (`inband`).
   */
  onDigit(digit: string, via: 'rfc4733' | 'inband'): void;
  /** The leg is closed, its sockets too (its counters are final). */
  onClose?(leg: CallMediaLeg): void;
}

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
 * const leg = await CallMediaLeg.open({ ports: range, clock, address: '127.0.0.1', onDigit: (d) => report(d) });
 * invite.body = leg.offer(); // m=audio 16384 RTP/AVP 0 8 101 …
 * leg.answered(response.body); // the 200's answer: PCMU agreed, RTP to the far end's port
 * leg.media.send(new Int16Array(160)); // one frame of silence, as PCMU
 * leg.sendDigits('12'); // RFC 4733 events
 * await leg.close(); // RTCP BYE, ports released
 * ```
 */
export class CallMediaLeg {
  /** The o= session id of every SDP of this leg (RFC 4566 §5.2). */
  readonly sessionId = String(Math.floor(Math.random() * 0x7fffffff));
  /** The audio the core sends and hears (contract rule 13). */
  readonly media: CallMedia;
  private remote: RemoteAudio | null = null;
  /** Our direction in the last SDP agreed (RFC 3264 §5.1). */
  private local: Direction = 'sendrecv';
  /** The telephone-event payload type we offered: the far end may send with it too. */
  private readonly ownEvent = DEFAULT_TELEPHONE_EVENT;
  private readonly listeners = new Set<(frame: Int16Array) => void>();
  private readonly events = new TelephoneEventReceiver();
  private readonly digits: Rfc4733Sender;
  /** Samples received and not yet a whole frame. */
  private partial: Int16Array | null = null;
  /** In-band DTMF, made on the first audio from a far end without telephone-event. */
  private detector: DtmfDetector | null = null;
  /**
   * Whether the SDP we last sent had a=rtcp-mux: our offers have it (RTCP on port + 1 still named,
   * for a far end that does not mux), our answers when the offer had it. An answer may mux only if
   * that offer did (RFC 5761 §5.1.1).
   */
  private muxOffered = false;
  /** The clock time the running RTP timestamp stands for (null before the first send). */
  private due: number | null = null;
  private closing: Promise<void> | null = null;

  /** Allocate the ports and open the RTP session; rejects with PortRangeExhaustedError when none is free. */
  static async open(options: CallMediaOptions): Promise<CallMediaLeg> {
    let leg: CallMediaLeg | null = null;
    const session = await RtpSession.open({
      ports: options.ports,
      rtcpMux: false,
      clock: options.clock,
      symmetric: options.symmetric,
      onPacket: (packet) => leg?.receive(packet),
    });
    leg = new CallMediaLeg(session, options);
    return leg;
  }

  private constructor(
    private readonly session: RtpSession,
    private readonly options: CallMediaOptions,
  ) {
    this.media = {
      send: (frame) => this.send(frame),
      onReceive: (listener) => {
        // A wrapper each time: the same function may listen twice and stop once.
        const wrapped = (frame: Int16Array) => listener(frame);
        this.listeners.add(wrapped);
        return () => this.listeners.delete(wrapped);
      },
    };
    this.digits = new Rfc4733Sender(options.clock, {
      startTimestamp: () => this.timestampNow(),
      send: (payload, marker, timestamp) => {
        const payloadType = this.remote?.telephoneEvent;
        if (payloadType != null && this.sending()) this.session.send(payload, { payloadType, marker, timestamp });
      },
    });
  }

  /** Our RTP port, as our SDP gives it. */
  get port(): number {
    return this.session.local.rtpPort;
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
    return this.session.counters;
  }

  /** Our first offer (RFC 3264 §5): PCMU, PCMA, telephone-event 101, 20 ms, rtcp-mux or RTCP on port + 1. */
  offer(): string {
    this.local = 'sendrecv';
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
    if (this.sendsEvents && !this.closing) this.digits.add(digits);
  }

  /** Close: no more frames or digits, an RTCP BYE, the ports released. Idempotent. */
  close(): Promise<void> {
    if (!this.closing) {
      this.digits.clear();
      this.listeners.clear();
      this.closing = this.session.close().then(() => this.options.onClose?.(this));
    }
    return this.closing;
  }

  private answerAt(offer: string, at: SdpVersion, wanted: Direction): string {
    const { sdp, remote, direction } = sdpMediaAnswer(offer, this.localAudio(at, wanted));
    this.follow(remote, direction);
    this.muxOffered = remote.rtcpMux;
    return sdp;
  }

  private localAudio(at: SdpVersion, direction: Direction) {
    return { address: this.options.address, port: this.port, rtcp: this.session.local.rtcpPort, rtcpMux: true, sessionId: at.sessionId, version: at.version, direction };
  }

  /**
   * The far end's latest SDP, and our direction beside it: where RTP goes, what is taken. A
   * connection address of 0.0.0.0 (RFC 2543's hold, RFC 3264 §8.4) is inactive (`sdp-media.ts`)
   * and names nowhere: the session sends nothing, RTCP included, and keeps the far end it had for
   * the SDP that takes the call back.
   */
  private follow(remote: RemoteAudio, ours: Direction): void {
    const payloadTypes = [remote.codec.payloadType, this.ownEvent];
    if (remote.telephoneEvent !== null) payloadTypes.push(remote.telephoneEvent);
    this.session.setRemote({ address: remote.address, port: remote.port, rtcpMux: remote.rtcpMux, rtcpAddress: remote.rtcpAddress, rtcpPort: remote.rtcpPort, payloadTypes });
    this.remote = remote;
    this.local = ours;
  }

  /** Whether the agreed directions let us send now (RFC 3264 §5.1): we send, and the far end receives. */
  private sending(): boolean {
    return !this.closing && this.remote !== null && sends(this.local) && receives(this.remote.direction);
  }

  /** One frame from the core: sent when the agreed directions let us send, else dropped. */
  private send(frame: Int16Array): void {
    const remote = this.remote;
    if (!remote || !this.sending()) return;
    this.catchUp();
    const payload = remote.codec.name.toUpperCase() === 'PCMA' ? aLawEncodeBuffer(frame) : muLawEncodeBuffer(frame);
    this.session.send(payload, { payloadType: remote.codec.payloadType, samples: frame.length });
    this.due = (this.due ?? this.options.clock.now()) + (frame.length / FRAME_SAMPLES) * FRAME_MS;
  }

  /**
   * Bring the running timestamp to now when nothing was sent for a while (RFC 3551 §4.1: silence
   * not sent still moves the timestamp, and the next frame is marked as a talkspurt's first).
   */
  private catchUp(): void {
    const now = this.options.clock.now();
    if (this.due === null) {
      this.due = now;
      return;
    }
    const behind = now - this.due;
    if (behind < GAP_MS) return;
    const frames = Math.floor(behind / FRAME_MS);
    this.session.pause(frames * FRAME_SAMPLES);
    this.due += frames * FRAME_MS;
  }

  /**
   * The RTP timestamp of this instant, for an RFC 4733 event that starts now (§2.5.1.1: every
   * packet of the event carries its start). The audio is not moved by it: the event lies over the
   * audio's own timeline, so the frames sent while it lasts, and after it, keep their timestamps
   * (RFC 3550 §5.1: the timestamp follows the sampling clock). Two events never share a timestamp
   * (which would make them one, RFC 4733 §2.5.1.1): they start at least a digit and its gap apart
   * on the clock, and the timestamp follows the clock, sending or not ({@link catchUp}). Frames
   * sent ahead of the clock do not carry the event forward with them.
   */
  private timestampNow(): number {
    this.catchUp();
    const ahead = Math.max(0, this.due! - this.options.clock.now());
    return (this.session.nextTimestamp - Math.round((ahead * FRAME_SAMPLES) / FRAME_MS)) >>> 0;
  }

  /** A packet the RTP session took: an event, or audio of the agreed codec. */
  private receive(packet: RtpPacket): void {
    const remote = this.remote;
    // What arrives against the agreed directions (we hold the call, or the far end said it sends
    // nothing, RFC 3264 §5.1) is not ours to hear: no audio, no keys.
    if (!remote || this.closing || !receives(this.local) || !sends(remote.direction)) return;
    if (packet.payloadType === remote.telephoneEvent || (packet.payloadType === this.ownEvent && packet.payloadType !== remote.codec.payloadType)) {
      const event = this.events.receive(packet);
      if (event?.digit) this.options.onDigit(event.digit, 'rfc4733');
      return;
    }
    // A far end with no telephone-event sends its keys as tones in the audio: listen for them
    // there (Goertzel, `providers/media/dtmf-detector.ts`), the fallback RFC 4733 §1 describes.
    const inband = remote.telephoneEvent === null;
    if (packet.payloadType !== remote.codec.payloadType || (this.listeners.size === 0 && !inband)) return;
    const samples = remote.codec.name.toUpperCase() === 'PCMA' ? aLawDecodeBuffer(packet.payload) : muLawDecodeBuffer(packet.payload);
    if (inband) for (const { digit } of (this.detector ??= new DtmfDetector()).push(samples)) this.options.onDigit(digit, 'inband');
    if (this.listeners.size > 0) this.deliver(samples);
  }

  /** Hand samples to the listeners in frames of {@link FRAME_SAMPLES}, keeping what is left over. */
  private deliver(samples: Int16Array): void {
    let all = samples;
    if (this.partial) {
      all = new Int16Array(this.partial.length + samples.length);
      all.set(this.partial);
      all.set(samples, this.partial.length);
      this.partial = null;
    }
    let at = 0;
    for (; at + FRAME_SAMPLES <= all.length; at += FRAME_SAMPLES) {
      const frame = at === 0 && all.length === FRAME_SAMPLES ? all : all.slice(at, at + FRAME_SAMPLES);
      for (const listener of [...this.listeners]) listener(frame);
    }
    if (at < all.length) this.partial = all.slice(at);
  }
}
