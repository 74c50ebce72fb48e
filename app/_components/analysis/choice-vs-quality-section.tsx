// Human choice next to the automatic measures (issue #12 item 2): per method, the rank correlation
// between how often a stimulus was chosen and each of its quality measures; a scatter of the
// method's headline measure; and every stimulus with its image, choice share and measures.
import type { ResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import type { MethodCorrelation, StimulusChoice } from '@/lib/analysis/get-choice-vs-quality';
import { ChartPanel } from './chart-panel';
import { ChoiceScatter } from './choice-scatter';
import { formatP, formatPercent } from './palette';

/** The measure each method's scatter shows: its faithfulness or face test, in this order of preference. */
const HEADLINE = ['deletionRatio', 'faceDetected', 'targetProbability', 'relativeActivation', 'insertionRatio', 'ssim'];

function reading(c: MethodCorrelation): string {
  const rho = c.test.rho;
  if (rho === null || c.direction === 'neither') return '';
  const better = (c.direction === 'higher') === rho > 0;
  return better ? 'chosen more often when better on this measure' : 'chosen more often when worse on this measure';
}

const value = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3));

export function ChoiceVsQualitySection({ d }: { d: ResultsDashboard }) {
  const c = d.choiceVsQuality;
  if (!c) return null;
  const rated = c.stimuli.filter((s) => s.measures.length > 0);
  if (rated.length === 0) return <p className="muted">No chosen stimulus has a quality report yet (reports are computed when the server generates a stimulus).</p>;
  return (
    <section aria-labelledby="choice-quality-title">
      <h3 id="choice-quality-title">Do participants choose the explanations the automatic measures rate best?</h3>
      <p className="muted">
        Share chosen = participants who chose the stimulus ÷ participants who answered its question. It depends on what the stimulus was shown next to,
        so each method&apos;s stimuli are compared among themselves: Spearman&apos;s ρ between share chosen and each quality measure over that method&apos;s stimuli,
        p from permuting the shares (all orders up to 8 stimuli, else 10 000 seeded permutations). With few stimuli per method the test has little power: read ρ with its n.
      </p>
      <table className="table" data-testid="choice-quality-correlations">
        <thead><tr><th scope="col">Method</th><th scope="col">Measure</th><th scope="col">Better</th><th scope="col">Stimuli</th><th scope="col">Spearman ρ</th><th scope="col">p</th><th scope="col">Reading</th></tr></thead>
        <tbody>
          {c.correlations.map((r) => (
            <tr key={`${r.method}:${r.measureId}`} data-method={r.method} data-measure={r.measureId}>
              <td>{r.method}</td><td>{r.label}</td><td>{r.direction === 'neither' ? '—' : r.direction}</td><td>{r.test.n}</td>
              <td data-testid="rho">{r.test.rho === null ? '— (a variable is constant)' : r.test.rho.toFixed(2)}</td>
              <td>{r.test.pValue === null ? '—' : `${formatP(r.test.pValue)}${r.test.method === 'exact' ? ' (exact)' : ''}`}</td>
              <td>{reading(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.methods.map((method) => <MethodScatter key={method} method={method} stimuli={c.stimuli.filter((s) => s.method === method)} />)}
      <StimulusTable stimuli={c.stimuli} />
    </section>
  );
}

function MethodScatter({ method, stimuli }: { method: string; stimuli: StimulusChoice[] }) {
  const measureId = HEADLINE.find((id) => stimuli.some((s) => s.measures.some((m) => m.id === id)));
  if (!measureId) return null;
  const points = stimuli.flatMap((s) => {
    const m = s.measures.find((x) => x.id === measureId);
    return m && s.share !== null ? [{ x: m.value, y: s.share * 100, label: `${s.itemLabel} (${s.chosen}/${s.shown})` }] : [];
  });
  if (points.length === 0) return null;
  const label = stimuli.flatMap((s) => s.measures).find((m) => m.id === measureId)?.label ?? measureId;
  return (
    <ChartPanel id={`choice-${method}`} title={`${method}: share chosen vs ${label}`}
      caption={`One point per stimulus (${points.length}).`}
      chart={<ChoiceScatter points={points} xLabel={label} yLabel="Share chosen (%)" />}
      table={<table className="table"><thead><tr><th scope="col">Question</th><th scope="col">{label}</th><th scope="col">Share chosen</th></tr></thead>
        <tbody>{points.map((p) => <tr key={p.label}><td>{p.label}</td><td>{value(p.x)}</td><td>{p.y.toFixed(1)}%</td></tr>)}</tbody></table>} />
  );
}

function StimulusTable({ stimuli }: { stimuli: StimulusChoice[] }) {
  return (
    <details>
      <summary>Every stimulus with its share chosen and quality measures ({stimuli.length})</summary>
      <div style={{ overflowX: 'auto' }}>
        <table className="table" data-testid="choice-quality-stimuli">
          <thead><tr><th scope="col">Image</th><th scope="col">Question</th><th scope="col">Method</th><th scope="col">Chosen</th><th scope="col">Share</th><th scope="col">Quality</th><th scope="col">Measures</th></tr></thead>
          <tbody>
            {stimuli.map((s) => (
              <tr key={`${s.itemId}:${s.option}:${s.stimulusId ?? ''}`}>
                {/* eslint-disable-next-line @next/next/no-img-element -- stimuli are served as-is by our route */}
                <td>{s.stimulusId ? <img src={`/api/stimuli/${s.stimulusId}`} alt={`${s.method} for ${s.itemLabel}`} width={56} height={56} loading="lazy" /> : '—'}</td>
                <td>{s.itemLabel}</td><td>{s.method}</td><td>{s.chosen} of {s.shown}</td><td>{s.share === null ? '—' : formatPercent(s.share)}</td>
                <td>{s.weak === null ? 'no report' : s.weak ? 'weak' : 'passes'}</td>
                <td>{s.measures.map((m) => `${m.label}: ${value(m.value)}`).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
