'use client';
// A titled figure that shows either its chart or a table with the same numbers: the table is the
// accessible view (screen readers, exact values, copying) and what tests compare exports against.
import { useState, type ReactNode } from 'react';

export function ChartPanel({ id, title, caption, chart, table }: { id: string; title: string; caption?: ReactNode; chart: ReactNode; table: ReactNode }) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <figure aria-labelledby={`${id}-title`} data-testid={`panel-${id}`} style={{ margin: '1rem 0 1.5rem', padding: '0.75rem 1rem', border: '1px solid var(--border)', borderRadius: 6 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: '1rem' }}>
        <h3 id={`${id}-title`}>{title}</h3>
        <button type="button" className="button secondary small" aria-pressed={view === 'table'} onClick={() => setView(view === 'chart' ? 'table' : 'chart')}>
          {view === 'chart' ? 'Show table' : 'Show chart'}
        </button>
      </div>
      {view === 'chart' ? <div style={{ width: '100%', minHeight: 320 }}>{chart}</div> : table}
      {caption && <figcaption className="muted">{caption}</figcaption>}
    </figure>
  );
}
