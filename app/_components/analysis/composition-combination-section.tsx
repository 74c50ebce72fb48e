// Who answered, by the combination of two background items (the survey's Figure 17: practitioner ×
// used explainability methods), beside the one-item composition charts above it.
import type { ResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import { ChartPanel } from './chart-panel';
import { ShareBarChart } from './share-bar-chart';
import { formatPercent } from './palette';
import { ci } from './results-sections';

const why = {
  'pooled-split': 'the two-way split chosen for the pooled preference',
  split: 'the two-way split chosen for the per-question preference',
  default: 'the study’s first two single-answer background items; choose a two-way split in the controls above to cross others',
} as const;

export function CompositionCombinationSection({ d }: { d: ResultsDashboard }) {
  const c = d.compositionCombination;
  if (!c) return null;
  const named = c.itemIds.map((id) => d.splitItems.find((s) => s.id === id)?.label ?? id);
  return (
    <ChartPanel id="bg-combination" title={`Who answered: ${c.itemIds.join(' × ')}`}
      caption={`${c.respondents} respondents who answered both ${named.join(' and ')} (${why[c.chosenBy]}). Each respondent is in exactly one combination, so the shares add up to 100%. Bars: 95% Wilson intervals.`}
      chart={<ShareBarChart data={c.cells.map((cell) => ({ category: cell.label, points: { Share: { value: cell.share, lower: cell.lower, upper: cell.upper } } }))} series={['Share']} xLabel="Combination of answers" yLabel="Share of respondents" />}
      table={<table className="table" data-testid="composition-combination-table"><thead><tr><th scope="col">Combination</th><th scope="col">Count</th><th scope="col">Share</th><th scope="col">95% CI</th></tr></thead>
        <tbody>{c.cells.map((cell) => <tr key={cell.values.join('|')}><td>{cell.label}</td><td>{cell.count}</td><td>{formatPercent(cell.share)}</td><td>{ci(cell.lower, cell.upper)}</td></tr>)}</tbody></table>} />
  );
}
