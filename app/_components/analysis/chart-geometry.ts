// The pure parts of the dashboard's bar charts: rows for recharts, error-bar deltas, label wrapping
// and the choice between columns and horizontal bars. Every category keeps its label: recharts
// leaves out axis labels that would overlap, and a figure whose groups are unnamed cannot be read.

export type BarSeriesPoint = { value: number | null; lower?: number | null; upper?: number | null };
export type BarDatum = { category: string; points: Record<string, BarSeriesPoint> };
export type ChartRow = Record<string, string | number | [number, number] | null>;

/**
 * Asymmetric error-bar deltas [below, above] of an interval around a value, on the chart's scale.
 * Intervals that touch 0 % or 100 % keep their other side (0 – 65.8 % around 0 is [0, 65.8]); a
 * delta never goes negative when rounding puts a bound a hair past the value. Null without an interval.
 */
export function errorDeltas(value: number | null, lower: number | null | undefined, upper: number | null | undefined, scale = 1): [number, number] | null {
  if (value === null || lower == null || upper == null || !Number.isFinite(value) || !Number.isFinite(lower) || !Number.isFinite(upper)) return null;
  return [Math.max(0, value - lower) * scale, Math.max(0, upper - value) * scale];
}

/** One recharts row per category: `s<k>` the value of series k, `e<k>` its error-bar deltas. */
export function chartRows(data: readonly BarDatum[], series: readonly string[], percent: boolean): ChartRow[] {
  const scale = percent ? 100 : 1;
  return data.map((d) => {
    const row: ChartRow = { category: d.category };
    series.forEach((s, k) => {
      const p = d.points[s];
      const v = p?.value ?? null;
      row[`s${k}`] = v === null ? null : v * scale;
      const e = errorDeltas(v, p?.lower, p?.upper, scale);
      if (e) row[`e${k}`] = e;
    });
    return row;
  });
}

/** Splits a label into lines of at most about `width` characters, at spaces; longer words are cut. */
export function wrapLabel(label: string, width: number): string[] {
  const w = Math.max(1, Math.floor(width));
  const words = label.split(/\s+/).filter((x) => x !== '').flatMap((word) => {
    if (word.length <= w) return [word];
    const pieces: string[] = [];
    for (let i = 0; i < word.length; i += w) pieces.push(word.slice(i, i + w));
    return pieces;
  });
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= w) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 ? lines : [''];
}

/** Columns for a few categories; horizontal bars (one row per category) for many or long ones. */
export type ChartLayout =
  | { kind: 'columns'; wrapWidth: number; tickHeight: number; height: number }
  | { kind: 'bars'; wrapWidth: number; axisWidth: number; height: number };

export const MAX_COLUMNS = 6;
const LINE_PX = 15;

export function chooseLayout(categories: readonly string[], seriesCount: number): ChartLayout {
  const n = Math.max(1, categories.length);
  // About 90 characters across a narrow chart, shared among the categories.
  const columnWidth = Math.max(10, Math.floor(90 / n));
  const columnLines = Math.max(1, ...categories.map((c) => wrapLabel(c, columnWidth).length));
  if (categories.length <= MAX_COLUMNS && columnLines <= 4) {
    const tickHeight = LINE_PX * columnLines + 10;
    return { kind: 'columns', wrapWidth: columnWidth, tickHeight, height: 320 + tickHeight };
  }
  const wrapWidth = 32;
  const rowHeights = categories.map((c) => Math.max(LINE_PX * wrapLabel(c, wrapWidth).length + 10, 18 * Math.max(1, seriesCount) + 12));
  // recharts gives every category the same band, so the tallest label sets the row height.
  return { kind: 'bars', wrapWidth, axisWidth: 230, height: Math.max(...rowHeights) * categories.length + 110 };
}
