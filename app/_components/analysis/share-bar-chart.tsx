'use client';
// Grouped bars with asymmetric error bars (e.g. shares with 95% Wilson intervals). One bar series
// per group, coloured from the colour-blind-safe palette, with axis labels and a legend.
import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, ReferenceLine } from 'recharts';
import { colourAt } from './palette';

export type BarSeriesPoint = { value: number | null; lower?: number | null; upper?: number | null };
export type BarDatum = { category: string; points: Record<string, BarSeriesPoint> };

export function ShareBarChart({ data, series, xLabel, yLabel, percent = true, reference }: { data: BarDatum[]; series: string[]; xLabel: string; yLabel: string; percent?: boolean; reference?: { y: number; label: string } }) {
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
  return (
    <ResponsiveContainer width="100%" height={320}>
      <BarChart data={rows} margin={{ top: 10, right: 20, bottom: 40, left: 20 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="category" label={{ value: xLabel, position: 'insideBottom', offset: -25 }} />
        <YAxis domain={percent ? [0, 100] : [0, 'auto']} unit={percent ? '%' : ''} label={{ value: yLabel, angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? (percent ? `${v.toFixed(1)}%` : v.toFixed(0)) : String(v))} />
        <Legend verticalAlign="top" />
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
