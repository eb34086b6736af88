/**
 * The in-band DTMF receiver on generated tones: all sixteen digits through white noise, Q.24's
 * frequency tolerance (±1.5% accepted, ±3.5% rejected), tones too short, speech-like babble, one
 * digit per press however long, two for a key pressed twice, and the same digits however the
 * stream is cut into chunks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DtmfDetector } from '../../../providers/media/dtmf-detector.js';
import { DTMF_KEYPAD, dtmfFrequencies, dtmfTone, toneMix } from '../../../providers/media/dtmf-tones.js';
import { concatPcm, silence } from '../../../providers/media/pcm.js';
import { addNoise, babble, whiteNoise } from './signals.js';

const DIGITS = [...DTMF_KEYPAD.join('')];

function detect(samples: Int16Array): string {
  return new DtmfDetector()
    .push(samples)
    .map((d) => d.digit)
    .join('');
}

/** 60 ms of `digit` with both tones off by `deviation` (a fraction), levels −10 and −8 dBm0. */
function offTone(digit: string, deviation: number): Int16Array {
  const { low, high } = dtmfFrequencies(digit);
  const tones = [{ frequency: low * (1 + deviation), levelDbm0: -10 }, { frequency: high * (1 + deviation), levelDbm0: -8 }];
  return concatPcm([silence(10), toneMix(tones, 60), silence(60)]);
}

describe('dtmf-detector', () => {
  it('hears each of the sixteen digits once, through white noise 15 dB down, with its start', () => {
    for (const [i, digit] of DIGITS.entries()) {
      const lead = 240 + 7 * i; // not on a window's edge
      const clean = concatPcm([new Int16Array(lead), dtmfTone(digit, 60), silence(80)]);
      // The tone's power is −10 and −8 dBm0 together: −5.9 dBm0; the noise 15 dB below it.
      const heard = new DtmfDetector().push(addNoise(clean, whiteNoise(200, -20.9, 1000 + i)));
      expect(heard.map((d) => d.digit)).toEqual([digit]);
      expect(Math.abs(heard[0].startSample - lead)).toBeLessThanOrEqual(51);
    }
  });

  it('accepts tones 1.5% off their frequencies and rejects tones 3.5% off (ITU-T Q.24)', () => {
    for (const digit of DIGITS) {
      expect(detect(offTone(digit, 0.015))).toBe(digit);
      expect(detect(offTone(digit, -0.015))).toBe(digit);
      expect(detect(offTone(digit, 0.035))).toBe('');
      expect(detect(offTone(digit, -0.035))).toBe('');
    }
  });

  it('rejects tones of 20 ms and accepts tones of 40 ms', () => {
    for (const digit of DIGITS) {
      for (const lead of [0, 13, 29, 41]) {
        expect(detect(concatPcm([new Int16Array(lead), dtmfTone(digit, 20), silence(60)]))).toBe('');
        expect(detect(concatPcm([new Int16Array(lead), dtmfTone(digit, 40), silence(60)]))).toBe(digit);
      }
    }
  });

  it('hears no digit in a minute of speech-like babble, nor in white noise', () => {
    for (let seed = 1; seed <= 6; seed++) expect(detect(babble(10_000, seed % 2 ? -12 : -24, seed))).toBe('');
    expect(detect(whiteNoise(5000, -10, 7))).toBe('');
  });

  it('hears nothing below its level threshold (−30 dBm0 a tone unless said)', () => {
    expect(detect(dtmfTone('7', 100, -35, 0))).toBe('');
    expect(detect(dtmfTone('7', 100, -27, 0))).toBe('7');
    expect(new DtmfDetector({ minLevelDbm0: -40 }).push(dtmfTone('7', 100, -35, 0)).map((d) => d.digit)).toEqual(['7']);
  });

  it('rejects a twist beyond its limits: the high tone 10 dB weaker, or 6 dB stronger', () => {
    expect(detect(dtmfTone('9', 100, -10, -10))).toBe('');
    expect(detect(dtmfTone('9', 100, -10, 6))).toBe('');
    expect(detect(dtmfTone('9', 100, -10, -6))).toBe('9');
  });

  it('a long press is one digit; a key pressed twice is two; a break of 10 ms is bridged', () => {
    expect(detect(dtmfTone('5', 2000))).toBe('5');
    expect(detect(concatPcm([dtmfTone('5', 60), silence(40), dtmfTone('5', 60), silence(40)]))).toBe('55');
    expect(detect(concatPcm([dtmfTone('5', 60), silence(10), dtmfTone('5', 60), silence(40)]))).toBe('5');
    expect(detect(concatPcm([dtmfTone('1', 60), dtmfTone('2', 60), silence(40)]))).toBe('12');
  });

  it('reports digits to onDigit as well, with the samples pushed counted', () => {
    const seen: string[] = [];
    const detector = new DtmfDetector({ onDigit: (d) => seen.push(`${d.digit}@${d.startSample}`) });
    const returned = detector.push(concatPcm([silence(51 / 8), dtmfTone('#', 60), silence(60)]));
    expect(seen).toEqual(returned.map((d) => `${d.digit}@${d.startSample}`));
    expect(seen).toEqual(['#@51']);
    expect(detector.samples).toBe(51 + 480 + 480);
  });

  it('hears the same digits, at the same samples, however the stream is cut', () => {
    const stream = concatPcm([
      ...[...'159#*0D'].flatMap((digit, i) => [dtmfTone(digit, 45 + 10 * i), silence(40 + 7 * i)]),
    ]);
    const noisy = addNoise(stream, whiteNoise(5000, -25, 42));
    const whole = new DtmfDetector().push(noisy);
    expect(whole.map((d) => d.digit).join('')).toBe('159#*0D');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const detector = new DtmfDetector();
        const heard = [];
        for (let at = 0, i = 0; at < noisy.length; i++) {
          const size = sizes[i % sizes.length];
          heard.push(...detector.push(noisy.subarray(at, at + size)));
          at += size;
        }
        expect(heard).toEqual(whole);
      }),
      { numRuns: 40 },
    );
  });
});
