// Pooled preference by background, laid out as the survey's Figure 18: background groups side by
// side, one bar per explanation method (legend in bar order), cluster bootstrap intervals as error
// bars, and the same numbers as a table.
import type { ResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import { ChartPanel } from './chart-panel';
import { ShareBarChart, type BarDatum } from './share-bar-chart';
import { formatPStatement, formatPercent } from './palette';
import { ci, splitCaption } from './results-sections';

export function PooledPreferenceSection({ d }: { d: ResultsDashboard }) {
  const p = d.pooled;
  if (!p) return <p>No image-choice questions whose options name an explanation method.</p>;
  const groups = p.groups.length > 1 || d.query.pooledSplit.length > 0 ? p.groups : [p.overall];
  const data: BarDatum[] = groups.map((g) => ({
    category: g.label,
    points: Object.fromEntries(g.cells.map((c) => [c.method, { value: c.share, lower: c.lower, upper: c.upper }])),
  }));
  const which = p.model === null ? `all ${p.itemIds.length} method questions` : `the ${p.itemIds.length} questions explaining ${p.model}`;
  const t = p.test;
  return (
    <>
      <ChartPanel id="pooled-preference" title={`Preferred method by background, pooled over ${which}`}
        caption={<>
          {splitCaption(d, d.query.pooledSplit)}Share = a method&apos;s selections ÷ all selections in the group{p.multiple ? ' (a multi-select question adds one selection per method ticked)' : ''}.
          Bars: 95% participant-level cluster bootstrap percentile intervals ({p.resamples} resamples of whole participants, seeded), since each participant answers several questions.
          Questions: {p.itemIds.join(', ')}.
        </>}
        chart={<ShareBarChart data={data} series={p.methods} xLabel="Background" yLabel="Share of selections" />}
        table={
          <table className="table" data-testid="pooled-preference-table">
            <thead><tr><th scope="col">Group</th><th scope="col">Participants</th><th scope="col">Method</th><th scope="col">Selections</th><th scope="col">All selections</th><th scope="col">Share</th><th scope="col">95% CI (cluster bootstrap)</th></tr></thead>
            <tbody>
              {groups.flatMap((g) => g.cells.map((c) => (
                <tr key={`${g.key}:${c.method}`} data-group={g.label} data-method={c.method}>
                  <td>{g.label}</td><td>{g.participants}</td><td>{c.method}</td><td data-testid="count">{c.count}</td><td>{g.selections}</td><td>{formatPercent(c.share)}</td><td>{ci(c.lower, c.upper)}</td>
                </tr>
              )))}
            </tbody>
          </table>
        } />
      {d.query.pooledSplit.length === 0
        ? <p className="muted">Choose a background item under “Pooled preference by” to compare groups.</p>
        : t
          ? <p className="muted" data-testid="pooled-test">
              Does the preferred method depend on background? Permutation test: the group labels are shuffled over participants ({t.permutations} permutations, seeded), each keeping all their answers, and X² of the pooled selections is compared with its permutation distribution, so no independence between one participant&apos;s answers is assumed.
              X² = {t.statistic.toFixed(2)} (df = {t.df}, {t.participants} participants, {t.selections} selections), {formatPStatement(t.pValue)}; Cramér&apos;s V = {t.cramersV?.toFixed(2) ?? '—'} (descriptive, on selections).
            </p>
          : <p className="muted">Not enough groups or methods with selections to test.</p>}
    </>
  );
}
