import seedrandom from 'seedrandom';
import type { CountTable } from './drop-empty-margins';
import { computeExpectedCounts, computeMargins, computePearsonStatistic } from './pearson-statistic';

export type MonteCarloOptions = {
  /** Number of simulated tables; R's chisq.test default is 2000, we default higher for steadier dashboards. */
  replicates?: number;
  /** Seeded so that a dashboard shows the same p-value on every reload and in every export. */
  seed?: string;
};

export type MonteCarloResult = { statistic: number; pValue: number; replicates: number; seed: string };

export const DEFAULT_MONTE_CARLO_REPLICATES = 10_000;
export const DEFAULT_MONTE_CARLO_SEED = 'chi-square-monte-carlo';

// R's chisq.test compares with STAT >= (1 - 64 eps) · observed so that permutations giving the same
// table (recomputed in a different summation order) are not lost to rounding.
const ALMOST_ONE = 1 - 64 * Number.EPSILON;

/**
 * Monte-Carlo p-value for Pearson's X² conditional on both margins, the method of R's
 * chisq.test(simulate.p.value = TRUE). We draw tables by shuffling the column labels of the n
 * individual observations against fixed row labels, which samples exactly the multiple-hypergeometric
 * null that Patefield's r2dtable samples, at O(n) per replicate. p = (1 + #{X²* ≥ X²}) / (B + 1),
 * so it is never 0 and is a valid (slightly conservative) p-value for any B.
 */
export function simulateIndependencePValue(counts: CountTable, options: MonteCarloOptions = {}): MonteCarloResult {
  const replicates = options.replicates ?? DEFAULT_MONTE_CARLO_REPLICATES;
  const seed = options.seed ?? DEFAULT_MONTE_CARLO_SEED;
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`replicates must be a positive integer, got ${replicates}`);

  const margins = computeMargins(counts);
  const expected = computeExpectedCounts(margins);
  const statistic = computePearsonStatistic(counts, expected);
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;

  const rowOf = new Int32Array(margins.total);
  const columnOf = new Int32Array(margins.total);
  let start = 0;
  margins.rowTotals.forEach((rowTotal, i) => {
    rowOf.fill(i, start, start + rowTotal);
    start += rowTotal;
  });
  start = 0;
  margins.columnTotals.forEach((columnTotal, j) => {
    columnOf.fill(j, start, start + columnTotal);
    start += columnTotal;
  });

  const flatExpected = Float64Array.from(expected.flat());
  const simulated = new Float64Array(rows * columns);
  const random = seedrandom(seed);
  const threshold = statistic * ALMOST_ONE;
  let atLeastAsExtreme = 0;
  for (let b = 0; b < replicates; b += 1) {
    // Fisher–Yates shuffle of the column labels.
    for (let i = columnOf.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      const swap = columnOf[i] ?? 0;
      columnOf[i] = columnOf[j] ?? 0;
      columnOf[j] = swap;
    }
    simulated.fill(0);
    for (let i = 0; i < rowOf.length; i += 1) {
      const cell = (rowOf[i] ?? 0) * columns + (columnOf[i] ?? 0);
      simulated[cell] = (simulated[cell] ?? 0) + 1;
    }
    let simulatedStatistic = 0;
    for (let cell = 0; cell < simulated.length; cell += 1) {
      const e = flatExpected[cell] ?? 0;
      const deviation = (simulated[cell] ?? 0) - e;
      simulatedStatistic += (deviation * deviation) / e;
    }
    if (simulatedStatistic >= threshold) atLeastAsExtreme += 1;
  }
  return { statistic, pValue: (1 + atLeastAsExtreme) / (replicates + 1), replicates, seed };
}
