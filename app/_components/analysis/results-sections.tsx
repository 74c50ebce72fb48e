// The dashboard's figures. Each is a ChartPanel: a chart plus a table with the same numbers.
import type { ResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import type { PreferenceAnalysis } from '@/lib/analysis/preference-table';
import { ChartPanel } from './chart-panel';
import { ShareBarChart, type BarDatum } from './share-bar-chart';
import { formatP, formatPStatement, formatPercent } from './palette';

export const ci = (lower: number | null, upper: number | null) => (lower === null || upper === null ? '—' : `${formatPercent(lower)} – ${formatPercent(upper)}`);
const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
/** "Groups: answers to practitioner (Do you …?) × used_xai (Which …?). ", naming the split questions; empty without a split. */
export function splitCaption(d: ResultsDashboard, split: readonly string[]): string {
  if (split.length === 0) return '';
  const named = split.map((id) => d.splitItems.find((s) => s.id === id)?.label ?? id);
  const text = `Groups: answers to ${named.join(' × ')}`;
  // Prompts usually end in "?" already; do not follow it with a full stop.
  return /[.?!]$/.test(text) ? `${text} ` : `${text}. `;
}
const testNames: Record<string, string> = { 'chi-square': 'Chi-square test', 'chi-square-yates': 'Chi-square test (Yates)', 'fisher-exact': "Fisher's exact test", 'monte-carlo': 'Monte-Carlo exact test', none: 'No test' };

export function FunnelSection({ d }: { d: ResultsDashboard }) {
  const stages = [['Started (decided on consent)', d.funnel.started], ['Consented', d.funnel.consented], ['Completed', d.funnel.completed], ['Completed but excluded', d.funnel.excluded]] as const;
  const data: BarDatum[] = stages.map(([label, n]) => ({ category: label, points: { Participants: { value: n } } }));
  return (
    <ChartPanel id="funnel" title="Recruitment and completion"
      caption={`Declined: ${d.funnel.declined}. Excluded counts completed participants flagged by any rule below.`}
      chart={<ShareBarChart data={data} series={['Participants']} xLabel="Stage" yLabel="Participants" percent={false} />}
      table={<table className="table"><thead><tr><th scope="col">Stage</th><th scope="col">Participants</th></tr></thead>
        <tbody>{stages.map(([label, n]) => <tr key={label}><td>{label}</td><td>{n}</td></tr>)}</tbody></table>} />
  );
}

export function ExclusionsSection({ d }: { d: ResultsDashboard }) {
  return (
    <section aria-labelledby="exclusions-title">
      <h3 id="exclusions-title">Exclusion rules</h3>
      <table className="table" data-testid="exclusions">
        <thead><tr><th scope="col">Rule</th><th scope="col">How it is applied</th><th scope="col">Participants flagged</th></tr></thead>
        <tbody>
          {d.exclusions.rules.map((r) => <tr key={r.id}><td>{r.label}</td><td>{r.rule}</td><td>{r.applies ? r.count : '—'}</td></tr>)}
          <tr><td><strong>Any rule</strong></td><td>Participants flagged by at least one rule; “Without excluded” leaves them out of every figure.</td><td>{d.exclusions.excluded}</td></tr>
        </tbody>
      </table>
    </section>
  );
}

export function CompositionSection({ d }: { d: ResultsDashboard }) {
  if (d.composition.length === 0) return <p>No background items in this study.</p>;
  return (
    <>
      {d.composition.map((c) => (
        <ChartPanel key={c.itemId} id={`bg-${c.itemId}`} title={`Who answered: ${c.prompt}`}
          caption={`${c.respondents} respondents${c.multiple ? '; several answers possible, so shares add up to more than 100%' : ''}. Bars: 95% Wilson intervals.`}
          chart={<ShareBarChart data={c.shares.map((s) => ({ category: s.label, points: { Share: { value: s.share, lower: s.lower, upper: s.upper } } }))} series={['Share']} xLabel="Answer" yLabel="Share of respondents" />}
          table={<table className="table"><thead><tr><th scope="col">Answer</th><th scope="col">Count</th><th scope="col">Share</th><th scope="col">95% CI</th></tr></thead>
            <tbody>{c.shares.map((s) => <tr key={s.value}><td>{s.label}</td><td>{s.count}</td><td>{formatPercent(s.share)}</td><td>{ci(s.lower, s.upper)}</td></tr>)}</tbody></table>} />
      ))}
    </>
  );
}

function TestSummary({ p }: { p: PreferenceAnalysis }) {
  if (p.tests.length === 0) return <p className="muted">Choose a background split to test whether preference depends on it.</p>;
  return (
    <table className="table" data-testid="association-tests">
      <thead><tr><th scope="col">{p.multiple ? 'Method selected' : 'Preference'} vs background</th><th scope="col">Test</th><th scope="col">Statistic</th><th scope="col">p</th><th scope="col">Cramér&apos;s V</th><th scope="col">Notes</th></tr></thead>
      <tbody>
        {p.tests.map((t) => (
          <tr key={t.scope}>
            <td>{t.scope === 'choice' ? 'Choice' : t.scope}</td>
            <td>{testNames[t.test] ?? t.test}</td>
            <td>{Number.isNaN(t.statistic) ? '—' : `X² = ${t.statistic.toFixed(2)}, df = ${t.df}, n = ${t.n}`}</td>
            <td>{formatP(t.pValue)}</td>
            <td>{t.cramersV === null ? '—' : t.cramersV.toFixed(2)}</td>
            <td className="muted">{t.warnings.join(' ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PreferenceSection({ d }: { d: ResultsDashboard }) {
  const p = d.preference;
  if (!p) return <p>No image-choice questions in this study.</p>;
  const groups = p.groups.length > 1 || d.query.split.length > 0 ? p.groups : [p.overall];
  const data: BarDatum[] = p.methods.map((m) => ({
    category: m,
    points: Object.fromEntries(groups.map((g) => {
      const c = g.cells.find((x) => x.method === m);
      return [g.label, { value: c?.share ?? null, lower: c?.lower, upper: c?.upper }];
    })),
  }));
  const prompt = d.preferenceItems.find((i) => i.id === p.itemId)?.label ?? p.itemId;
  return (
    <>
      <ChartPanel id="preference" title={`${p.multiple ? 'Selection rate' : 'Preference'} by method: ${prompt}`}
        caption={`${splitCaption(d, d.query.split)}${p.overall.participants} participants answered. Bars: 95% Wilson intervals.${p.multiple ? ' Several methods could be selected: each bar is the share selecting that method.' : ''}`}
        chart={<ShareBarChart data={data} series={groups.map((g) => g.label)} xLabel="Explanation method" yLabel={p.multiple ? 'Share selecting' : 'Share preferring'} />}
        table={
          <table className="table" data-testid="preference-table">
            <thead><tr><th scope="col">Group</th><th scope="col">Method</th><th scope="col">Count</th><th scope="col">Participants</th><th scope="col">Share</th><th scope="col">95% CI</th></tr></thead>
            <tbody>
              {groups.flatMap((g) => g.cells.map((c) => (
                <tr key={`${g.key}:${c.method}`} data-group={g.label} data-method={c.method}>
                  <td>{g.label}</td><td>{c.method}</td><td data-testid="count">{c.count}</td><td>{g.participants}</td><td>{formatPercent(c.share)}</td><td>{ci(c.lower, c.upper)}</td>
                </tr>
              )))}
            </tbody>
          </table>
        } />
      <TestSummary p={p} />
    </>
  );
}

export function QuestionsSection({ d }: { d: ResultsDashboard }) {
  const q = d.questions;
  if (q.rows.length === 0) return null;
  const label = (r: (typeof q.rows)[number]) => (r.model ? `${r.itemId} (${r.model})` : r.itemId);
  const data: BarDatum[] = q.rows.map((r) => ({ category: label(r), points: Object.fromEntries(r.cells.map((c) => [c.method, { value: c.share, lower: c.lower, upper: c.upper }])) }));
  return (
    <>
      <ChartPanel id="questions" title="Preference per question"
        caption="One group of bars per question (with the model its stimuli explain, when recorded). Bars: 95% Wilson intervals."
        chart={<ShareBarChart data={data} series={q.methods} xLabel="Question" yLabel="Share choosing" />}
        table={<table className="table"><thead><tr><th scope="col">Question</th><th scope="col">Model</th><th scope="col">Method</th><th scope="col">Count</th><th scope="col">Answered</th><th scope="col">Share</th><th scope="col">95% CI</th></tr></thead>
          <tbody>{q.rows.flatMap((r) => r.cells.map((c) => <tr key={`${r.itemId}:${c.method}`}><td>{r.label}</td><td>{r.model ?? '—'}</td><td>{c.method}</td><td>{c.count}</td><td>{r.participants}</td><td>{formatPercent(c.share)}</td><td>{ci(c.lower, c.upper)}</td></tr>))}</tbody></table>} />
      {q.test && <p className="muted">Does preference depend on the question? {testNames[q.test.test]}: {formatPStatement(q.test.pValue)}, Cramér&apos;s V = {q.test.cramersV?.toFixed(2) ?? '—'}. {q.test.warnings.join(' ')}</p>}
    </>
  );
}

export function TimesSection({ d }: { d: ResultsDashboard }) {
  const rows = d.itemTimes.filter((t) => t.answers > 0);
  return (
    <ChartPanel id="times" title="Time per item"
      caption={`Median time from showing an item to answering it. Median consent-to-completion time: ${seconds(d.exclusions.medianCompletionMs)}.`}
      chart={<ShareBarChart data={rows.map((t) => ({ category: t.itemId, points: { 'Median (s)': { value: t.medianMs === null ? null : t.medianMs / 1000 } } }))} series={['Median (s)']} xLabel="Item" yLabel="Seconds" percent={false} />}
      table={<table className="table"><thead><tr><th scope="col">Item</th><th scope="col">Answers</th><th scope="col">Median</th><th scope="col">Mean</th></tr></thead>
        <tbody>{rows.map((t) => <tr key={t.itemId}><td>{t.prompt}</td><td>{t.answers}</td><td>{seconds(t.medianMs)}</td><td>{seconds(t.meanMs)}</td></tr>)}</tbody></table>} />
  );
}
