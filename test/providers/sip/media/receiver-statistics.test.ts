/**
 * Reception statistics (RFC 3550 Appendices A.1, A.3, A.8): the extended highest sequence across
 * a wrap, cumulative and fractional loss per interval, duplicates, a restarted source, the
 * interarrival jitter, and LSR/DLSR; random arrivals always give fields that fit a report block.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReceiverStatistics } from '../../../../providers/sip/media/receiver-statistics.js';

/** Packets `from`…`to` (sequence numbers, wrapping), 20 ms and 160 samples apart, on time. */
function stream(stats: ReceiverStatistics, from: number, count: number, skip: (i: number) => boolean = () => false): void {
  for (let i = 0; i < count; i++) if (!skip(i)) stats.receive((from + i) & 0xffff, 1000 + i * 160, i * 20);
}

describe('receiver-statistics', () => {
  it('a stream without loss: nothing lost, the highest sequence is the last', () => {
    const stats = new ReceiverStatistics(8000);
    stream(stats, 500, 50);
    expect(stats.report(1, 1000)).toEqual({
      ssrc: 1, fractionLost: 0, cumulativeLost: 0, highestSequence: 549, jitter: 0, lastSr: 0, delaySinceLastSr: 0,
    });
  });

  it('the fraction lost counts the interval since the last report; the cumulative loss all of it (A.3)', () => {
    const stats = new ReceiverStatistics(8000);
    stream(stats, 0, 100, (i) => i % 4 === 1); // a quarter lost
    expect(stats.report(1, 2000)).toMatchObject({ fractionLost: 64, cumulativeLost: 25 - 1 + 1 - 0, highestSequence: 99 });
    stream(stats, 100, 100); // none lost
    expect(stats.report(1, 4000)).toMatchObject({ fractionLost: 0, cumulativeLost: 25, highestSequence: 199 });
  });

  it('the extended highest sequence counts wraps in its upper 16 bits (A.1)', () => {
    const stats = new ReceiverStatistics(8000);
    stream(stats, 0xfff0, 40);
    expect(stats.highestSequence).toBe(0x1_0000 + 0x17);
    expect(stats.cumulativeLost).toBe(0);
  });

  it('duplicates make the cumulative loss negative and the fraction zero (A.3)', () => {
    const stats = new ReceiverStatistics(8000);
    stream(stats, 10, 10);
    stream(stats, 15, 5); // five again
    expect(stats.report(1, 1000)).toMatchObject({ fractionLost: 0, cumulativeLost: -5 });
  });

  it('a packet out of order within 100 is counted and moves nothing (A.1)', () => {
    const stats = new ReceiverStatistics(8000);
    expect(stats.receive(10, 0, 0)).toBe(true);
    expect(stats.receive(12, 320, 40)).toBe(true);
    expect(stats.receive(11, 160, 41)).toBe(true);
    expect(stats.highestSequence).toBe(12);
    expect(stats.cumulativeLost).toBe(0);
  });

  it('a jump of more than 3000 is dropped until the next packet confirms it; then counting restarts (A.1)', () => {
    const stats = new ReceiverStatistics(8000);
    stream(stats, 100, 10);
    expect(stats.receive(40_000, 0, 500)).toBe(false);
    expect(stats.receive(20_000, 0, 520)).toBe(false); // another jump, not the one expected
    expect(stats.receive(20_001, 160, 540)).toBe(true); // confirms 20,000's jump
    expect(stats.highestSequence).toBe(20_001);
    expect(stats.packets).toBe(1);
    expect(stats.cumulativeLost).toBe(0);
  });

  it('jitter: zero on time; near the delay swing when arrivals alternate (A.8)', () => {
    const stats = new ReceiverStatistics(8000);
    // Every other packet 10 ms late: each transit differs from the last by 80 samples.
    for (let i = 0; i < 400; i++) stats.receive(i, i * 160, i * 20 + (i % 2) * 10);
    expect(stats.jitter).toBeGreaterThanOrEqual(79);
    expect(stats.jitter).toBeLessThanOrEqual(80);
  });

  it('jitter: a timestamp that wraps past 2^32 is no jump', () => {
    const stats = new ReceiverStatistics(8000);
    for (let i = 0; i < 50; i++) stats.receive(i, (0xffff_fc00 + i * 160) >>> 0, i * 20);
    expect(stats.jitter).toBe(0);
  });

  it('LSR and DLSR: the last SR, and the time since, in 1/65536 s (§6.4.1)', () => {
    const stats = new ReceiverStatistics(8000);
    stream(stats, 0, 5);
    stats.senderReport({ seconds: 0x0001_2345, fraction: 0x6789_0000 }, 1000);
    expect(stats.report(7, 1500)).toMatchObject({ lastSr: 0x2345_6789, delaySinceLastSr: 0x8000 });
  });

  it('random arrivals always give report fields that fit their bits', () => {
    const arrival = fc.record({ sequence: fc.integer({ min: 0, max: 0xffff }), timestamp: fc.integer({ min: 0, max: 0xffffffff }), delay: fc.nat(1000) });
    fc.assert(fc.property(fc.array(arrival, { maxLength: 200 }), (arrivals) => {
      const stats = new ReceiverStatistics(8000);
      let now = 0;
      for (const a of arrivals) stats.receive(a.sequence, a.timestamp, (now += a.delay));
      const block = stats.report(1, now);
      expect(block.fractionLost).toBeGreaterThanOrEqual(0);
      expect(block.fractionLost).toBeLessThanOrEqual(255);
      expect(block.cumulativeLost).toBeGreaterThanOrEqual(-0x800000);
      expect(block.cumulativeLost).toBeLessThanOrEqual(0x7fffff);
      for (const field of [block.highestSequence, block.jitter, block.lastSr, block.delaySinceLastSr]) {
        expect(Number.isInteger(field) && field >= 0 && field <= 0xffffffff).toBe(true);
      }
    }));
  });
});
