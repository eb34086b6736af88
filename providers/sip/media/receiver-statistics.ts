/**
 * What a receiver counts of one RTP source, for the report block it sends back (RFC 3550 §6.4.1):
 * the sequence bookkeeping of Appendix A.1, the losses of Appendix A.3 (extended highest sequence,
 * cumulative lost, fraction lost since the last report), the interarrival jitter of Appendix A.8,
 * and the LSR and DLSR that let the sender measure the round trip (§6.4.1).
 *
 * A.1's probation (a new source counts only after two packets in sequence) is left out: the RTP
 * session already takes one source, the one the SDP negotiated, so there is no crowd of sources
 * to guard against, and its first packet counts.
 */
import { clampLost, type NtpTimestamp, ntpMiddle, type ReportBlock } from './rtcp.js';

/** A.1: a jump ahead of more than this many sequence numbers is not believed until confirmed. */
const MAX_DROPOUT = 3000;
/** A.1: a packet this far behind is a late one (or a restart) rather than a wrap. */
const MAX_MISORDER = 100;
const SEQ_MOD = 0x10000;

/**
 * The reception statistics of one source.
 *
 * @example
 * ```ts
 * const stats = new ReceiverStatistics(8000);
 * stats.receive(100, 16000, 0);
 * stats.receive(102, 16320, 40); // 101 lost
 * stats.report(0x1234, 40).fractionLost; // 85: one of three, in 1/256
 * ```
 */
export class ReceiverStatistics {
  private baseSeq = 0;
  private maxSeq = 0;
  /** Sequence-number wraps, times 65536 (A.1's `cycles`). */
  private cycles = 0;
  /** A.1: the sequence number that would confirm a big jump, or -1. */
  private badSeq = -1;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private started = false;
  private transit: number | null = null;
  private jitterValue = 0;
  private lastSr: { middle: number; at: number } | null = null;

  /** `clockRate`: the RTP clock of the stream, in Hz (8000 for G.711, RFC 3551 §4.5.14). */
  constructor(private readonly clockRate: number) {}

  /**
   * Takes one packet: its sequence number, RTP timestamp, and arrival time in ms. Returns false
   * when A.1 does not believe it (a jump of more than 3000 ahead, or more than 100 behind, not yet
   * confirmed by the next packet in sequence): the caller drops it, and its counts are not taken.
   */
  receive(sequence: number, timestamp: number, arrivalMs: number): boolean {
    const seq = sequence & 0xffff;
    if (!this.started) {
      this.started = true;
      this.restart(seq);
    } else {
      const delta = (seq - this.maxSeq + SEQ_MOD) % SEQ_MOD;
      if (delta < MAX_DROPOUT) {
        // In order, with a permissible gap; a smaller number than the last means a wrap.
        if (seq < this.maxSeq) this.cycles += SEQ_MOD;
        this.maxSeq = seq;
      } else if (delta <= SEQ_MOD - MAX_MISORDER) {
        // A very large jump: believe it only if the next packet follows it (the source restarted).
        if (seq !== this.badSeq) {
          this.badSeq = (seq + 1) & 0xffff;
          return false;
        }
        this.restart(seq);
      }
      // Otherwise a duplicate or a packet out of order, within MAX_MISORDER: counted, nothing moves.
    }
    this.received++;
    this.updateJitter(timestamp, arrivalMs);
    return true;
  }

  /** A.1's init_seq: count afresh from `seq`. */
  private restart(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = -1;
    this.cycles = 0;
    this.received = 0;
    this.expectedPrior = 0;
    this.receivedPrior = 0;
    this.transit = null;
  }

  /**
   * A.8: the relative transit time's change between two packets, smoothed with gain 1/16. Both
   * times are in timestamp units and taken modulo 2^32, so a timestamp that wraps does not show as
   * a jump.
   */
  private updateJitter(timestamp: number, arrivalMs: number): void {
    const arrival = Math.floor((arrivalMs * this.clockRate) / 1000);
    const transit = (arrival - timestamp) >>> 0;
    if (this.transit !== null) {
      const d = Math.abs((transit - this.transit) | 0);
      this.jitterValue += (d - this.jitterValue) / 16;
    }
    this.transit = transit;
  }

  /** The extended highest sequence number received (A.1: cycles above the 16-bit number). */
  get highestSequence(): number {
    return (this.cycles + this.maxSeq) >>> 0;
  }

  /** Packets expected minus packets received since the first (A.3), before the 24-bit clamp. */
  get cumulativeLost(): number {
    return this.expected() - this.received;
  }

  /** The interarrival jitter in timestamp units (A.8), as a report carries it. */
  get jitter(): number {
    return Math.floor(this.jitterValue);
  }

  /** Packets believed so far. */
  get packets(): number {
    return this.received;
  }

  /** Notes a Sender Report from this source, received at `arrivalMs`, for the LSR and DLSR fields. */
  senderReport(ntp: NtpTimestamp, arrivalMs: number): void {
    this.lastSr = { middle: ntpMiddle(ntp), at: arrivalMs };
  }

  /**
   * The report block for this source at `nowMs`, and the start of the next interval (A.3: the
   * fraction lost counts from the last report).
   */
  report(ssrc: number, nowMs: number): ReportBlock {
    const expected = this.expected();
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    // A.3: duplicates can make the interval's loss negative; then none is reported.
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    return {
      ssrc,
      fractionLost: Math.min(fractionLost, 255),
      cumulativeLost: clampLost(this.cumulativeLost),
      highestSequence: this.highestSequence,
      jitter: this.jitter,
      lastSr: this.lastSr?.middle ?? 0,
      // §6.4.1: DLSR in units of 1/65536 s.
      delaySinceLastSr: this.lastSr ? Math.max(0, Math.floor(((nowMs - this.lastSr.at) * 65536) / 1000)) >>> 0 : 0,
    };
  }

  /** A.3: the packets expected, from the first sequence number to the extended highest. */
  private expected(): number {
    return this.started ? this.cycles + this.maxSeq - this.baseSeq + 1 : 0;
  }
}
