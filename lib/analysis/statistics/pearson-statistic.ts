import type { CountTable } from './drop-empty-margins';

export type Margins = { rowTotals: number[]; columnTotals: number[]; total: number };

export function computeMargins(counts: CountTable): Margins {
  const width = counts[0]?.length ?? 0;
  const rowTotals = counts.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const columnTotals = Array.from({ length: width }, (_, j) => counts.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  return { rowTotals, columnTotals, total };
}

/** Expected counts under independence, E_ij = row_i · col_j / n. Requires n > 0. */
export function computeExpectedCounts(margins: Margins): number[][] {
  const { rowTotals, columnTotals, total } = margins;
  return rowTotals.map((rowTotal) => columnTotals.map((columnTotal) => (rowTotal * columnTotal) / total));
}

/**
 * Pearson's X² = Σ (|O − E| − c)² / E, with c = 0 normally. For Yates' correction R's chisq.test uses
 * c = min(0.5, min |O − E|) so the correction can never flip the sign of a deviation; we copy that so
 * our 2×2 results match R to the last digit.
 */
export function computePearsonStatistic(counts: CountTable, expected: CountTable, yates = false): number {
  let correction = 0;
  if (yates) {
    correction = 0.5;
    counts.forEach((row, i) =>
      row.forEach((cell, j) => {
        correction = Math.min(correction, Math.abs(cell - (expected[i]?.[j] ?? 0)));
      }),
    );
  }
  let statistic = 0;
  counts.forEach((row, i) =>
    row.forEach((cell, j) => {
      const e = expected[i]?.[j] ?? 0;
      const deviation = Math.abs(cell - e) - correction;
      statistic += (deviation * deviation) / e;
    }),
  );
  return statistic;
}
