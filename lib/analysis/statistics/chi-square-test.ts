import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { dropEmptyMargins, type CountTable } from './drop-empty-margins';
import { testFisherExact } from './fisher-exact-test';
import { simulateIndependencePValue, type MonteCarloOptions } from './monte-carlo-independence';
import { computeExpectedCounts, computeMargins, computePearsonStatistic } from './pearson-statistic';

export type IndependenceTestName = 'chi-square' | 'chi-square-yates' | 'fisher-exact' | 'monte-carlo' | 'none';

export type IndependenceTestOptions = MonteCarloOptions & {
  /** Yates' continuity correction; applies to 2×2 tables only and is on by default, as in R's chisq.test. */
  correct?: boolean;
  /**
   * 'auto' (default): use an exact test when any expected count is below minExpected, the strict
   * reading of Cochran's rule that reviewers of small online studies most often apply.
   * 'always' / 'never' force the choice.
   */
  exact?: 'auto' | 'always' | 'never';
  /** Threshold for the small-expected-count rule; 5 unless given. */
  minExpected?: number;
};

export type IndependenceTestResult = {
  /** Which test produced pValue. 'none' when fewer than two non-empty rows or columns remain. */
  test: IndependenceTestName;
  /**
   * Pearson X² (Yates-corrected for 'chi-square-yates'). For the exact tests it is the uncorrected X²,
   * reported as a descriptive size of the deviation; their p-value does not come from it via χ²(df).
   */
  statistic: number;
  /** (r − 1)(c − 1) of the table after empty rows/columns were dropped. */
  df: number;
  pValue: number;
  /** Expected counts of the trimmed table, indexed like keptRows × keptColumns. */
  expected: number[][];
  keptRows: number[];
  keptColumns: number[];
  /** Total count. */
  n: number;
  /** Present for 'monte-carlo'. */
  replicates?: number;
  warnings: string[];
};

/**
 * Test of independence for an r×c table of counts, choosing between the χ² approximation and an
 * exact test so that dashboards do not report χ² p-values for the sparse tables small pilot studies give.
 *
 * Exact tests: Fisher's for 2×2 (hypergeometric, exact enumeration); for larger tables a seeded
 * Monte-Carlo p-value of X² given the margins (as R's chisq.test(simulate.p.value = TRUE)). We do not
 * enumerate r×c tables: the number of tables with given margins grows too fast for a request handler
 * to bound its runtime, while B = 10 000 replicates gives a standard error below 0.005 at any p.
 *
 * χ² p-values are 1 − CDF, so values below about 1e-15 come out as 0; report them as "< 1e-15".
 */
export function testIndependence(table: CountTable, options: IndependenceTestOptions = {}): IndependenceTestResult {
  const { counts, keptRows, keptColumns, warnings } = dropEmptyMargins(table);
  const margins = computeMargins(counts);
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  const base = { keptRows, keptColumns, n: margins.total, warnings };

  if (rows < 2 || columns < 2) {
    warnings.push('Association cannot be tested: fewer than two non-empty rows or columns.');
    return { ...base, test: 'none', statistic: Number.NaN, df: 0, pValue: Number.NaN, expected: margins.total > 0 ? computeExpectedCounts(margins) : [] };
  }

  const expected = computeExpectedCounts(margins);
  const df = (rows - 1) * (columns - 1);
  const minExpected = options.minExpected ?? 5;
  const smallestExpected = Math.min(...expected.flat());
  const isSparse = smallestExpected < minExpected;
  const exact = options.exact ?? 'auto';
  const isTwoByTwo = rows === 2 && columns === 2;

  if (exact === 'always' || (exact === 'auto' && isSparse)) {
    if (isSparse && exact === 'auto') {
      warnings.push(`Smallest expected count is ${smallestExpected.toFixed(2)} (< ${minExpected}); used an exact test instead of the chi-square approximation.`);
    }
    const statistic = computePearsonStatistic(counts, expected);
    if (isTwoByTwo) {
      return { ...base, test: 'fisher-exact', statistic, df, pValue: testFisherExact(counts).pValue, expected };
    }
    const simulation = simulateIndependencePValue(counts, options);
    warnings.push(`p-value from ${simulation.replicates} Monte-Carlo tables with the observed margins (seed "${simulation.seed}").`);
    return { ...base, test: 'monte-carlo', statistic, df, pValue: simulation.pValue, expected, replicates: simulation.replicates };
  }

  if (isSparse) {
    warnings.push(`Smallest expected count is ${smallestExpected.toFixed(2)} (< ${minExpected}); the chi-square approximation may be inaccurate.`);
  }
  const yates = isTwoByTwo && (options.correct ?? true);
  const statistic = computePearsonStatistic(counts, expected, yates);
  const pValue = Math.max(0, 1 - chisquareCdf(statistic, df));
  return { ...base, test: yates ? 'chi-square-yates' : 'chi-square', statistic, df, pValue, expected };
}
