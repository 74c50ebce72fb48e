// Intruder accuracy and coherency agreement: the dashboard figures for interpretability tasks, each a
// ChartPanel with a table of the same numbers.
import type { ResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import type { AccuracyRow } from '@/lib/analysis/accuracy-stats';
import { ChartPanel } from './chart-panel';
import { ShareBarChart } from './share-bar-chart';
import { formatP, formatPercent } from './palette';
import { ci } from './results-sections';

const pText = (p: number | null) => (p === null ? '—' : formatP(p));

function sameChance(rows: readonly AccuracyRow[]): number | null {
  const levels = new Set(rows.map((r) => r.chance));
  return levels.size === 1 ? (rows[0]?.chance ?? null) : null;
}

export function AccuracySection({ d }: { d: ResultsDashboard }) {
  const { byProbe, byLayer } = d.accuracy;
  if (byProbe.length === 0) return <p className="muted">No intruder items in this study.</p>;
  const chance = sameChance(byProbe);
  const label = (r: AccuracyRow) => `${r.layer} · ${r.probe ?? 'all units'}${chance === null ? ` (${Math.round(1 / r.chance)} images, chance ${formatPercent(r.chance)})` : ''}`;
  return (
    <ChartPanel id="accuracy" title="Intruder accuracy per unit or concept, against chance"
      caption={`Share of intruder trials answered correctly, per unit/concept and pooled per layer, with 95% Wilson intervals. p: one-sided exact binomial test against chance (one over the number of images)${chance === null ? '' : `, ${formatPercent(chance)} here (dashed line)`}; unit p-values are also Holm-adjusted within their layer. That test counts every answer as an independent trial; when participants answer several trials of a unit or layer, read the participant-level sign test in the table (participants above vs below chance), which does not.`}
      chart={<ShareBarChart data={[...byProbe, ...byLayer].map((r) => ({ category: label(r), points: { Accuracy: { value: r.accuracy, lower: r.lower, upper: r.upper } } }))} series={['Accuracy']} xLabel="Layer · unit or concept" yLabel="Share correct" reference={chance === null ? undefined : { y: chance, label: 'chance' }} />}
      table={
        <table className="table" data-testid="accuracy-table">
          <thead><tr><th scope="col">Layer</th><th scope="col">Unit / concept</th><th scope="col">Items</th><th scope="col">Correct</th><th scope="col">Trials</th><th scope="col">Accuracy</th><th scope="col">95% CI</th><th scope="col">Chance</th><th scope="col">p (above chance)</th><th scope="col">p (Holm)</th><th scope="col">Participants above / below chance</th><th scope="col">p (participants)</th></tr></thead>
          <tbody>
            {[...byProbe, ...byLayer].map((r) => (
              <tr key={`${r.layer}:${r.probe ?? ''}:${r.chance}`} data-layer={r.layer} data-probe={r.probe ?? 'all'}>
                <td>{r.layer}</td><td>{r.probe ?? <strong>all (layer)</strong>}</td><td>{r.items}</td><td data-testid="correct">{r.correct}</td><td data-testid="trials">{r.trials}</td>
                <td>{formatPercent(r.accuracy)}</td><td>{ci(r.lower, r.upper)}</td><td>{formatPercent(r.chance)}</td><td>{pText(r.pValue)}</td><td>{pText(r.pHolm)}</td>
                <td>{r.above} / {r.below} of {r.participants}</td><td>{pText(r.pParticipants)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      } />
  );
}

export function AgreementSection({ d }: { d: ResultsDashboard }) {
  const { items, layers } = d.agreement;
  if (items.length === 0) return <p className="muted">No coherency items in this study.</p>;
  return (
    <>
      <ChartPanel id="agreement" title="Coherency: agreement on what the images have in common"
        caption="Share of participants choosing each item's most frequent label (95% Wilson interval), and pairwise agreement: the chance that two participants chose the same label, against what choosing at random would give."
        chart={<ShareBarChart data={items.map((r) => ({ category: `${r.layer} · ${r.probe}`, points: { 'Most chosen label': { value: r.modal?.share ?? null, lower: r.modal?.lower, upper: r.modal?.upper }, 'Pairwise agreement': { value: r.pairwise }, 'Pairwise if random': { value: r.chancePairwise } } }))} series={['Most chosen label', 'Pairwise agreement', 'Pairwise if random']} xLabel="Layer · unit or concept" yLabel="Share" />}
        table={
          <table className="table" data-testid="agreement-table">
            <thead><tr><th scope="col">Item</th><th scope="col">Layer</th><th scope="col">Unit / concept</th><th scope="col">Participants</th><th scope="col">Most chosen label</th><th scope="col">Share</th><th scope="col">95% CI</th><th scope="col">Pairwise agreement</th><th scope="col">If random</th><th scope="col">All labels</th></tr></thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.itemId} data-item={r.itemId}>
                  <td>{r.itemId}</td><td>{r.layer}</td><td>{r.probe}</td><td>{r.raters}</td><td>{r.modal ? `${r.modal.label}${r.modal.tie ? ' (tied)' : ''}` : '—'}</td><td>{formatPercent(r.modal?.share ?? null)}</td>
                  <td>{r.modal ? ci(r.modal.lower, r.modal.upper) : '—'}</td><td>{formatPercent(r.pairwise)}</td><td>{formatPercent(r.chancePairwise)}</td>
                  <td className="muted">{r.labels.map((l) => `${l.label}: ${l.count}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        } />
      <table className="table" data-testid="agreement-layers">
        <caption>Krippendorff&apos;s alpha (nominal) per layer and label set: 1 is perfect agreement, 0 is what chance gives; it needs several items with the same labels.</caption>
        <thead><tr><th scope="col">Layer</th><th scope="col">Labels</th><th scope="col">Items</th><th scope="col">Answers</th><th scope="col">Krippendorff&apos;s α</th></tr></thead>
        <tbody>{layers.map((l) => <tr key={`${l.layer}:${l.labels.join('|')}`}><td>{l.layer}</td><td className="muted">{l.labels.join(' / ')}</td><td>{l.items}</td><td>{l.raters}</td><td>{l.alpha === null ? '—' : l.alpha.toFixed(3)}</td></tr>)}</tbody>
      </table>
    </>
  );
}
