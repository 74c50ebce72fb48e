import { describe, expect, it } from 'vitest';
import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import { testBinomial } from '@/lib/analysis/statistics/binomial-test';
import { computeClopperPearsonInterval } from '@/lib/analysis/statistics/clopper-pearson-interval';

describe('exact binomial test', () => {
  it('binom.test(7, 20, 0.5) in R: p = 0.2632, 95% CI 0.1539092–0.5921885', () => {
    // For p = 0.5 the two-sided p-value is 2·P(X ≤ 7) = 2 · 137980 / 2^20 exactly.
    const result = testBinomial(7, 20);
    expect(result.pValue).toBeCloseTo((2 * 137_980) / 2 ** 20, 12);
    expect(result.pValue).toBeCloseTo(0.2632, 4);
    expect(result.interval?.lower).toBeCloseTo(0.1539092, 6);
    expect(result.interval?.upper).toBeCloseTo(0.5921885, 6);
    expect(result.interval?.estimate).toBe(0.35);
  });

  it("R's ?binom.test example (Mendel's peas, 682 of 925, p = 3/4): p = 0.3825, CI 0.7076683–0.7654066", () => {
    const result = testBinomial(682, 925, { p: 3 / 4 });
    expect(result.pValue).toBeCloseTo(0.3825, 4);
    expect(result.interval?.lower).toBeCloseTo(0.7076683, 6);
    expect(result.interval?.upper).toBeCloseTo(0.7654066, 6);
  });

  it('one-sided alternatives with one-sided Clopper–Pearson bounds', () => {
    // Exact tails: P(X ≤ 7) = 137980 / 2^20 and P(X ≥ 7) = 1 − P(X ≤ 6) = 1 − 60460 / 2^20. Bounds from
    // scipy.stats.binomtest(7, 20, alternative=…).proportion_ci() 1.17 (same definition as R's binom.test).
    const less = testBinomial(7, 20, { alternative: 'less' });
    expect(less.pValue).toBeCloseTo(137_980 / 2 ** 20, 12);
    expect(less.interval?.lower).toBe(0);
    expect(less.interval?.upper).toBeCloseTo(0.5580345, 6);
    const greater = testBinomial(7, 20, { alternative: 'greater' });
    expect(greater.pValue).toBeCloseTo(1 - 60_460 / 2 ** 20, 12);
    expect(greater.interval?.lower).toBeCloseTo(0.1773109, 6);
    expect(greater.interval?.upper).toBe(1);
    // The two one-sided p-values overlap in exactly P(X = 7).
    expect(less.pValue + greater.pValue).toBeCloseTo(1 + binomialPmf(7, 20, 0.5), 12);
  });

  it('two-sided p for an asymmetric null sums outcomes no more probable than the observed one', () => {
    // Reference values from scipy.stats.binomtest 1.17, which implements R's rule (relative tolerance 1e-7).
    expect(testBinomial(1, 10, { p: 0.4 }).pValue).toBeCloseTo(0.0586519552, 9);
    expect(testBinomial(9, 10, { p: 0.3 }).pValue).toBeCloseTo(0.0001436859, 9);
    expect(testBinomial(2, 25, { p: 0.3 }).pValue).toBeCloseTo(0.0149545155, 9);
    expect(testBinomial(12, 25, { p: 0.3 }).pValue).toBeCloseTo(0.0774870140, 9);
    // And by brute force over all outcomes.
    for (const [x, n, p] of [[3, 10, 0.1], [0, 7, 0.2], [5, 13, 0.37], [13, 13, 0.9]] as const) {
      const observed = binomialPmf(x, n, p);
      let expected = 0;
      for (let k = 0; k <= n; k += 1) {
        const pk = binomialPmf(k, n, p);
        if (pk <= observed * (1 + 1e-7)) expected += pk;
      }
      expect(testBinomial(x, n, { p }).pValue).toBeCloseTo(Math.min(1, expected), 12);
    }
  });

  it('handles the boundary outcomes and nulls', () => {
    expect(testBinomial(0, 10).pValue).toBeCloseTo(2 / 2 ** 10, 15);
    expect(testBinomial(10, 10).pValue).toBeCloseTo(2 / 2 ** 10, 15);
    expect(testBinomial(5, 10).pValue).toBe(1);
    expect(testBinomial(0, 5, { p: 0 }).pValue).toBe(1);
    expect(testBinomial(1, 5, { p: 0 }).pValue).toBe(0);
    expect(testBinomial(5, 5, { p: 1 }).pValue).toBe(1);
    expect(testBinomial(0, 0).interval).toBeNull();
    expect(testBinomial(0, 0).pValue).toBe(1);
  });

  it('keeps digits in tiny upper tails instead of cancelling to 0', () => {
    // P(X ≥ 60 | n = 60, p = 0.1) = 1e-60.
    expect(testBinomial(60, 60, { p: 0.1, alternative: 'greater' }).pValue / 1e-60).toBeCloseTo(1, 8);
  });

  it('always returns p in [0, 1] and an interval containing the estimate', () => {
    for (const n of [1, 2, 5, 17, 60]) {
      for (let x = 0; x <= n; x += 1) {
        for (const p of [0.05, 0.5, 0.77]) {
          for (const alternative of ['two-sided', 'less', 'greater'] as const) {
            const { pValue, interval } = testBinomial(x, n, { p, alternative });
            expect(pValue).toBeGreaterThanOrEqual(0);
            expect(pValue).toBeLessThanOrEqual(1);
            expect(interval?.lower).toBeLessThanOrEqual(x / n);
            expect(interval?.upper).toBeGreaterThanOrEqual(x / n);
          }
        }
      }
    }
  });

  it('rejects impossible input', () => {
    expect(() => testBinomial(3, 2)).toThrow(RangeError);
    expect(() => testBinomial(1, 2, { p: 1.5 })).toThrow(RangeError);
    expect(() => testBinomial(1, 2, { p: Number.NaN })).toThrow(RangeError);
  });
});

describe('Clopper–Pearson interval', () => {
  it('bounds sit exactly at the α/2 tails', () => {
    for (const [x, n] of [[1, 10], [7, 20], [49, 50]] as const) {
      const interval = computeClopperPearsonInterval(x, n, { confidence: 0.9 });
      if (!interval) throw new Error('interval expected');
      let upperTail = 0;
      let lowerTail = 0;
      for (let k = x; k <= n; k += 1) upperTail += binomialPmf(k, n, interval.lower);
      for (let k = 0; k <= x; k += 1) lowerTail += binomialPmf(k, n, interval.upper);
      expect(upperTail).toBeCloseTo(0.05, 10);
      expect(lowerTail).toBeCloseTo(0.05, 10);
    }
  });

  it('uses the closed forms at x = 0 and x = n: (α/2)^(1/n)', () => {
    const none = computeClopperPearsonInterval(0, 20);
    expect(none?.lower).toBe(0);
    expect(none?.upper).toBeCloseTo(1 - 0.025 ** (1 / 20), 12);
    const all = computeClopperPearsonInterval(20, 20);
    expect(all?.upper).toBe(1);
    expect(all?.lower).toBeCloseTo(0.025 ** (1 / 20), 12);
  });
});
