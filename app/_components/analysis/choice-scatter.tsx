'use client';
// Share chosen (y, %) against one quality measure (x), one point per stimulus, with the question in
// the tooltip. A client component because recharts measures the container.
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { chartLabelStyle, colourAt } from './palette';

export type ChoicePoint = { x: number; y: number; label: string };

export function ChoiceScatter({ points, xLabel, yLabel }: { points: ChoicePoint[]; xLabel: string; yLabel: string }) {
  return (
    <ResponsiveContainer width="100%" height={320}>
      <ScatterChart margin={{ top: 10, right: 30, bottom: 40, left: 20 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" dataKey="x" name={xLabel} domain={['auto', 'auto']} label={{ value: xLabel, position: 'insideBottom', offset: -25, style: chartLabelStyle }} />
        <YAxis type="number" dataKey="y" name={yLabel} domain={[0, 100]} unit="%" label={{ value: yLabel, angle: -90, position: 'insideLeft', style: { ...chartLabelStyle, textAnchor: 'middle' } }} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : String(v))} labelFormatter={() => ''} />
        <Scatter data={points} fill={colourAt(3)} isAnimationActive={false} name="Stimuli" />
      </ScatterChart>
    </ResponsiveContainer>
  );
}
