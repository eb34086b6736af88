/**
 * Gaps between packets, noted by the media benchmarks (`media-streams.ts`, `media-echo.ts`) in one
 * array allocated up front: a growing JS array would be copied, and collected, inside the very
 * process whose timing it measures (a 500-stream run notes 25,000 gaps a second).
 */
export class GapLog {
  private readonly values: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  /** Note one gap in ms (past the capacity, gaps are counted but not kept). */
  push(ms: number): void {
    if (this.count < this.values.length) this.values[this.count] = ms;
    this.count++;
  }

  /** Start again (after the warm-up). */
  reset(): void {
    this.count = 0;
  }

  /** p1, p50, p99 and the largest, in ms, over the gaps kept; `packets` counts every gap noted. */
  summary(): { packets: number; p1: number; p50: number; p99: number; max: number } {
    const kept = this.values.slice(0, Math.min(this.count, this.values.length)).sort();
    const at = (p: number) => kept[Math.min(kept.length - 1, Math.floor((p / 100) * kept.length))] ?? NaN;
    return { packets: this.count, p1: at(1), p50: at(50), p99: at(99), max: kept[kept.length - 1] ?? NaN };
  }
}
