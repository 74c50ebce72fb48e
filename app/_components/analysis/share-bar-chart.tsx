'use client';
// Grouped bars with asymmetric error bars (e.g. shares with 95% Wilson intervals). One bar series
// per group, coloured from the colour-blind-safe palette, with axis labels and a legend in bar order.
// Every category is labelled (wrapped onto several lines); many or long categories are drawn as
// horizontal bars, one row each, so no label is ever left out.
import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, Rectangle, ResponsiveContainer, Tooltip, XAxis, YAxis, ReferenceLine, type BarShapeProps } from 'recharts';
import { chartLabelStyle, colourAt } from './palette';
import { chartRows, chooseLayout, wrapLabel, type BarDatum } from './chart-geometry';

export type { BarDatum, BarSeriesPoint } from './chart-geometry';

type TickProps = { x?: number | string; y?: number | string; payload?: { value?: unknown } };

function ColumnTick({ x, y, payload, width }: TickProps & { width: number }) {
  const lines = wrapLabel(String(payload?.value ?? ''), width);
  return (
    <text x={Number(x)} y={Number(y)} textAnchor="middle" fontSize={12} fill="currentColor">
      {lines.map((line, i) => <tspan key={i} x={Number(x)} dy={i === 0 ? '0.9em' : '1.15em'}>{line}</tspan>)}
    </text>
  );
}

function RowTick({ x, y, payload, width }: TickProps & { width: number }) {
  const lines = wrapLabel(String(payload?.value ?? ''), width);
  // Centre the block of lines on the row.
  const first = `${0.35 - ((lines.length - 1) * 1.15) / 2}em`;
  return (
    <text x={Number(x)} y={Number(y)} textAnchor="end" fontSize={12} fill="currentColor">
      {lines.map((line, i) => <tspan key={i} x={Number(x)} dy={i === 0 ? first : '1.15em'}>{line}</tspan>)}
    </text>
  );
}

// A custom shape keeps bars of zero length in the data recharts hands to ErrorBar (it drops them
// otherwise), so an interval such as 0 – 65.8 % around a 0 % bar is still drawn.
function BarShape(props: BarShapeProps) {
  return <Rectangle {...props} />;
}

export function ShareBarChart({ data, series, xLabel, yLabel, percent = true, reference }: { data: BarDatum[]; series: string[]; xLabel: string; yLabel: string; percent?: boolean; reference?: { y: number; label: string } }) {
  const rows = chartRows(data, series, percent);
  const layout = chooseLayout(data.map((d) => d.category), series.length);
  const valueDomain: [number, number | 'auto'] = percent ? [0, 100] : [0, 'auto'];
  const unit = percent ? '%' : '';
  const referenceValue = reference ? (percent ? reference.y * 100 : reference.y) : null;
  const horizontal = layout.kind === 'bars';
  return (
    <ResponsiveContainer width="100%" height={layout.height}>
      <BarChart data={rows} layout={horizontal ? 'vertical' : 'horizontal'} margin={{ top: 10, right: 30, bottom: 40, left: 20 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={horizontal} horizontal={!horizontal} />
        {layout.kind === 'columns' ? (
          <>
            <XAxis dataKey="category" type="category" interval={0} height={layout.tickHeight} tick={<ColumnTick width={layout.wrapWidth} />} label={{ value: xLabel, position: 'insideBottom', offset: -25, style: chartLabelStyle }} />
            <YAxis type="number" domain={valueDomain} unit={unit} label={{ value: yLabel, angle: -90, position: 'insideLeft', style: { ...chartLabelStyle, textAnchor: 'middle' } }} />
          </>
        ) : (
          <>
            <YAxis dataKey="category" type="category" interval={0} width={layout.axisWidth} tick={<RowTick width={layout.wrapWidth} />} label={{ value: xLabel, angle: -90, position: 'insideLeft', style: { ...chartLabelStyle, textAnchor: 'middle' } }} />
            <XAxis type="number" domain={valueDomain} unit={unit} label={{ value: yLabel, position: 'insideBottom', offset: -25, style: chartLabelStyle }} />
          </>
        )}
        <Tooltip formatter={(v) => (typeof v === 'number' ? (percent ? `${v.toFixed(1)}%` : Number.isInteger(v) ? String(v) : v.toFixed(1)) : String(v))} />
        {/* recharts sorts legend entries by name unless told otherwise; keep them in bar order. Its
            labels are drawn in the series colour by default (orange on white is 2.3:1, below WCAG's
            4.5:1); the swatch carries the colour, the text stays in the page's text colour. */}
        <Legend verticalAlign="top" itemSorter={(entry) => series.indexOf(String(entry.value))} labelStyle={{ color: 'var(--fg)' }} />
        {referenceValue !== null && reference && (horizontal
          ? <ReferenceLine x={referenceValue} stroke="#000" strokeDasharray="4 4" label={{ value: reference.label, style: chartLabelStyle }} />
          : <ReferenceLine y={referenceValue} stroke="#000" strokeDasharray="4 4" label={{ value: reference.label, style: chartLabelStyle }} />)}
        {series.map((s, k) => (
          <Bar key={s} dataKey={`s${k}`} name={s} fill={colourAt(k)} isAnimationActive={false} shape={BarShape}>
            <ErrorBar dataKey={`e${k}`} width={4} stroke="#000" direction={horizontal ? 'x' : 'y'} />
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
