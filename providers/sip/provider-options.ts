/**
 * The provider's own options, checked once, when the provider is made: a bad value fails at
 * once with a RangeError that names it, instead of later as a retransmission storm (T1 of 0), a
 * REGISTER flood (a retry of 0, or a delay beyond what a timer holds) or a call that never times
 * out (NaN), or an RTP port range that holds no pair of ports. The lines' options are checked by
 * `account.ts`.
 */
import { DEFAULT_RETRY_MAX_MS } from './backoff.js';
import type { DtmfMode } from './media/media-pool.js';
import { DEFAULT_RTP_PORTS } from './media/port-range.js';
import { checkTimers, rfcTimers, type SipTimers } from './timers.js';

/** What {@link checkProviderOptions} reads. */
export interface ProviderTimingOptions {
  timers?: Partial<SipTimers>;
  registrationRetry?: number;
  registrationRetryMax?: number;
  localPort?: number;
  recvBufferSize?: number;
  media?: false | SipMediaOptions;
  dtmf?: DtmfMode;
}

/** The provider's `media` option: real audio on each call (RTP, RFC 3550), and where its ports come from. */
export interface SipMediaOptions {
  /** The UDP ports the calls' RTP and RTCP take (default 16384-32767); two a call. */
  ports?: { min: number; max: number };
  /**
   * Send RTP to where the far end's RTP comes from once it comes from elsewhere than its SDP says
   * (symmetric RTP, RFC 4961; a far end behind a NAT). Default false: only the SDP's address is heard.
   */
  symmetric?: boolean;
  /**
   * Media threads (worker threads) to carry the calls' RTP, each on an equal share of `ports`
   * (default 0: the provider's own thread). A call's audio is 50 packets a second each way; with
   * hundreds of calls, a thread per core keeps their frames on time whatever the call control is
   * doing. Media threads keep the real clock, whatever `clock` the provider was given.
   */
  threads?: number;
}

/** The checked values, defaults filled in. */
export interface CheckedOptions {
  timers: SipTimers;
  retry: { baseMs: number; maxMs: number };
  localPort: number;
  recvBufferSize: number;
  /** The media options, or null for none (`media: false`). */
  media: { ports: { min: number; max: number }; symmetric: boolean; threads: number } | null;
  dtmf: DtmfMode;
}

/** The default receive buffer: 4 MiB (the kernel may cap it at `net.core.rmem_max`). */
export const DEFAULT_RECV_BUFFER = 4 * 1024 * 1024;

/** A day: the longest sensible wait between two registration attempts. */
const DAY_MS = 86_400_000;

function inRange(name: string, value: number, min: number, max: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be ${integer ? 'a whole number ' : ''}from ${min} to ${max}, not ${String(value)}`);
  }
  return value;
}

/**
 * Check the provider's options; throws a RangeError naming the first bad one.
 *
 * @example
 * ```ts
 * checkProviderOptions({ timers: { t1: 50 } }).timers; // { t1: 50, t2: 4000, t4: 5000 }
 * checkProviderOptions({ registrationRetry: 0 }); // RangeError: registrationRetry must be from 1000 to 86400000, not 0
 * ```
 */
export function checkProviderOptions(options: ProviderTimingOptions): CheckedOptions {
  const given = { ...rfcTimers, ...options.timers };
  // Each base timer: 1 ms to 10 min, so that 64·T1 (Timers B, F, H, J, M) stays well inside
  // what a timer can hold (RFC 3261 Table 4 derives them all from T1, T2, T4).
  for (const name of ['t1', 't2', 't4'] as const) inRange(`timers.${name}`, given[name], 1, 600_000);
  const timers = checkTimers(given);
  const baseMs = inRange('registrationRetry', options.registrationRetry ?? 30_000, 1000, DAY_MS);
  const maxMs = inRange('registrationRetryMax', options.registrationRetryMax ?? Math.max(baseMs, DEFAULT_RETRY_MAX_MS), baseMs, DAY_MS);
  const localPort = inRange('localPort', options.localPort ?? 0, 0, 65_535, true);
  const recvBufferSize = inRange('recvBufferSize', options.recvBufferSize ?? DEFAULT_RECV_BUFFER, 1, 2 ** 31 - 1, true);
  return { timers, retry: { baseMs, maxMs }, localPort, recvBufferSize, media: checkMedia(options.media), dtmf: checkDtmf(options.dtmf) };
}

/** The media option: ports 1024-65535 (RTP's even port and RTCP's odd one above it fit), min below max. */
function checkMedia(media: false | SipMediaOptions | undefined): CheckedOptions['media'] {
  if (media === false) return null;
  const min = inRange('media.ports.min', media?.ports?.min ?? DEFAULT_RTP_PORTS.min, 1024, 65_534, true);
  const max = inRange('media.ports.max', media?.ports?.max ?? DEFAULT_RTP_PORTS.max, min + 1, 65_535, true);
  // Every thread needs at least one RTP and RTCP pair of its own.
  const threads = inRange('media.threads', media?.threads ?? 0, 0, Math.min(64, Math.floor((max - min + 1) / 4)), true);
  return { ports: { min, max }, symmetric: media?.symmetric === true, threads };
}

function checkDtmf(dtmf: DtmfMode | undefined): DtmfMode {
  if (dtmf === undefined || dtmf === 'rfc4733' || dtmf === 'info') return dtmf ?? 'rfc4733';
  throw new RangeError(`dtmf must be 'rfc4733' or 'info', not ${JSON.stringify(dtmf)}`);
}
