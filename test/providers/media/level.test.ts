/**
 * Levels in dBm0 against G.711's reference: μ-law's full scale (32,636) is a sine of +3.17 dBm0.
 */
import { describe, expect, it } from 'vitest';
import { DBM0_PEAK, dbm0ToPeak, levelDbm0, meanSquare, meanSquareToDbm0 } from '../../../providers/media/level.js';

describe('level', () => {
  it('a 0 dBm0 sine peaks at about 22,657; +3.17 dBm0 is full scale', () => {
    expect(Math.round(DBM0_PEAK)).toBe(22_657);
    expect(dbm0ToPeak(3.17)).toBeCloseTo(32_636, 6);
    expect(dbm0ToPeak(-20)).toBeCloseTo(DBM0_PEAK / 10, 6);
  });

  it('a sine measures at its own level; silence is −Infinity', () => {
    const peak = dbm0ToPeak(-13);
    const sine = Float64Array.from({ length: 8000 }, (_, n) => peak * Math.sin((2 * Math.PI * 1000 * n) / 8000));
    expect(levelDbm0(sine)).toBeCloseTo(-13, 6);
    expect(meanSquareToDbm0(dbm0ToPeak(-7) ** 2 / 2)).toBeCloseTo(-7, 9);
    expect(levelDbm0(new Int16Array(160))).toBe(-Infinity);
  });

  it('the mean square of a range, 0 when it is empty', () => {
    expect(meanSquare(Int16Array.of(3, -3))).toBe(9);
    expect(meanSquare(Int16Array.of(100, 3, -3, 100), 1, 3)).toBe(9);
    expect(meanSquare(Int16Array.of(1), 1, 1)).toBe(0);
  });
});
