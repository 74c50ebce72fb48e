import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { testIndependence } from '@/lib/analysis/statistics/chi-square-test';
import { testFisherExact } from '@/lib/analysis/statistics/fisher-exact-test';
import { simulateIndependencePValue } from '@/lib/analysis/statistics/monte-carlo-independence';

// Agresti (2007), An Introduction to Categorical Data Analysis, Table 2.5 (party identification by
// gender); R's ?chisq.test example: X-squared = 30.07, df = 2, p-value = 2.954e-07.
const partyByGender = [
  [762, 327, 468],
  [484, 239, 477],
];

// Fisher's lady tasting tea; R's ?fisher.test: two-sided p = 0.4857, alternative = "greater" p = 0.2429.
const teaTasting = [
  [3, 1],
  [1, 3],
];

// R's ?fisher.test "Convictions" (Fisher 1962, twins): matrix(c(2, 10, 15, 3), 2),
// alternative = "less": p = 0.0004652.
const convictions = [
  [2, 15],
  [10, 3],
];

// Agresti (2002), Categorical Data Analysis, p. 57, job satisfaction by income; R's ?fisher.test "Job".
const jobSatisfaction = [
  [1, 3, 10, 6],
  [2, 3, 10, 7],
  [1, 6, 14, 12],
  [0, 1, 9, 11],
];

const transpose = (table: number[][]): number[][] => (table[0] ?? []).map((_, j) => table.map((row) => row[j] ?? 0));

describe('chi-square test of independence', () => {
  it('reproduces R for the party-by-gender table', () => {
    const result = testIndependence(partyByGender);
    expect(result.test).toBe('chi-square');
    expect(result.statistic).toBeCloseTo(30.0701, 4);
    expect(result.df).toBe(2);
    expect(result.pValue / 2.954e-7).toBeCloseTo(1, 3);
    // Expected counts: row total × column total / n, e.g. 1557 · 1246 / 2757.
    expect(result.expected[0]?.[0]).toBeCloseTo((1557 * 1246) / 2757, 10);
    expect(result.expected[1]?.[2]).toBeCloseTo((1200 * 945) / 2757, 10);
    expect(result.n).toBe(2757);
    expect(result.warnings).toEqual([]);
  });

  it("applies Yates' correction to 2×2 tables by default, as R's chisq.test(matrix(c(12, 5, 7, 9), 2))", () => {
    // Reference values from scipy.stats.chi2_contingency 1.17, whose correction is R's:
    // |O − E| reduced by min(0.5, |O − E|). Yates: X² = 1.455996, p = 0.2275682; without: 2.430576, 0.1189892.
    const table = [
      [12, 7],
      [5, 9],
    ];
    const yates = testIndependence(table);
    expect(yates.test).toBe('chi-square-yates');
    expect(yates.statistic).toBeCloseTo(1.455996, 5);
    expect(yates.pValue).toBeCloseTo(0.2275682, 6);
    expect(yates.df).toBe(1);
    const plain = testIndependence(table, { correct: false });
    expect(plain.test).toBe('chi-square');
    expect(plain.statistic).toBeCloseTo(2.430576, 5);
    expect(plain.pValue).toBeCloseTo(0.1189892, 6);
  });

  it('never lets the Yates correction overshoot a deviation smaller than 0.5', () => {
    // E = 10.25 everywhere, |O − E| = 0.25: R corrects by 0.25, giving X² = 0 and p = 1.
    const result = testIndependence([
      [10, 10],
      [10, 11],
    ]);
    expect(result.statistic).toBeCloseTo(0, 12);
    expect(result.pValue).toBeCloseTo(1, 12);
  });

  it('falls back to Fisher for sparse 2×2 tables (tea tasting: p = 0.4857)', () => {
    const result = testIndependence(teaTasting);
    expect(result.test).toBe('fisher-exact');
    expect(result.pValue).toBeCloseTo(0.4857, 4);
    expect(result.pValue).toBeCloseTo(17 / 35, 12); // (1 + 16 + 16 + 1) / 70 excluding the 36/70 centre
    expect(result.statistic).toBeCloseTo(2, 12); // uncorrected X², descriptive only
    expect(result.warnings.join(' ')).toMatch(/exact test/);
  });

  it('keeps the chi-square test when asked to, with a warning about small expected counts', () => {
    const result = testIndependence(teaTasting, { exact: 'never' });
    expect(result.test).toBe('chi-square-yates');
    expect(result.warnings.join(' ')).toMatch(/may be inaccurate/);
  });

  it('uses a seeded Monte-Carlo p-value for sparse larger tables (job satisfaction)', () => {
    const result = testIndependence(jobSatisfaction);
    expect(result.test).toBe('monte-carlo');
    expect(result.replicates).toBe(10_000);
    expect(result.statistic).toBeCloseTo(5.965515, 5); // scipy.stats.chi2_contingency 1.17
    expect(result.df).toBe(9);
    // scipy.stats.chi2_contingency(Job, correction=False, method=MonteCarloMethod(n_resamples=300000))
    // gave 0.7706; at B = 10 000 the Monte-Carlo standard error is 0.0042.
    expect(Math.abs(result.pValue - 0.7706)).toBeLessThan(0.015);
    expect(testIndependence(jobSatisfaction).pValue).toBe(result.pValue);
  });

  it('Monte-Carlo agrees with the chi-square approximation where that is accurate', () => {
    const table = [
      [20, 15, 25],
      [25, 20, 10],
    ];
    const asymptotic = testIndependence(table);
    expect(asymptotic.pValue).toBeCloseTo(0.0235744, 6); // scipy.stats.chi2_contingency 1.17
    const simulated = testIndependence(table, { exact: 'always', replicates: 20_000, seed: 'agreement' });
    expect(simulated.test).toBe('monte-carlo');
    expect(Math.abs(simulated.pValue - asymptotic.pValue)).toBeLessThan(0.006);
  });

  it('drops all-zero rows and columns with a warning and reports which were kept', () => {
    const result = testIndependence([
      [12, 0, 7],
      [0, 0, 0],
      [5, 0, 9],
    ]);
    expect(result.keptRows).toEqual([0, 2]);
    expect(result.keptColumns).toEqual([0, 2]);
    expect(result.test).toBe('chi-square-yates');
    expect(result.statistic).toBeCloseTo(1.455996, 5);
    expect(result.warnings).toEqual(['Dropped 1 all-zero row(s).', 'Dropped 1 all-zero column(s).']);
  });

  it("reports 'none' when nothing is left to compare", () => {
    for (const table of [[[5, 3]], [[5, 0], [3, 0]], [[0, 0], [0, 0]], []]) {
      const result = testIndependence(table);
      expect(result.test).toBe('none');
      expect(result.pValue).toBeNaN();
      expect(result.warnings.at(-1)).toMatch(/cannot be tested/);
    }
  });

  it('rejects ragged tables and non-counts', () => {
    expect(() => testIndependence([[1, 2], [3]])).toThrow(RangeError);
    expect(() => testIndependence([[1, 2.5], [3, 4]])).toThrow(RangeError);
    expect(() => testIndependence([[1, -2], [3, 4]])).toThrow(RangeError);
  });

  it('gives p in [0, 1] and is symmetric under transposition', () => {
    const random = seedrandom('property');
    for (let trial = 0; trial < 60; trial += 1) {
      const rows = 2 + Math.floor(random() * 3);
      const columns = 2 + Math.floor(random() * 3);
      const scale = random() < 0.5 ? 4 : 40;
      const table = Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.floor(random() * scale)));
      const options = { replicates: 2000 };
      const result = testIndependence(table, options);
      const transposed = testIndependence(transpose(table), options);
      expect(transposed.test).toBe(result.test);
      if (result.test === 'none') continue;
      expect(result.pValue).toBeGreaterThan(0);
      expect(result.pValue).toBeLessThanOrEqual(1);
      expect(transposed.statistic).toBeCloseTo(result.statistic, 9);
      // The Monte-Carlo draws differ after transposing, so those p-values agree only up to noise
      // (difference standard error ≤ 0.016 at B = 2000).
      expect(Math.abs(transposed.pValue - result.pValue)).toBeLessThan(result.test === 'monte-carlo' ? 0.07 : 1e-12);
    }
  });
});

describe("Fisher's exact test (2×2)", () => {
  it('reproduces the R documentation examples', () => {
    expect(testFisherExact(teaTasting).pValue).toBeCloseTo(0.4857, 4);
    expect(testFisherExact(teaTasting, { alternative: 'greater' }).pValue).toBeCloseTo(0.2429, 4);
    expect(testFisherExact(convictions, { alternative: 'less' }).pValue).toBeCloseTo(0.0004652, 7);
    // Two-sided value from scipy.stats.fisher_exact 1.17.
    expect(testFisherExact(convictions).pValue).toBeCloseTo(0.0005367241, 9);
  });

  it('one-sided tails overlap in exactly the observed table and the test is transpose-invariant', () => {
    const table = [
      [7, 2],
      [3, 8],
    ];
    const less = testFisherExact(table, { alternative: 'less' }).pValue;
    const greater = testFisherExact(table, { alternative: 'greater' }).pValue;
    const two = testFisherExact(table).pValue;
    expect(less).toBeGreaterThan(greater);
    expect(two).toBeGreaterThanOrEqual(greater);
    expect(two).toBeLessThanOrEqual(Math.min(1, 2 * greater + 1e-12));
    expect(testFisherExact(transpose(table)).pValue).toBeCloseTo(two, 12);
    expect(testFisherExact([[0, 0], [0, 5]]).pValue).toBe(1);
    expect(() => testFisherExact(jobSatisfaction)).toThrow(RangeError);
  });
});

describe('Monte-Carlo p-value', () => {
  it('is reproducible for a seed and never exactly 0', () => {
    const first = simulateIndependencePValue(partyByGender, { replicates: 200, seed: 's' });
    const again = simulateIndependencePValue(partyByGender, { replicates: 200, seed: 's' });
    expect(again.pValue).toBe(first.pValue);
    expect(first.pValue).toBeCloseTo(1 / 201, 12);
  });
});
