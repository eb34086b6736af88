/**
 * The Goertzel term: the same as the DFT sum written out, at any frequency, with the phase of the
 * block's start; its power is the mean square of a matching sine; and phase gains measure a
 * frequency finer than a block.
 */
import { describe, expect, it } from 'vitest';
import { goertzel, goertzelPower, goertzelProbe, goertzelWith, phaseGain, phaseGainHz } from '../../../providers/media/goertzel.js';
import { tone } from '../../../providers/media/dtmf-tones.js';
import { meanSquare } from '../../../providers/media/level.js';

/** Σ x[n]·e^(−j2πfn/fs), written out. */
function dft(samples: ArrayLike<number>, frequency: number, start: number, end: number) {
  let re = 0;
  let im = 0;
  for (let n = start; n < end; n++) {
    const angle = (-2 * Math.PI * frequency * (n - start)) / 8000;
    re += samples[n] * Math.cos(angle);
    im += samples[n] * Math.sin(angle);
  }
  return { re, im };
}

describe('goertzel', () => {
  it('is the DFT term, at frequencies off the bins too, from the block start', () => {
    const samples = Float64Array.from({ length: 300 }, (_, n) => 1000 * Math.cos(0.7 * n + 0.3) + 300 * Math.sin(2.1 * n));
    for (const [f, start, end] of [[697, 0, 205], [1000, 17, 119], [1633.3, 100, 300], [50, 5, 6]]) {
      const want = dft(samples, f, start, end);
      const got = goertzel(samples, f, start, end);
      expect(got.re).toBeCloseTo(want.re, 6);
      expect(got.im).toBeCloseTo(want.im, 6);
    }
  });

  it('a cosine starting at the block start has a real term; a sine an imaginary one', () => {
    const cosine = Float64Array.from({ length: 160 }, (_, n) => Math.cos((2 * Math.PI * 1000 * n) / 8000));
    const x = goertzel(cosine, 1000);
    expect(x.re).toBeCloseTo(80, 9);
    expect(x.im).toBeCloseTo(0, 9);
    const y = goertzel(tone(1000, 20), 1000);
    expect(Math.abs(y.re)).toBeLessThan(1e-6 * Math.abs(y.im));
  });

  it('the power of a matching sine is its mean square, less off its frequency, 0 for no samples', () => {
    const samples = tone(1000, 20);
    expect(goertzelPower(samples, 1000) / meanSquare(samples)).toBeCloseTo(1, 3);
    expect(goertzelPower(samples, 1050)).toBeLessThan(0.5 * goertzelPower(samples, 1000));
    expect(goertzelPower(samples, 1000, 3, 3)).toBe(0);
  });

  it('with its constants worked out beforehand, the term is the same to the last bit', () => {
    const samples = Float64Array.from({ length: 200 }, (_, n) => 900 * Math.sin(0.9 * n) + 200 * Math.cos(2.5 * n + 1));
    for (const [f, start] of [[697 * 0.985, 0], [1633 * 1.015, 51], [941, 149]]) {
      const probe = goertzelProbe(f, 51);
      expect(goertzelWith(probe, samples, start)).toEqual(goertzel(samples, f, start, start + 51));
    }
  });

  it('phase gains between blocks read a frequency to a fraction of a hertz', () => {
    const samples = tone(1012.5, 100);
    let sum = { re: 0, im: 0 };
    for (let at = 0; at + 400 <= samples.length; at += 200) {
      const gain = phaseGain(goertzel(samples, 1000, at, at + 200), goertzel(samples, 1000, at + 200, at + 400), 1000, 200);
      sum = { re: sum.re + gain.re, im: sum.im + gain.im };
    }
    expect(phaseGainHz(sum, 200)).toBeCloseTo(12.5, 1);
    expect(phaseGainHz({ re: 0, im: 1 }, 200)).toBeCloseTo(10, 9);
  });
});
