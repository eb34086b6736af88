/**
 * RTP counters added up: what a provider's calls sent, received and dropped (`rtp-session.ts`'s
 * {@link RtpCounters}), for `stats()`.
 */
import type { RtpCounters } from './rtp-session.js';

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
 * Add `counters` into `total`, field by field.
 *
 * @example
 * ```ts
 * const total = zeroCounters();
 * addCounters(total, { ...zeroCounters(), sent: 50 });
 * total.sent; // 50
 * ```
 */
export function addCounters(total: RtpCounters, counters: Readonly<RtpCounters>): void {
  for (const key of Object.keys(total) as Array<keyof RtpCounters>) total[key] += counters[key];
}
