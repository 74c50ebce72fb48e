import { describe, expect, it } from 'vitest';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { computeWilsonInterval } from '@/lib/analysis/statistics/wilson-interval';

// Newcombe RG (1998). Two-sided confidence intervals for the single proportion: comparison of seven
// methods. Statistics in Medicine 17:857–872, Table I: method 3 = Wilson score, method 4 = score with
// continuity correction (the interval R's prop.test reports). 95% intervals, 4 decimals.
const newcombeTableI = [
  { x: 81, n: 263, score: [0.2553, 0.3662], corrected: [0.2535, 0.3682] },
  { x: 15, n: 148, score: [0.0624, 0.1605], corrected: [0.0598, 0.1644] },
  { x: 0, n: 20, score: [0, 0.1611], corrected: [0, 0.2005] },
  { x: 1, n: 29, score: [0.0061, 0.1718], corrected: [0.0018, 0.1963] },
] as const;

/**
 * The bounds are defined as the p where the (continuity-corrected) score statistic equals z:
 * |x − np| − c = z·sqrt(np(1 − p)). Solving that by bisection checks the closed form independently.
 */
function solveScoreBound(x: number, n: number, z: number, c: number, side: 'lower' | 'upper'): number {
  const excess = (p: number): number => Math.abs(x - n * p) - c - z * Math.sqrt(n * p * (1 - p));
  const phat = x / n;
  let inside = phat;
  let outside = side === 'lower' ? 0 : 1;
  if (excess(outside) <= 0) return outside;
  for (let i = 0; i < 200; i += 1) {
    const middle = (inside + outside) / 2;
    if (excess(middle) > 0) outside = middle;
    else inside = middle;
  }
  return (inside + outside) / 2;
}

describe('Wilson score interval', () => {
  it.each(newcombeTableI)('matches Newcombe (1998) Table I for $x/$n', ({ x, n, score, corrected }) => {
    const plain = computeWilsonInterval(x, n);
    const cc = computeWilsonInterval(x, n, { continuityCorrection: true });
    expect(plain?.lower).toBeCloseTo(score[0], 4);
    expect(plain?.upper).toBeCloseTo(score[1], 4);
    expect(cc?.lower).toBeCloseTo(corrected[0], 4);
    expect(cc?.upper).toBeCloseTo(corrected[1], 4);
    expect(plain?.estimate).toBe(x / n);
    expect(plain?.confidence).toBe(0.95);
  });

  it('returns null without observations rather than an interval that looks like data', () => {
    expect(computeWilsonInterval(0, 0)).toBeNull();
    expect(computeWilsonInterval(0, 0, { continuityCorrection: true })).toBeNull();
  });

  it('reaches exactly 0 at x = 0 and exactly 1 at x = n, with a mirrored other bound', () => {
    for (const continuityCorrection of [false, true]) {
      const none = computeWilsonInterval(0, 20, { continuityCorrection });
      const all = computeWilsonInterval(20, 20, { continuityCorrection });
      expect(none?.lower).toBe(0);
      expect(all?.upper).toBe(1);
      expect(all?.lower).toBeCloseTo(1 - (none?.upper ?? Number.NaN), 12);
    }
    expect(computeWilsonInterval(1, 1)).toMatchObject({ estimate: 1, upper: 1 });
  });

  it('solves the score equation at other confidence levels', () => {
    for (const confidence of [0.8, 0.9, 0.99, 0.999]) {
      const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
      for (const [x, n] of [[3, 17], [40, 41], [250, 1000], [1, 2]] as const) {
        const plain = computeWilsonInterval(x, n, { confidence });
        const cc = computeWilsonInterval(x, n, { confidence, continuityCorrection: true });
        expect(plain?.lower).toBeCloseTo(solveScoreBound(x, n, z, 0, 'lower'), 10);
        expect(plain?.upper).toBeCloseTo(solveScoreBound(x, n, z, 0, 'upper'), 10);
        expect(cc?.lower).toBeCloseTo(solveScoreBound(x, n, z, 0.5, 'lower'), 10);
        expect(cc?.upper).toBeCloseTo(solveScoreBound(x, n, z, 0.5, 'upper'), 10);
      }
    }
  });

  it('nests: higher confidence and the continuity correction both widen the interval', () => {
    for (let n = 1; n <= 40; n += 3) {
      for (let x = 0; x <= n; x += 1) {
        const i90 = computeWilsonInterval(x, n, { confidence: 0.9 });
        const i95 = computeWilsonInterval(x, n);
        const cc = computeWilsonInterval(x, n, { continuityCorrection: true });
        if (!i90 || !i95 || !cc) throw new Error('expected intervals for n > 0');
        expect(0).toBeLessThanOrEqual(i95.lower);
        expect(i95.lower).toBeLessThanOrEqual(i95.estimate);
        expect(i95.estimate).toBeLessThanOrEqual(i95.upper);
        expect(i95.upper).toBeLessThanOrEqual(1);
        expect(i95.lower).toBeLessThanOrEqual(i90.lower + 1e-12);
        expect(i95.upper).toBeGreaterThanOrEqual(i90.upper - 1e-12);
        expect(cc.lower).toBeLessThanOrEqual(i95.lower + 1e-12);
        expect(cc.upper).toBeGreaterThanOrEqual(i95.upper - 1e-12);
      }
    }
  });

  it('rejects impossible input', () => {
    expect(() => computeWilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => computeWilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => computeWilsonInterval(1.5, 4)).toThrow(RangeError);
    expect(() => computeWilsonInterval(1, 4, { confidence: 1 })).toThrow(RangeError);
  });
});
