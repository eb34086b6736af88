/**
 * The SIP provider's media: the port range its calls' RTP sessions take their ports from, the
 * media legs alive (`call-media.ts`), what they counted (the hostile input of RFC 3550 A.1 and of
 * strangers, for `stats()`), and their closing at shutdown (contract rule 6: no socket left).
 */
import type { Clock } from '../../provider.js';
import { ProviderError } from '../../provider.js';
import { CallMediaLeg } from './call-media.js';
import { PortRange } from './port-range.js';
import type { RtpCounters } from './rtp-session.js';

/** How digits are sent on a call: RFC 4733 events when the far end takes them, else INFO; or INFO always. */
export type DtmfMode = 'rfc4733' | 'info';

/** Options of a {@link MediaPool}. */
export interface MediaPoolOptions {
  /** The local address the RTP sockets bind to. */
  address: string;
  /** The port range (default 16384-32767). */
  ports?: { min: number; max: number };
  /** Latch onto the far end's real address (RtpSession's `symmetric`; default false). */
  symmetric?: boolean;
  /** How digits are sent (default rfc4733, with INFO when the far end has no telephone-event). */
  dtmf?: DtmfMode;
}

/**
 * RTP counters all zero: what a provider without media reports.
 *
 * @example
 * ```ts
 * zeroCounters().malformed; // 0
 * ```
 */
export function zeroCounters(): RtpCounters {
  return {
    sent: 0, sentOctets: 0, received: 0, malformed: 0, unknownPayloadType: 0, wrongSource: 0, latched: 0, ssrcChanges: 0,
    timestampJumps: 0, badSequence: 0, rtcpSent: 0, rtcpReceived: 0, rtcpMalformed: 0, byeReceived: 0, sendErrors: 0, socketErrors: 0,
  };
}

/**
 * The provider's media legs.
 *
 * @example
 * ```ts
 * const pool = new MediaPool({ address: '127.0.0.1', ports: { min: 25000, max: 25999 } });
 * const leg = await pool.open({ clock, address: '127.0.0.1', onDigit: (d) => console.log(d) });
 * pool.sessions; // 1
 * await pool.close(); // every leg closed, every port released
 * ```
 */
export class MediaPool {
  readonly dtmf: DtmfMode;
  private readonly range: PortRange;
  private readonly live = new Set<CallMediaLeg>();
  /** Opens under way: shutdown waits for them (a call disposed meanwhile closes its leg as it comes). */
  private readonly opening = new Set<Promise<unknown>>();
  /** What the closed legs counted. */
  private readonly closedCounts = zeroCounters();
  private closed = false;

  constructor(private readonly options: MediaPoolOptions) {
    this.range = new PortRange({ address: options.address, min: options.ports?.min, max: options.ports?.max });
    this.dtmf = options.dtmf ?? 'rfc4733';
  }

  /** Media legs alive now. */
  get sessions(): number {
    return this.live.size;
  }

  /** Every leg's counters, closed or alive, added up. */
  get counters(): RtpCounters {
    const total = { ...this.closedCounts };
    for (const leg of this.live) add(total, leg.counters);
    return total;
  }

  /** A new leg on ports of the range; rejects with RESOURCEUNAVAIL when none is free or the provider is shut down. */
  open(leg: { clock: Clock; address: string; onDigit(digit: string, via: 'rfc4733' | 'inband'): void }): Promise<CallMediaLeg> {
    if (this.closed) return Promise.reject(new ProviderError('RESOURCEUNAVAIL', 'the SIP provider is shut down'));
    const opening = CallMediaLeg.open({
      ...leg,
      ports: this.range,
      symmetric: this.options.symmetric,
      onClose: (closed) => {
        add(this.closedCounts, closed.counters);
        this.live.delete(closed);
      },
    }).then((opened) => {
      this.live.add(opened);
      if (this.closed) void opened.close();
      return opened;
    });
    this.opening.add(opening);
    const forget = () => void this.opening.delete(opening);
    opening.then(forget, forget);
    return opening;
  }

  /** Shutdown: wait for the opens under way, close every leg. Resolves once every socket is closed. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.opening]);
    await Promise.all([...this.live].map((leg) => leg.close()));
  }
}

function add(total: RtpCounters, counters: Readonly<RtpCounters>): void {
  for (const key of Object.keys(total) as Array<keyof RtpCounters>) total[key] += counters[key];
}
