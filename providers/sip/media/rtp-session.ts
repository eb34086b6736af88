/**
 * One call's media session (RFC 3550): its RTP socket, and its RTCP socket unless RTCP is muxed on
 * the RTP port (RFC 5761), taken from a {@link PortRange}; the frames it sends, numbered and
 * timed as RFC 3550 §5.1 says; the packets it receives, handed to a listener; RTCP reports every
 * five seconds (§6.2) and a BYE when it closes (§6.6).
 *
 * Media arrives from anywhere, so nothing that arrives can throw: what is malformed or unexpected
 * is counted in {@link RtpCounters} and dropped (or, for what may be legitimate, delivered and
 * counted). Packets are taken only from the address and port the far end's SDP gave (RFC 3264 §5:
 * it says where it receives, and sends from there when it is symmetric, RFC 4961 §3); with
 * `symmetric`, the first valid packet from elsewhere moves the far end there once (a far end
 * behind a NAT, whose SDP names its private address). A far end at 0.0.0.0 (or ::) is nowhere
 * (RFC 3264 §8.4, the old hold): nothing is sent, RTP nor RTCP, and nothing taken, until an SDP
 * names an address again.
 *
 * All timing goes through the injected {@link Clock}. The RTCP interval is the five-second
 * minimum of §6.2 (a call has two participants, so the interval that scales with their number is
 * always the minimum), randomised over [0.5, 1.5] of it as §6.3.1 says. For two participants the
 * randomisation matters little; for a process that carries hundreds of calls it is what keeps
 * their reports from going out in one burst every five seconds, which would hold up every call's
 * audio behind it. There is no timer reconsideration (§6.3.6), so no compensation for it either.
 */
import { randomBytes } from 'node:crypto';
import type { RemoteInfo, Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { Clock } from '../../provider.js';
import type { PortRange, RtpPorts } from './port-range.js';
import { ReceiverStatistics } from './receiver-statistics.js';
import { isUnspecifiedAddress } from './unspecified-address.js';
import { isRtcp, ntpFromMs, parseRtcp, type ReportBlock, type RtcpPacket, serialiseRtcp } from './rtcp.js';
import { parseRtp, type RtpPacket, serialiseRtp } from './rtp-packet.js';

/** The RTCP interval: RFC 3550 §6.2's minimum; each one is randomised over [0.5, 1.5] of it (§6.3.1). */
export const RTCP_INTERVAL_MS = 5000;

/** Where the far end receives, from its SDP (`sdpMedia` in `sdp-media.ts` gives all but the payload types). */
export interface RtpRemote {
  /** Its RTP address: an IP address; 0.0.0.0 or :: for nowhere (RFC 3264 §8.4). */
  address: string;
  port: number;
  /** Whether RTCP shares the RTP port (RFC 5761), as agreed. */
  rtcpMux: boolean;
  /** Its RTCP address when not muxed (default `address`). */
  rtcpAddress?: string;
  /** Its RTCP port when not muxed. */
  rtcpPort: number;
  /** The payload types accepted from it: the codec agreed and telephone-event. */
  payloadTypes: readonly number[];
}

/** Options of {@link RtpSession.open}. */
export interface RtpSessionOptions {
  /** Where the ports come from. */
  ports: PortRange;
  /** Bind RTP alone and carry RTCP on it (RFC 5761). */
  rtcpMux: boolean;
  /** The time source for RTCP and arrival times. */
  clock: Clock;
  /** The far end, when already known (an answerer knows it from the offer). */
  remote?: RtpRemote;
  /** The RTP clock, Hz (default 8000, G.711's, RFC 3551 §4.5.14). */
  clockRate?: number;
  /** Our CNAME (RFC 3550 §6.5.1; default a random one at the local address). */
  cname?: string;
  /** Let the first valid packet from another address and port move the far end there (default false). */
  symmetric?: boolean;
  /** A timestamp step larger than this, in samples, is counted in `timestampJumps` (default 10 s of samples). */
  maxTimestampJump?: number;
  /** Every RTP packet taken, in arrival order. */
  onPacket?: (packet: RtpPacket) => void;
  /** The far end's source said BYE (RFC 3550 §6.6). */
  onBye?: (reason: string | null) => void;
  /** Uniform in [0, 1), for the RTCP interval's randomisation (default `Math.random`; tests fix it). */
  random?: () => number;
}

/** What a session has sent and received, and what it dropped or doubted. */
export interface RtpCounters {
  /** RTP packets sent, and their payload octets (as an SR counts them, §6.4.1). */
  sent: number;
  sentOctets: number;
  /** RTP packets taken and handed to the listener. */
  received: number;
  /** Datagrams that are not RTP (nor RTCP, on a muxed port): dropped. */
  malformed: number;
  /** RTP packets of a payload type not agreed: dropped. */
  unknownPayloadType: number;
  /** Datagrams from an address or port other than the far end's (or before it is known, or while it is nowhere): dropped. */
  wrongSource: number;
  /** Times the far end moved, `symmetric` (at most once for RTP and once for RTCP). */
  latched: number;
  /** Times the far end's SSRC changed (its statistics start again): taken. */
  ssrcChanges: number;
  /** RTP timestamps that moved by more than `maxTimestampJump` from the last packet: taken. */
  timestampJumps: number;
  /** Sequence numbers RFC 3550 A.1 does not believe (a jump not yet confirmed): dropped. */
  badSequence: number;
  /** RTCP compound packets sent; RTCP datagrams received, compound or reduced-size (RFC 5506). */
  rtcpSent: number;
  rtcpReceived: number;
  /** RTCP datagrams that are not RTCP (RFC 3550 A.2, without the SR-or-RR-first check RFC 5506 drops): dropped. */
  rtcpMalformed: number;
  /** BYEs from the far end's source. */
  byeReceived: number;
  /** Sends that failed (no route), and socket errors. */
  sendErrors: number;
  socketErrors: number;
}

/** Options of {@link RtpSession.send}. */
export interface SendOptions {
  payloadType: number;
  /** Samples the frame lasts: the timestamp step after it (default 20 ms of the clock, 160 at 8 kHz, RFC 3551 §4.2). */
  samples?: number;
  /** The marker bit (default: set on the first frame of a talkspurt, RFC 3551 §4.1). */
  marker?: boolean;
  /**
   * The packet's timestamp, instead of the running one, which then stays where it is: every packet
   * of an RFC 4733 event carries the event's start (§2.5.1.1), while the audio goes on.
   */
  timestamp?: number;
}

/**
 * One call's RTP session. Open it with {@link RtpSession.open}; close it once, when the call ends.
 *
 * @example
 * ```ts
 * const session = await RtpSession.open({ ports: range, rtcpMux: false, clock: realClock, onPacket: (p) => play(p.payload) });
 * session.local; // { address: '127.0.0.1', rtpPort: 16384, rtcpPort: 16385 }: for our SDP
 * session.setRemote({ address: '10.0.0.1', port: 6000, rtcpMux: false, rtcpPort: 6001, payloadTypes: [0, 101] });
 * session.send(frame, { payloadType: 0 }); // 160 samples of PCMU, timestamp + 160
 * await session.close(); // sends an RTCP BYE, releases the ports
 * ```
 */
export class RtpSession {
  /** Our synchronisation source, random (RFC 3550 §8.1). */
  readonly ssrc: number;
  private stats: ReceiverStatistics;
  private remoteValue: RtpRemote | null = null;
  /** The far end as its SDP last gave it (remoteValue may have latched elsewhere since). */
  private given: RtpRemote | null = null;
  private accepted = new Set<number>();
  /** The far end's last SDP named no address (RFC 3264 §8.4): nothing goes out, nothing is taken. */
  private nowhere = false;
  private latchedRtp = false;
  private latchedRtcp = false;
  private remoteSsrc: number | null = null;
  private lastTimestamp: number | null = null;
  private sequence: number;
  private timestamp: number;
  /** Whether the last frame sent belongs to a talkspurt still going (the next gets no marker). */
  private talking = false;
  /** The timestamp and clock time of the last frame sent, for the SR's RTP timestamp (§6.4.1). */
  private lastSent: { timestamp: number; at: number } | null = null;
  private sentSinceReport = false;
  private timer: unknown = null;
  private closing: Promise<void> | null = null;
  private readonly count: RtpCounters = {
    sent: 0, sentOctets: 0, received: 0, malformed: 0, unknownPayloadType: 0, wrongSource: 0, latched: 0, ssrcChanges: 0,
    timestampJumps: 0, badSequence: 0, rtcpSent: 0, rtcpReceived: 0, rtcpMalformed: 0, byeReceived: 0, sendErrors: 0, socketErrors: 0,
  };
  private readonly clockRate: number;
  private readonly cname: string;
  private readonly maxJump: number;
  /** The far end's last report block about us (its view of our stream), or null. */
  remoteReport: ReportBlock | null = null;

  /** Allocate the ports and start the session (RTCP runs from now; nothing is sent before {@link setRemote}). */
  static async open(options: RtpSessionOptions): Promise<RtpSession> {
    return new RtpSession(await options.ports.allocate({ rtcpMux: options.rtcpMux }), options);
  }

  private constructor(
    private readonly ports: RtpPorts,
    private readonly options: RtpSessionOptions,
  ) {
    // RFC 3550 §5.1: the first sequence number and timestamp are random, against known-plaintext attacks on encryption.
    const random = randomBytes(10);
    this.ssrc = random.readUInt32BE(0);
    this.sequence = random.readUInt16BE(4);
    this.timestamp = random.readUInt32BE(6);
    this.clockRate = options.clockRate ?? 8000;
    this.maxJump = options.maxTimestampJump ?? this.clockRate * 10;
    this.cname = options.cname ?? `${random.readUInt32BE(0).toString(16)}@${ports.address}`;
    this.stats = new ReceiverStatistics(this.clockRate);
    for (const socket of [ports.rtp, ports.rtcp]) socket?.on('error', () => this.count.socketErrors++);
    ports.rtp.on('message', (data, from) => this.onRtpSocket(data, from));
    ports.rtcp?.on('message', (data, from) => this.onRtcp(data, from));
    if (options.remote) this.setRemote(options.remote);
    this.schedule();
  }

  /** Our address and ports, for our SDP. */
  get local(): { address: string; rtpPort: number; rtcpPort: number } {
    return { address: this.ports.address, rtpPort: this.ports.rtpPort, rtcpPort: this.ports.rtcpPort };
  }

  /** The far end, or null before it is known. */
  get remote(): Readonly<RtpRemote> | null {
    return this.remoteValue;
  }

  /** A copy of the counters. */
  get counters(): Readonly<RtpCounters> {
    return { ...this.count };
  }

  /** The timestamp the next frame sent will carry (an RFC 4733 event starting now takes it, §2.5.1.1). */
  get nextTimestamp(): number {
    return this.timestamp;
  }

  /** The far end's SSRC, once a packet of it is taken. */
  get remoteSource(): number | null {
    return this.remoteSsrc;
  }

  /** Set (or change, after a re-INVITE) the far end. Its addresses must be IP addresses and its ports 1-65535 (a RangeError else). */
  setRemote(remote: RtpRemote): void {
    const addresses = [remote.address, remote.rtcpAddress ?? remote.address];
    if (addresses.some((address) => isIP(address) === 0)) throw new RangeError(`the RTP remote addresses must be IP addresses: ${JSON.stringify(addresses)}`);
    if (![remote.port, remote.rtcpPort].every((port) => Number.isInteger(port) && port > 0 && port <= 65535)) {
      throw new RangeError(`the RTP remote ports must be 1-65535: ${remote.port}, ${remote.rtcpPort}`);
    }
    this.accepted = new Set(remote.payloadTypes);
    // RFC 3264 §8.4: "neither RTP nor RTCP should be sent to the peer". The far end as it was, and
    // its latch, are kept: the SDP that takes the call back names its address again.
    this.nowhere = isUnspecifiedAddress(remote.address);
    if (this.nowhere) {
      if (this.remoteValue) this.remoteValue = { ...this.remoteValue, payloadTypes: [...remote.payloadTypes] };
      return;
    }
    // A later SDP that names the same addresses (a hold, an unhold: RFC 3264 §8) keeps what the
    // first packets latched onto; only new addresses start the latch again.
    const given = this.given;
    const same = given !== null && sameTarget(given, remote);
    this.given = { ...remote, payloadTypes: [] };
    const latched = same && this.remoteValue !== null ? this.remoteValue : null;
    this.remoteValue = {
      ...remote,
      ...(latched && this.latchedRtp ? { address: latched.address, port: latched.port } : {}),
      ...(latched && this.latchedRtcp ? { rtcpAddress: latched.rtcpAddress, rtcpPort: latched.rtcpPort } : {}),
      payloadTypes: [...remote.payloadTypes],
    };
    if (!same) {
      this.latchedRtp = false;
      this.latchedRtcp = false;
    }
  }

  /**
   * Send one frame. Returns false, sending nothing, when the session is closed, or the far end not
   * known yet or nowhere. The timestamp then moves on by the frame's samples; the sequence number by one.
   */
  send(payload: Uint8Array, options: SendOptions): boolean {
    const remote = this.remoteValue;
    if (this.closing || !remote || this.nowhere) return false;
    const fixed = options.timestamp !== undefined;
    const packet = serialiseRtp({
      marker: options.marker ?? !this.talking,
      payloadType: options.payloadType,
      sequence: this.sequence,
      timestamp: fixed ? options.timestamp! >>> 0 : this.timestamp,
      ssrc: this.ssrc,
      csrcs: [],
      extension: null,
      payload,
      padding: 0,
    });
    // The far end is an IP address (setRemote checks it): no lookup, and no callback per packet,
    // which would cost a tick each; a send that fails is the socket's 'error', counted there.
    try {
      this.ports.rtp.send(packet, remote.port, remote.address);
    } catch {
      this.count.sendErrors++;
    }
    this.count.sent++;
    this.count.sentOctets += payload.length;
    this.sentSinceReport = true;
    this.sequence = (this.sequence + 1) & 0xffff;
    if (fixed) return true;
    // Kept in place, not a new object per packet (the next SR's RTP timestamp is read from it).
    if (this.lastSent) {
      this.lastSent.timestamp = this.timestamp;
      this.lastSent.at = this.options.clock.now();
    } else this.lastSent = { timestamp: this.timestamp, at: this.options.clock.now() };
    this.talking = true;
    this.timestamp = (this.timestamp + (options.samples ?? this.clockRate / 50)) >>> 0;
    return true;
  }

  /**
   * `samples` of silence not sent (RFC 3551 §4.1, silence suppression): the timestamp moves on as
   * if they were, and the next frame starts a talkspurt, marked.
   */
  pause(samples: number): void {
    this.timestamp = (this.timestamp + samples) >>> 0;
    this.talking = false;
  }

  /**
   * Stop: a last RTCP report with a BYE (RFC 3550 §6.6) if the far end is known, then the sockets
   * closed and the ports released. Idempotent; every call returns the same promise.
   */
  close(reason: string | null = null): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
      this.timer = null;
      const sent = this.sendRtcp([{ type: 'BYE', ssrcs: [this.ssrc], reason }], resolve);
      if (!sent) resolve();
    }).then(() => this.ports.close());
    return this.closing;
  }

  /** Datagrams on the RTP port: RTP, or RTCP where it is muxed (RFC 5761 §4 tells them apart). */
  private onRtpSocket(data: Buffer, from: RemoteInfo): void {
    if (this.closing) return;
    const remote = this.remoteValue;
    // Not muxed, RTCP has no business here: it is read as RTP, and dropped as such.
    if ((this.ports.rtcp === null || remote?.rtcpMux) && isRtcp(data)) return this.onRtcp(data, from);
    const source = this.source(from, remote, this.latchedRtp);
    if (!remote || !source) return;
    const packet = parseRtp(data);
    if (!packet) {
      this.count.malformed++;
      return;
    }
    if (!this.accepted.has(packet.payloadType)) {
      this.count.unknownPayloadType++;
      return;
    }
    if (source === 'elsewhere') {
      this.remoteValue = { ...remote, address: from.address, port: from.port };
      this.count.latched++;
    }
    this.latchedRtp = true;
    this.take(packet);
  }

  /**
   * Whether a datagram may be read: it comes from where the far end said (`expected`), or from
   * `elsewhere` while `symmetric` may still move the far end there (`latched`: not any more). Null,
   * counted, for a stranger, and for anyone before the far end is known.
   */
  private source(from: RemoteInfo, expected: { address: string; port: number } | null, latched: boolean): 'expected' | 'elsewhere' | null {
    if (this.nowhere) expected = null;
    if (expected && from.address === expected.address && from.port === expected.port) return 'expected';
    if (expected && this.options.symmetric && !latched) return 'elsewhere';
    this.count.wrongSource++;
    return null;
  }

  /** A valid RTP packet of an agreed payload type, from the far end. */
  private take(packet: RtpPacket): void {
    if (this.remoteSsrc !== packet.ssrc) {
      // A new source (the far end restarted its stream, or a B2BUA switched it): count afresh.
      if (this.remoteSsrc !== null) {
        this.count.ssrcChanges++;
        this.stats = new ReceiverStatistics(this.clockRate);
      }
      this.remoteSsrc = packet.ssrc;
      this.lastTimestamp = null;
    }
    if (!this.stats.receive(packet.sequence, packet.timestamp, this.options.clock.now())) {
      this.count.badSequence++;
      return;
    }
    if (this.lastTimestamp !== null && Math.abs((packet.timestamp - this.lastTimestamp) | 0) > this.maxJump) this.count.timestampJumps++;
    this.lastTimestamp = packet.timestamp;
    this.count.received++;
    this.options.onPacket?.(packet);
  }

  /** An RTCP datagram, on the RTCP port or muxed; reduced-size (a lone BYE, a lone PLI) is RTCP too (RFC 5506). */
  private onRtcp(data: Buffer, from: RemoteInfo): void {
    if (this.closing) return;
    const remote = this.remoteValue;
    const source = this.source(from, remote && this.rtcpDestination(remote), this.latchedRtcp);
    if (!remote || !source) return;
    const packets = parseRtcp(data);
    if (!packets) {
      this.count.rtcpMalformed++;
      return;
    }
    if (source === 'elsewhere') {
      this.remoteValue = { ...remote, rtcpAddress: from.address, rtcpPort: from.port };
      this.count.latched++;
    }
    this.latchedRtcp = true;
    this.count.rtcpReceived++;
    for (const packet of packets) this.readRtcp(packet);
  }

  /** One packet of a datagram; types not read here (APP, feedback, XR) are passed over, not counted. */
  private readRtcp(packet: RtcpPacket): void {
    const now = this.options.clock.now();
    if (packet.type === 'SR' || packet.type === 'RR') {
      if (packet.type === 'SR' && packet.ssrc === this.remoteSsrc) this.stats.senderReport(packet.ntp, now);
      this.remoteReport = packet.reports.find((block) => block.ssrc === this.ssrc) ?? this.remoteReport;
    } else if (packet.type === 'BYE' && this.remoteSsrc !== null && packet.ssrcs.includes(this.remoteSsrc)) {
      this.count.byeReceived++;
      this.options.onBye?.(packet.reason);
    }
  }

  /** Where the far end's RTCP goes: its RTP port when muxed, else its RTCP address and port. */
  private rtcpDestination(remote: RtpRemote): { address: string; port: number } {
    return remote.rtcpMux ? { address: remote.address, port: remote.port } : { address: remote.rtcpAddress ?? remote.address, port: remote.rtcpPort };
  }

  /** The next RTCP report, `RTCP_INTERVAL_MS` × [0.5, 1.5) from now (§6.3.1). */
  private schedule(): void {
    const random = this.options.random ?? Math.random;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      if (this.closing) return;
      this.sendRtcp([]);
      this.schedule();
    }, RTCP_INTERVAL_MS * (0.5 + random()));
  }

  /**
   * Send a compound RTCP packet (§6.1): an SR if we sent since the last report (a simplification of
   * §6.4's "since the second previous report"), else an RR, with a report block on the far end's
   * source once heard; our CNAME; then `extra`. False when the far end is not known yet, or nowhere.
   */
  private sendRtcp(extra: RtcpPacket[], sent?: () => void): boolean {
    const remote = this.remoteValue;
    if (!remote || this.nowhere) return false;
    const to = this.rtcpDestination(remote);
    // An a=rtcp naming 0.0.0.0 (RFC 3605 §2.1, read with RFC 3264 §8.4): RTP goes, RTCP not.
    if (isUnspecifiedAddress(to.address)) return false;
    const now = this.options.clock.now();
    const reports = this.remoteSsrc !== null && this.stats.packets > 0 ? [this.stats.report(this.remoteSsrc, now)] : [];
    const report: RtcpPacket =
      this.sentSinceReport && this.lastSent
        ? {
            type: 'SR',
            ssrc: this.ssrc,
            ntp: ntpFromMs(now),
            // §6.4.1: the RTP timestamp of the same instant as the NTP one, extrapolated from the last frame.
            rtpTimestamp: (this.lastSent.timestamp + Math.round(((now - this.lastSent.at) * this.clockRate) / 1000)) >>> 0,
            packetCount: this.count.sent,
            octetCount: this.count.sentOctets,
            reports,
          }
        : { type: 'RR', ssrc: this.ssrc, reports };
    this.sentSinceReport = false;
    const bytes = serialiseRtcp([report, { type: 'SDES', chunks: [{ ssrc: this.ssrc, cname: this.cname }] }, ...extra]);
    // Muxed RTCP goes from the RTP port, where the far end expects it (RFC 5761 §4).
    const socket: Socket = remote.rtcpMux ? this.ports.rtp : (this.ports.rtcp ?? this.ports.rtp);
    socket.send(bytes, to.port, to.address, (error) => {
      if (error) this.count.sendErrors++;
      sent?.();
    });
    this.count.rtcpSent++;
    return true;
  }
}

/** Whether two descriptions of the far end name the same RTP and RTCP addresses and ports. */
function sameTarget(a: RtpRemote, b: RtpRemote): boolean {
  return a.address === b.address && a.port === b.port && a.rtcpMux === b.rtcpMux && (a.rtcpAddress ?? a.address) === (b.rtcpAddress ?? b.address) && a.rtcpPort === b.rtcpPort;
}
