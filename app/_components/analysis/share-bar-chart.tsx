'use client';
// Grouped bars with asymmetric error bars (e.g. shares with 95% Wilson intervals). One bar series
// per group, coloured from the colour-blind-safe palette, with axis labels and a legend.
import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, ReferenceLine } from 'recharts';
import { colourAt } from './palette';

export type BarSeriesPoint = { value: number | null; lower?: number | null; upper?: number | null };
export type BarDatum = { category: string; points: Record<string, BarSeriesPoint> };

/** Splits a long category label into lines of about `width` characters at spaces. */
function wrapLabel(label: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function WrappedTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  const lines = wrapLabel(String(payload?.value ?? ''), 18);
  return (
    <text x={Number(x)} y={Number(y)} textAnchor="middle" fontSize={12} fill="currentColor">
      {lines.map((line, i) => <tspan key={i} x={Number(x)} dy={i === 0 ? '0.9em' : '1.1em'}>{line}</tspan>)}
    </text>
  );
}

/**
 * `allCategoryLabels`: every category gets its label, wrapped onto several lines, instead of recharts
 * leaving out labels that would overlap (a figure whose groups are unnamed cannot be read).
 */
export function ShareBarChart({ data, series, xLabel, yLabel, percent = true, reference, allCategoryLabels = false }: { data: BarDatum[]; series: string[]; xLabel: string; yLabel: string; percent?: boolean; reference?: { y: number; label: string }; allCategoryLabels?: boolean }) {
  const rows = data.map((d) => {
    const row: Record<string, string | number | [number, number] | null> = { category: d.category };
    series.forEach((s, k) => {
      const p = d.points[s];
      const v = p?.value ?? null;
      row[`s${k}`] = v === null ? null : percent ? v * 100 : v;
      if (v !== null && p?.lower != null && p.upper != null) {
        const scale = percent ? 100 : 1;
        row[`e${k}`] = [(v - p.lower) * scale, (p.upper - v) * scale];
      }
    });
    return row;
  });
  const labelLines = allCategoryLabels ? Math.max(1, ...data.map((d) => wrapLabel(d.category, 18).length)) : 1;
  const tickHeight = allCategoryLabels ? 16 * labelLines + 8 : undefined;
  return (
    <ResponsiveContainer width="100%" height={320 + (tickHeight ?? 0)}>
      <BarChart data={rows} margin={{ top: 10, right: 20, bottom: 40, left: 20 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        {allCategoryLabels
          ? <XAxis dataKey="category" interval={0} height={tickHeight} tick={<WrappedTick />} label={{ value: xLabel, position: 'insideBottom', offset: -25 }} />
          : <XAxis dataKey="category" label={{ value: xLabel, position: 'insideBottom', offset: -25 }} />}
        <YAxis domain={percent ? [0, 100] : [0, 'auto']} unit={percent ? '%' : ''} label={{ value: yLabel, angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? (percent ? `${v.toFixed(1)}%` : v.toFixed(0)) : String(v))} />
        {/* recharts sorts legend entries by name unless told otherwise; keep them in bar order. */}
        <Legend verticalAlign="top" itemSorter={(entry) => series.indexOf(String(entry.value))} />
        {reference && <ReferenceLine y={percent ? reference.y * 100 : reference.y} stroke="#000" strokeDasharray="4 4" label={reference.label} />}
        {series.map((s, k) => (
          <Bar key={s} dataKey={`s${k}`} name={s} fill={colourAt(k)} isAnimationActive={false}>
            <ErrorBar dataKey={`e${k}`} width={4} stroke="#000" direction="y" />
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
