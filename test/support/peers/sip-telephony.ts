/**
 * A telephony over a real SIP provider on loopback, for the peer tests: T1 shrunk to 50 ms so
 * the RFC's timers run ten times faster (except where a test needs the RFC's own), every
 * message traced with its time, and a check that nothing is left once it has shut down.
 */
import { sipProvider, type SipLineOptions, type SipProvider, type SipProviderOptions, type TraceEntry } from '../../../providers/sip/index.js';
import type { Clock } from '../../../providers/provider.js';
import { createTelephony, type Telephony } from '../../../src/phone/telephony.js';

/** Fast timers for peer tests: T1 50 ms, T2 400 ms, T4 500 ms (the RFC's ratios). */
export const FAST_TIMERS = { t1: 50, t2: 400, t4: 500 };

/** A traced message: its time (ms since the provider was made) and text. */
export interface Traced extends TraceEntry {
  at: number;
}

export interface SipTelephony {
  sip: SipProvider;
  telephony: Telephony;
  trace: Traced[];
  /** The requests sent with this method, in order. */
  sent(method: string): Traced[];
  /** Shut down; resolves with what the provider still held (all zero when nothing leaked). */
  shutdown(): Promise<ReturnType<SipProvider['stats']>['live']>;
}

/**
 * A telephony with one SIP provider (line 0 = `lines[0]`, default `sip:alice@127.0.0.1`);
 * `clock` is the provider's, `telephonyClock` the core's and the calls'.
 */
export function sipTelephony(options: Partial<SipProviderOptions> & { lines?: SipLineOptions[]; telephonyClock?: Clock } = {}): SipTelephony {
  const trace: Traced[] = [];
  const start = Date.now();
  const { telephonyClock, ...providerOptions } = options;
  const sip = sipProvider({
    timers: FAST_TIMERS,
    lines: [{ aor: 'sip:alice@127.0.0.1' }],
    trace: (entry) => trace.push({ ...entry, at: Date.now() - start }),
    ...providerOptions,
  });
  const telephony = createTelephony({ providers: [sip], clock: telephonyClock });
  return {
    sip,
    telephony,
    trace,
    sent: (method) => trace.filter((t) => t.direction === 'out' && t.text.startsWith(`${method} `)),
    async shutdown() {
      await telephony.shutdown();
      return sip.stats().live;
    },
  };
}

/** What `shutdown()` resolves with when nothing leaked. */
export const NOTHING_LEFT = { calls: 0, clientTransactions: 0, serverTransactions: 0, dialogs: 0, socket: false };
