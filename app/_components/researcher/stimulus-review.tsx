// The stimulus review sheet: every generated image of a study version with what it shows and its
// quality measures, so a researcher can decide whether to publish. Weakness is written out in words
// (and pass/fail as text), never carried by colour alone.
import { formatValue } from '@/lib/explainers/quality/quality-report';
import type { ReviewCell, ReviewRow, ReviewSummary } from '@/lib/stimuli/review-stimuli';

const statusText: Record<ReviewCell['status'], string> = {
  queued: 'Queued for generation',
  running: 'Generating…',
  done: 'Done',
  failed: 'Generation failed',
  cancelled: 'Generation cancelled',
  missing: 'Not generated yet',
};

export function cellAnchor(key: string): string {
  return `cell-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export function WeakList({ items }: { items: ReviewSummary['weakList'] }) {
  if (!items.length) return null;
  return (
    <section className="notice weak-list" aria-labelledby="weak-list-title">
      <h2 id="weak-list-title">Weak stimuli</h2>
      <ul>
        {items.map((w) => (
          <li key={w.key}>
            <a href={`#${cellAnchor(w.key)}`}>{w.name}</a>: {w.reasons.join('; ')}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Cell({ cell }: { cell: ReviewCell }) {
  return (
    <li id={cellAnchor(cell.key)} className={`review-cell${cell.weak ? ' is-weak' : ''}`} data-testid="review-cell" data-status={cell.status} data-weak={cell.weak} data-method={cell.method}>
      <figure>
        {cell.imageUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- generated PNGs are served as-is by our route
          <img src={cell.imageUrl} alt={cell.name} width={224} height={224} loading="lazy" />
        ) : (
          <div className="image-pending">{statusText[cell.status]}</div>
        )}
        <figcaption>
          <span>
            <strong>{cell.value === 'context' ? 'Face' : cell.value}</strong>
            {cell.note && <span className="tag">{cell.note}</span>}
          </span>
          <span>{cell.method} · {cell.model}</span>
          <span className="muted">{cell.target}</span>
        </figcaption>
      </figure>
      {cell.weak && (
        <p className="weak-flag">
          <strong>Weak:</strong> {cell.quality?.reasons.join('; ') ?? 'marked weak'}
        </p>
      )}
      {cell.status === 'failed' && cell.error && <p className="weak-flag">{cell.error}</p>}
      {cell.quality ? (
        <ul className="measures" aria-label="Quality measures">
          {cell.quality.measures.map((m) => (
            <li key={m.id} className={m.pass ? 'pass' : 'fail'} data-testid="measure">
              <span className="verdict">{m.pass ? 'pass' : 'FAIL'}</span> {m.label}: <strong>{formatValue(m.value)}</strong>{' '}
              <span className="muted">(needs {m.threshold}{m.detail ? `; ${m.detail}` : ''})</span>
            </li>
          ))}
        </ul>
      ) : (
        cell.status === 'done' && <p className="muted">{cell.method === 'face' ? 'The face as the model sees it; its prediction is above.' : 'No quality report for this image.'}</p>
      )}
    </li>
  );
}

export function ReviewGrid({ rows }: { rows: ReviewRow[] }) {
  return (
    <>
      {rows.map((row) => (
        <section key={row.itemId} className="review-row" aria-labelledby={`row-${row.itemId}`}>
          <h2 id={`row-${row.itemId}`}>
            {/* eslint-disable-next-line @next/next/no-img-element -- a researcher-only route serves the thumbnail */}
            {row.faceThumbnailUrl && <img src={row.faceThumbnailUrl} alt="" width={40} height={40} data-testid="row-face-thumbnail" />}
            {row.itemId} <span className="muted">({row.type}{row.model ? `, ${row.model} model` : ''}{row.faceLabel ? `, ${row.faceLabel}` : ''})</span>
          </h2>
          <p className="muted review-prompt">{row.prompt}</p>
          <ul className="review-grid">
            {row.cells.map((c) => <Cell key={c.key} cell={c} />)}
          </ul>
        </section>
      ))}
    </>
  );
}
