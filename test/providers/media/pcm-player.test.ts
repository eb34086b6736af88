/**
 * Pacing PCM out on a manual clock (no real sleeps): 20 ms frames due at start + 20·n, a late timer
 * not delaying the frames after it, the last frame filled with silence, streams of odd chunks, a
 * stream that cannot keep up, and cancelling.
 */
import { describe, expect, it } from 'vitest';
import { playPcm } from '../../../providers/media/pcm-player.js';
import { concatPcm } from '../../../providers/media/pcm.js';
import type { Clock } from '../../../providers/provider.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';

/** Let every promise that can settle, settle (a macrotask turn: no clock time passes). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const ramp = (length: number) => Int16Array.from({ length }, (_, i) => i + 1);

function recorder(clock: ManualClock) {
  const frames: { at: number; frame: Int16Array; index: number }[] = [];
  return { frames, sink: (frame: Int16Array, index: number) => frames.push({ at: clock.now(), frame, index }) };
}

describe('pcm-player', () => {
  it('sends a frame every 20 ms from the start, the first at once, the last filled with silence', async () => {
    const clock = new ManualClock(1000);
    const { frames, sink } = recorder(clock);
    const playback = playPcm(ramp(500), sink, clock);
    await settle();
    expect(frames.map((f) => f.at)).toEqual([1000]);
    for (let i = 0; i < 5; i++) {
      clock.advance(20);
      await settle();
    }
    expect(await playback.result).toEqual({ reason: 'done', frames: 4 });
    expect(frames.map((f) => [f.at, f.index])).toEqual([[1000, 0], [1020, 1], [1040, 2], [1060, 3]]);
    expect(frames.every((f) => f.frame.length === 160)).toBe(true);
    expect(concatPcm(frames.map((f) => f.frame))).toEqual(concatPcm([ramp(500), new Int16Array(140)]));
  });

  it('a late timer delays its frame only: the next ones stay on start + 20·n', async () => {
    const clock = new ManualClock();
    // A loaded event loop: the timers of frames 1 and 3 fire 7 ms and 35 ms after they were due.
    const lateBy = new Map([[1, 7], [3, 35]]);
    let timers = 0;
    const late: Clock = {
      now: () => clock.now(),
      setTimeout: (fn, ms) => clock.setTimeout(fn, ms + (lateBy.get(++timers) ?? 0)),
      clearTimeout: (id) => clock.clearTimeout(id),
    };
    const { frames, sink } = recorder(clock);
    const playback = playPcm(new Int16Array(160 * 6), sink, late);
    await settle();
    clock.advance(200);
    await settle();
    expect(await playback.result).toEqual({ reason: 'done', frames: 6 });
    // Frame 1 out at 27, frame 2 still at 40; frames 3 and 4 (due 60, 80) both out at 95, none skipped; frame 5 at 100.
    expect(frames.map((f) => f.at)).toEqual([0, 27, 40, 95, 95, 100]);
  });

  it('an early timer does not send its frame early: Node starts a timer set late in a busy turn from the turn\'s start', async () => {
    const clock = new ManualClock();
    // The timers of frames 1 and 2 fire 6 ms and 3 ms before they are due.
    const earlyBy = new Map([[1, 6], [2, 3]]);
    let timers = 0;
    const early: Clock = {
      now: () => clock.now(),
      setTimeout: (fn, ms) => clock.setTimeout(fn, Math.max(0, ms - (earlyBy.get(++timers) ?? 0))),
      clearTimeout: (id) => clock.clearTimeout(id),
    };
    const { frames, sink } = recorder(clock);
    const playback = playPcm(new Int16Array(160 * 4), sink, early);
    await settle();
    clock.advance(100);
    await settle();
    expect(await playback.result).toEqual({ reason: 'done', frames: 4 });
    expect(frames.map((f) => f.at)).toEqual([0, 20, 40, 60]);
  });

  it('plays a stream of chunks of any size, on the same schedule', async () => {
    const clock = new ManualClock();
    const { frames, sink } = recorder(clock);
    const source = ramp(1000);
    async function* chunks() {
      for (let at = 0; at < source.length; at += 77) yield source.subarray(at, at + 77);
    }
    const playback = playPcm(chunks(), sink, clock);
    for (let i = 0; i < 10; i++) {
      await settle();
      clock.advance(20);
    }
    expect(await playback.result).toEqual({ reason: 'done', frames: 7 });
    expect(frames.map((f) => f.at)).toEqual([0, 20, 40, 60, 80, 100, 120]);
    expect(concatPcm(frames.map((f) => f.frame)).subarray(0, 1000)).toEqual(source);
  });

  it('a stream that falls behind restarts the schedule from the late frame, with no burst', async () => {
    const clock = new ManualClock();
    const { frames, sink } = recorder(clock);
    let release: () => void = () => {};
    async function* chunks() {
      yield new Int16Array(320);
      await new Promise<void>((resolve) => (release = resolve)); // the next samples come at 75 ms
      yield new Int16Array(480);
    }
    const playback = playPcm(chunks(), sink, clock);
    await settle();
    clock.advance(20);
    await settle();
    clock.advance(55);
    release();
    await settle();
    for (let i = 0; i < 3; i++) {
      clock.advance(20);
      await settle();
    }
    expect(await playback.result).toEqual({ reason: 'done', frames: 5 });
    expect(frames.map((f) => f.at)).toEqual([0, 20, 75, 95, 115]);
  });

  it('cancel stops it at once, settles "cancelled" with the frames sent, and is idempotent', async () => {
    const clock = new ManualClock();
    const { frames, sink } = recorder(clock);
    const playback = playPcm(new Int16Array(160 * 100), sink, clock);
    await settle();
    clock.advance(40);
    await settle();
    playback.cancel();
    playback.cancel();
    clock.advance(1000);
    await settle();
    expect(await playback.result).toEqual({ reason: 'cancelled', frames: 3 });
    expect(frames.length).toBe(3);
    expect(clock.pending).toBe(0);
  });

  it('cancel while a stream is waiting for samples ends it there', async () => {
    const clock = new ManualClock();
    async function* chunks() {
      yield new Int16Array(160);
      await new Promise(() => {}); // never more
    }
    const playback = playPcm(chunks(), () => {}, clock);
    await settle();
    clock.advance(20);
    await settle();
    playback.cancel();
    expect(await playback.result).toEqual({ reason: 'cancelled', frames: 1 });
  });

  it('an empty source is done at once; a sink that throws rejects the result', async () => {
    const clock = new ManualClock();
    expect(await playPcm(new Int16Array(0), () => {}, clock).result).toEqual({ reason: 'done', frames: 0 });
    const failing = playPcm(new Int16Array(160), () => {
      throw new Error('socket closed');
    }, clock);
    await expect(failing.result).rejects.toThrow('socket closed');
  });
});
