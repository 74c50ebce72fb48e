import { describe, expect, it } from 'vitest';
import { spearmanTest } from '@/lib/analysis/statistics/spearman-test';

describe("Spearman's ρ with a permutation p-value", () => {
  it('a perfect order has ρ = ±1 and exact p = 2/n! (the two perfect orders)', () => {
    expect(spearmanTest([1, 2, 3, 4, 5], [10, 20, 30, 40, 50])).toEqual({ n: 5, rho: 1, pValue: 2 / 120, method: 'exact' });
    expect(spearmanTest([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]).rho).toBeCloseTo(-1, 12);
  });

  it('matches scipy.stats.spearmanr with ties (average ranks)', () => {
    // scipy: spearmanr([1,2,3,4,5], [5,6,7,8,7]).statistic = 0.8207826816681233
    expect(spearmanTest([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).rho).toBeCloseTo(0.8207826816681233, 12);
  });

  it('is undefined for fewer than three pairs or a constant variable', () => {
    expect(spearmanTest([1, 2], [2, 1]).rho).toBeNull();
    expect(spearmanTest([1, 2, 3, 4], [7, 7, 7, 7])).toMatchObject({ rho: null, pValue: null });
  });

  it('above eight pairs uses seeded Monte-Carlo permutations: reproducible, near the exact answer, never 0', () => {
    const a = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const b = [3, 1, 4, 1, 5, 9, 2, 6, 5];
    const first = spearmanTest(a, b, { permutations: 20_000, seed: 's' });
    expect(first.method).toBe(20_000);
    expect(spearmanTest(a, b, { permutations: 20_000, seed: 's' })).toEqual(first);
    // Within Monte-Carlo error (sd ≈ 0.003 here) of the exact p over all 9! orders.
    const exact = spearmanTest(a, b, { exactUpTo: 9 });
    expect(exact.method).toBe('exact');
    expect(Math.abs((first.pValue ?? 0) - (exact.pValue ?? 1))).toBeLessThan(0.015);
    // A perfect order: p is the floor 1/(B + 1).
    expect(spearmanTest(a, a.map((x) => x * 2), { permutations: 999 }).pValue).toBeCloseTo(1 / 1000, 12);
  });

  it('refuses arrays of different lengths', () => {
    expect(() => spearmanTest([1, 2, 3], [1, 2])).toThrow(/3 vs 2/);
  });
});
