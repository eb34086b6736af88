/**
 * The tone receiver of lineMonitorTones: a tone reported once it has lasted its duration and once
 * per occurrence; a ringback's 440 Hz alone is not 440 + 480 Hz and the other way round; speech,
 * noise and quiet tones are not tones; silence is a tone of no frequency; bad tones refused.
 */
import { describe, expect, it } from 'vitest';
import { CALL_PROGRESS_TONES } from '../../../providers/media/call-progress-tones.js';
import { tone, toneMix } from '../../../providers/media/dtmf-tones.js';
import { concatPcm, FRAME_SAMPLES, silence } from '../../../providers/media/pcm.js';
import { ToneDetector, toneProblem } from '../../../providers/media/tone-detector.js';
import { addNoise, babble, whiteNoise } from './signals.js';

/** The blocks (20 ms each, from 1) in which each tone was reported, pushing `samples` a frame at a time. */
function detections(detector: ToneDetector, samples: Int16Array): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let at = 0; at < samples.length; at += FRAME_SAMPLES) {
    for (const index of detector.push(samples.subarray(at, at + FRAME_SAMPLES))) found.push([index, at / FRAME_SAMPLES + 1]);
  }
  return found;
}

describe('tone detector', () => {
  it('a tone is reported once when it has lasted its duration, and again at its next occurrence', () => {
    const detector = new ToneDetector([{ frequencies: [1000], durationMs: 200 }]);
    const samples = concatPcm([silence(100), tone(1000, 300, -20), silence(200), tone(1000, 500, -20), silence(100)]);
    // 100 ms in, 200 ms of tone: block 15; the second starts at 600 ms: block 40.
    expect(detections(detector, samples)).toEqual([[0, 15], [0, 40]]);
  });

  it('a tone shorter than its duration is not reported; one that starts off a block needs up to a block more', () => {
    const detector = () => new ToneDetector([{ frequencies: [1000], durationMs: 200 }]);
    expect(detections(detector(), concatPcm([silence(100), tone(1000, 190), silence(100)]))).toEqual([]);
    expect(detections(detector(), concatPcm([silence(110), tone(1000, 200), silence(100)]))).toEqual([]);
    expect(detections(detector(), concatPcm([silence(110), tone(1000, 220), silence(100)]))).toEqual([[0, 16]]);
  });

  it('the ringback (440 + 480 Hz) is itself, and neither 440 Hz nor 480 Hz alone; a dial tone (350 + 440) is not it either', () => {
    const detector = new ToneDetector([
      { frequencies: [440, 480], durationMs: 1000 },
      { frequencies: [440], durationMs: 500 },
      { frequencies: [480], durationMs: 500 },
    ]);
    expect(detections(detector, CALL_PROGRESS_TONES.ringback.tone.samples(12_000))).toEqual([[0, 50], [0, 350]]);
    expect(detections(detector, tone(440, 1000, -19))).toEqual([[1, 25]]);
    const dialTone = toneMix([{ frequency: 350, levelDbm0: -13 }, { frequency: 440, levelDbm0: -13 }], 2000);
    expect(detections(detector, dialTone)).toEqual([]);
  });

  it('busy through noise 20 dB below it is still heard; speech, noise and a tone below −35 dBm0 are not tones', () => {
    const busy = { frequencies: [480, 620], durationMs: 400 };
    const noisy = addNoise(CALL_PROGRESS_TONES.busy.tone.samples(2000), whiteNoise(2000, -41, 3));
    expect(detections(new ToneDetector([busy]), noisy)).toEqual([[0, 20], [0, 70]]);
    const detector = new ToneDetector([busy, { frequencies: [1000], durationMs: 100 }, { frequencies: [300, 1000, 2000], durationMs: 100 }]);
    expect(detections(detector, babble(5000, -15, 7))).toEqual([]);
    expect(detections(detector, whiteNoise(2000, -15, 11))).toEqual([]);
    expect(detections(detector, tone(1000, 500, -40))).toEqual([]);
  });

  it('silence is a tone of no frequency: below −45 dBm0 for its duration', () => {
    const detector = new ToneDetector([{ frequencies: [], durationMs: 300 }]);
    const samples = concatPcm([tone(700, 200), silence(400), whiteNoise(200, -50, 1), tone(700, 100)]);
    expect(detections(detector, samples)).toEqual([[0, 25]]);
  });

  it('three frequencies at once; tones it cannot tell apart or carry are refused with a reason', () => {
    const chord = toneMix([300, 1000, 2000].map((frequency) => ({ frequency, levelDbm0: -20 })), 400);
    expect(detections(new ToneDetector([{ frequencies: [300, 1000, 2000], durationMs: 300 }]), chord)).toEqual([[0, 15]]);
    expect(toneProblem({ frequencies: [440, 450], durationMs: 100 })).toMatch(/closer than 25 Hz/);
    expect(toneProblem({ frequencies: [4000], durationMs: 100 })).toMatch(/outside 1 … 3999 Hz/);
    expect(toneProblem({ frequencies: [1, 2, 3, 4], durationMs: 100 })).toMatch(/at most 3/);
    expect(() => new ToneDetector([{ frequencies: [0], durationMs: 100 }])).toThrow(RangeError);
  });
});
