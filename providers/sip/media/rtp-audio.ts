/**
 * A call's RTP side in this thread ({@link LegAudio}): its RTP session (`rtp-session.ts`), the
 * audio played to the far end and heard from it, and the keys both ways.
 *
 * - Played frames: encoded in the agreed law and sent as RTP, 160 samples a packet (RFC 3551
 *   §4.2's 20 ms), paced here (`providers/media/pcm-player.ts`). A gap in what is played is silence
 *   not sent (RFC 3551 §4.1): the timestamp moves on by the time that passed, and the next frame is
 *   marked, the first of a talkspurt. Nothing is sent while the agreed direction says we do not
 *   send (RFC 3264 §5.1: we hold the call with inactive, the far end is recvonly or inactive...).
 * - What the far end sends is heard, audio and keys alike, only while the agreed directions say so
 *   (RFC 3264 §5.1, §6.1): we receive (sendrecv or recvonly on our side) and it sends (sendrecv or
 *   sendonly on its side). A far end at c=0.0.0.0 (RFC 3264 §8.4) is inactive: nothing either way.
 * - Received RTP of the agreed audio payload type: decoded, then handed to the listeners in frames
 *   of 160 samples whatever the far end's packet time. Telephone-events (RFC 4733) go through a
 *   {@link TelephoneEventReceiver}: each key is told once. From a far end that agreed no
 *   telephone-event, keys are looked for in the audio itself (in-band DTMF, Goertzel).
 * - Digits we send: RFC 4733 events (`dtmf-sender.ts`) with the far end's telephone-event payload
 *   type.
 */
import { DtmfDetector } from '../../media/dtmf-detector.js';
import { endedPlayback, type FrameSource, type Playback, playPcm } from '../../media/pcm-player.js';
import { FRAME_MS, FRAME_SAMPLES } from '../../media/pcm.js';
import { type Direction, receives, sends } from './direction.js';
import { Rfc4733Sender } from './dtmf-sender.js';
import { aLawDecodeBuffer, aLawEncodeBuffer, muLawDecodeBuffer, muLawEncodeBuffer } from './g711.js';
import type { AudioHost, LegAudio, LegAudioOptions } from './leg-audio.js';
import type { PortRange } from './port-range.js';
import type { RtpPacket } from './rtp-packet.js';
import { type RtpCounters, RtpSession } from './rtp-session.js';
import { DEFAULT_TELEPHONE_EVENT, type RemoteAudio } from './sdp-media.js';
import { TelephoneEventReceiver } from './telephone-event.js';

/** A gap in the frames sent this long or longer is silence: the next frame starts a talkspurt. */
const GAP_MS = 2 * FRAME_MS;

/** Options of {@link RtpAudio.open}. */
export interface RtpAudioOptions extends LegAudioOptions {
  /** Where the RTP and RTCP ports come from. */
  ports: PortRange;
}

/**
 * Legs' audio in this thread, on ports of `ports`: the SIP provider's without media threads.
 *
 * @example
 * ```ts
 * const host = inThisThread(new PortRange({ address: '127.0.0.1', min: 20000, max: 20999 }));
 * const audio = await host.open({ clock, onDigit: (d) => console.log(d) });
 * ```
 */
export function inThisThread(ports: PortRange): AudioHost {
  return { open: (leg) => RtpAudio.open({ ...leg, ports }), close: async () => {} };
}

/**
 * One call's RTP in this thread.
 *
 * @example
 * ```ts
 * const audio = await RtpAudio.open({ ports: range, clock, onDigit: (d) => report(d) });
 * audio.follow(remote, 'sendrecv'); // the far end's SDP: PCMU to its port
 * await audio.play(new Int16Array(1600)).result; // 200 ms of silence, 10 packets
 * await audio.close(); // RTCP BYE, ports released
 * ```
 */
export class RtpAudio implements LegAudio {
  private remote: RemoteAudio | null = null;
  /** Our direction in the last SDP agreed (RFC 3264 §5.1). */
  private local: Direction = 'sendrecv';
  /** The telephone-event payload type we offer: the far end may send with it too. */
  private readonly ownEvent = DEFAULT_TELEPHONE_EVENT;
  private readonly listeners = new Set<(frame: Int16Array) => void>();
  private readonly playbacks = new Set<Playback>();
  private readonly events = new TelephoneEventReceiver();
  private readonly digits: Rfc4733Sender;
  /** Samples received and not yet a whole frame. */
  private partial: Int16Array | null = null;
  /** In-band DTMF, made on the first audio from a far end without telephone-event. */
  private detector: DtmfDetector | null = null;
  /** The clock time the running RTP timestamp stands for (null before the first send). */
  private due: number | null = null;
  private closing: Promise<Readonly<RtpCounters>> | null = null;

  /** Allocate the ports and open the RTP session; rejects with PortRangeExhaustedError when none is free. */
  static async open(options: RtpAudioOptions): Promise<RtpAudio> {
    let audio: RtpAudio | null = null;
    const session = await RtpSession.open({
      ports: options.ports,
      rtcpMux: false,
      clock: options.clock,
      symmetric: options.symmetric,
      onPacket: (packet) => audio?.receive(packet),
    });
    audio = new RtpAudio(session, options);
    return audio;
  }

  private constructor(
    private readonly session: RtpSession,
    private readonly options: RtpAudioOptions,
  ) {
    this.digits = new Rfc4733Sender(options.clock, {
      startTimestamp: () => this.timestampNow(),
      send: (payload, marker, timestamp) => {
        const payloadType = this.remote?.telephoneEvent;
        if (payloadType != null && this.sending()) this.session.send(payload, { payloadType, marker, timestamp });
      },
    });
  }

  get rtpPort(): number {
    return this.session.local.rtpPort;
  }

  get rtcpPort(): number {
    return this.session.local.rtcpPort;
  }

  get counters(): Readonly<RtpCounters> {
    return this.session.counters;
  }

  /**
   * A connection address of 0.0.0.0 (RFC 2543's hold, RFC 3264 §8.4) is inactive (`sdp-media.ts`)
   * and names nowhere: the session sends nothing, RTCP included, and keeps the far end it had for
   * the SDP that takes the call back.
   */
  follow(remote: RemoteAudio, local: Direction): void {
    const payloadTypes = [remote.codec.payloadType, this.ownEvent];
    if (remote.telephoneEvent !== null) payloadTypes.push(remote.telephoneEvent);
    this.session.setRemote({ address: remote.address, port: remote.port, rtcpMux: remote.rtcpMux, rtcpAddress: remote.rtcpAddress, rtcpPort: remote.rtcpPort, payloadTypes });
    this.remote = remote;
    this.local = local;
  }

  play(source: FrameSource): Playback {
    if (this.closing) return endedPlayback();
    const playback = playPcm(source, (frame) => this.send(frame), this.options.clock);
    this.playbacks.add(playback);
    void playback.result.finally(() => this.playbacks.delete(playback)).catch(() => {});
    return playback;
  }

  onReceive(listener: (frame: Int16Array) => void): () => void {
    // A wrapper each time: the same function may listen twice and stop once.
    const wrapped = (frame: Int16Array) => listener(frame);
    this.listeners.add(wrapped);
    return () => void this.listeners.delete(wrapped);
  }

  /** Ignored while the far end takes no telephone-event. */
  sendDigits(digits: string): void {
    if (this.remote?.telephoneEvent != null && !this.closing) this.digits.add(digits);
  }

  close(): Promise<Readonly<RtpCounters>> {
    if (!this.closing) {
      this.digits.clear();
      this.listeners.clear();
      for (const playback of this.playbacks) playback.cancel();
      this.closing = this.session.close().then(() => this.session.counters);
    }
    return this.closing;
  }

  /** Whether the agreed directions let us send now (RFC 3264 §5.1): we send, and the far end receives. */
  private sending(): boolean {
    return !this.closing && this.remote !== null && sends(this.local) && receives(this.remote.direction);
  }

  /** One frame played: sent when the agreed directions let us send, else dropped. */
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
