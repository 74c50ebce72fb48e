// The dashboard's choices as a plain GET form: the address holds the whole view, so a view can be
// bookmarked or shared with a collaborator, and it works without JavaScript.
import type { ResultsDashboard } from '@/lib/analysis/get-results-dashboard';

export function ResultsControls({ studyId, d }: { studyId: string; d: ResultsDashboard }) {
  const q = d.query;
  // Question selectors take a whole row: their options are whole prompts (id, model, face, question).
  const splitSelect = (k: number, label: string) => (
    <div className="field field-wide">
      <label htmlFor={`split-${k}`}>{label}</label>
      <select id={`split-${k}`} name="split" defaultValue={q.split[k] ?? ''}>
        <option value="">{k === 0 ? 'No split (everyone)' : '—'}</option>
        {d.splitItems.map((s) => <option key={s.id} value={s.id} title={s.label}>{s.label}</option>)}
      </select>
    </div>
  );
  const pooledSelect = (k: number, label: string) => (
    <div className="field field-wide">
      <label htmlFor={`pooled-split-${k}`}>{label}</label>
      <select id={`pooled-split-${k}`} name="pooledSplit" defaultValue={q.pooledSplit[k] ?? ''}>
        <option value="">{k === 0 ? 'No split (everyone)' : '—'}</option>
        {d.splitItems.map((s) => <option key={s.id} value={s.id} title={s.label}>{s.label}</option>)}
      </select>
    </div>
  );
  return (
    <form method="get" action={`/studies/${studyId}/results`} className="row results-controls" aria-label="Dashboard options">
      <div className="field">
        <label htmlFor="version">Version</label>
        <select id="version" name="version" defaultValue={String(q.version)}>
          <option value="pooled">All versions pooled</option>
          {d.versions.map((v) => <option key={v} value={v}>Version {v}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="include">Participants</label>
        <select id="include" name="include" defaultValue={q.include}>
          <option value="all">All</option>
          <option value="kept">Without excluded</option>
        </select>
      </div>
      <div className="field field-wide">
        <label htmlFor="item">Preference question</label>
        <select id="item" name="item" defaultValue={q.item ?? ''}>
          {d.preferenceItems.map((i) => <option key={i.id} value={i.id} title={i.label}>{i.label}</option>)}
        </select>
      </div>
      {splitSelect(0, 'Split by background')}
      {splitSelect(1, 'and by')}
      {pooledSelect(0, 'Pooled preference by')}
      {pooledSelect(1, 'and by')}
      {(d.pooled?.models.length ?? 0) > 0 && (
        <div className="field">
          <label htmlFor="pooled-model">Pooled questions</label>
          <select id="pooled-model" name="pooledModel" defaultValue={q.pooledModel ?? ''}>
            <option value="">All models</option>
            {d.pooled?.models.map((m) => <option key={m} value={m}>Model: {m}</option>)}
          </select>
        </div>
      )}
      <button className="button" type="submit">Apply</button>
    </form>
  );
}

export function ExportLinks({ studyId, d }: { studyId: string; d: ResultsDashboard }) {
  const base = `/api/studies/${studyId}/export-responses?version=${d.query.version}&include=${d.query.include}`;
  return (
    <p className="actions">
      <a className="button secondary" href={`${base}&format=csv`} download>Download answers (CSV, long)</a>
      <a className="button secondary" href={`${base}&format=json`} download>JSON</a>
      <a className="button secondary" href={`${base}&format=wide`} download>Per participant (CSV, wide)</a>
      <a className="button secondary" href={`${base}&format=codebook`} download>Codebook</a>
    </p>
  );
}
