import { assertCount } from './assert-count';

export type CountTable = readonly (readonly number[])[];

export type TrimmedTable = {
  counts: number[][];
  /** Indices into the original table, so callers can map results back to their labels. */
  keptRows: number[];
  keptColumns: number[];
  warnings: string[];
};

/**
 * Removes rows and columns whose total is zero. They carry no information about association but make
 * expected counts zero, so X² would divide by zero; R's chisq.test returns NaN there, which a dashboard
 * would show as a broken test instead of the answer option nobody picked.
 */
export function dropEmptyMargins(table: CountTable): TrimmedTable {
  const width = table[0]?.length ?? 0;
  table.forEach((row, i) => {
    if (row.length !== width) throw new RangeError(`row ${i} has ${row.length} cells, expected ${width}`);
    row.forEach((cell, j) => assertCount(cell, `count [${i}][${j}]`));
  });

  const rowTotals = table.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const columnTotals = Array.from({ length: width }, (_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const keptRows = rowTotals.flatMap((total, i) => (total > 0 ? [i] : []));
  const keptColumns = columnTotals.flatMap((total, j) => (total > 0 ? [j] : []));

  const warnings: string[] = [];
  const droppedRows = table.length - keptRows.length;
  const droppedColumns = width - keptColumns.length;
  if (droppedRows > 0) warnings.push(`Dropped ${droppedRows} all-zero row(s).`);
  if (droppedColumns > 0) warnings.push(`Dropped ${droppedColumns} all-zero column(s).`);

  const counts = keptRows.map((i) => keptColumns.map((j) => table[i]?.[j] ?? 0));
  return { counts, keptRows, keptColumns, warnings };
}

/** The cells [a, b, c, d] of a 2×2 table [[a, b], [c, d]]; `what` names the statistic in the error. */
export function cells2x2(table: CountTable, what: string): [number, number, number, number] {
  const [first, second] = table;
  const a = first?.[0];
  const b = first?.[1];
  const c = second?.[0];
  const d = second?.[1];
  if (table.length !== 2 || first?.length !== 2 || second?.length !== 2 || a === undefined || b === undefined || c === undefined || d === undefined) {
    throw new RangeError(`${what} for 2×2 tables only`);
  }
  return [a, b, c, d];
}
