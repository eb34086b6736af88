/**
 * The SIP provider's media: where its calls' RTP runs (this thread, or media threads of their own,
 * `threaded-audio.ts`) and the port range their sessions take their ports from, the media legs
 * alive (`call-media.ts`), what they counted (the hostile input of RFC 3550 A.1 and of strangers,
 * for `stats()`), and their closing at shutdown (contract rule 6: no socket left).
 */
import type { Clock } from '../../provider.js';
import { ProviderError } from '../../provider.js';
import { CallMediaLeg } from './call-media.js';
import type { AudioHost, DigitListener } from './leg-audio.js';
import { PortRange } from './port-range.js';
import { addCounters, zeroCounters } from './rtp-counters.js';
import { inThisThread } from './rtp-audio.js';
import type { RtpCounters } from './rtp-session.js';
import { MediaThreads } from './threaded-audio.js';

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
  /**
   * Media threads to run the calls' RTP on (default 0: the provider's own thread, on its clock).
   * Each takes an equal share of the port range, and keeps the real clock.
   */
  threads?: number;
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
  private readonly host: AudioHost;
  private readonly live = new Set<CallMediaLeg>();
  /** Opens under way: shutdown waits for them (a call disposed meanwhile closes its leg as it comes). */
  private readonly opening = new Set<Promise<unknown>>();
  /** What the closed legs counted. */
  private readonly closedCounts = zeroCounters();
  private closed = false;

  constructor(private readonly options: MediaPoolOptions) {
    this.dtmf = options.dtmf ?? 'rfc4733';
    // Checked here, whichever thread binds the ports.
    const ports = new PortRange({ address: options.address, min: options.ports?.min, max: options.ports?.max });
    this.host = options.threads
      ? new MediaThreads({ threads: options.threads, address: options.address, ports: { min: ports.min, max: ports.max } })
      : inThisThread(ports);
  }

  /** Media legs alive now. */
  get sessions(): number {
    return this.live.size;
  }

  /** Every leg's counters, closed or alive, added up (a media thread's as of its last report). */
  get counters(): RtpCounters {
    const total = { ...this.closedCounts };
    for (const leg of this.live) addCounters(total, leg.counters);
    return total;
  }

  /** A new leg on ports of the range; rejects with RESOURCEUNAVAIL when none is free or the provider is shut down. */
  open(leg: { clock: Clock; address: string; onDigit: DigitListener }): Promise<CallMediaLeg> {
    if (this.closed) return Promise.reject(new ProviderError('RESOURCEUNAVAIL', 'the SIP provider is shut down'));
    const opening = this.host.open({ clock: leg.clock, symmetric: this.options.symmetric, onDigit: leg.onDigit }).then((audio) => {
      const opened = new CallMediaLeg(audio, leg.address, (counters) => {
        addCounters(this.closedCounts, counters);
        this.live.delete(opened);
      });
      this.live.add(opened);
      if (this.closed) void opened.close();
      return opened;
    });
    this.opening.add(opening);
    const forget = () => void this.opening.delete(opening);
    opening.then(forget, forget);
    return opening;
  }

  /** Shutdown: wait for the opens under way, close every leg, end the media threads. Resolves once every socket is closed. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.opening]);
    const closing = [...this.live].map((leg) => leg.close());
    // Media threads end once their legs are closed, or after a grace if one does not answer.
    await this.host.close();
    await Promise.all(closing);
  }
}
