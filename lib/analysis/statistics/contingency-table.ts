import { orderLabels } from './order-labels';

export type ContingencyTable = {
  /** Labels of the values of `a`, one per row. */
  rowLabels: string[];
  /** Labels of the values of `b`, one per column. */
  columnLabels: string[];
  /** counts[i][j] = number of observations with a = rowLabels[i] and b = columnLabels[j]. */
  counts: number[][];
};

export type ContingencyTableOptions = {
  /** Labels to place first, in this order, even if unobserved; others follow sorted (see orderLabels). */
  rowOrder?: readonly string[];
  columnOrder?: readonly string[];
};

/** Cross-tabulates paired categorical observations, e.g. { a: condition, b: answer } per response. */
export function buildContingencyTable(
  rows: readonly { a: string; b: string }[],
  options: ContingencyTableOptions = {},
): ContingencyTable {
  const rowLabels = orderLabels(
    rows.map((row) => row.a),
    options.rowOrder,
  );
  const columnLabels = orderLabels(
    rows.map((row) => row.b),
    options.columnOrder,
  );
  const rowIndex = new Map(rowLabels.map((label, i) => [label, i]));
  const columnIndex = new Map(columnLabels.map((label, j) => [label, j]));
  const counts = rowLabels.map(() => columnLabels.map(() => 0));
  for (const { a, b } of rows) {
    const countsRow = counts[rowIndex.get(a) ?? -1];
    const j = columnIndex.get(b) ?? -1;
    if (countsRow && j >= 0) countsRow[j] = (countsRow[j] ?? 0) + 1;
  }
  return { rowLabels, columnLabels, counts };
}
