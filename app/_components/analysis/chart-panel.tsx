'use client';
// A titled figure that shows either its chart or a table with the same numbers: the table is the
// accessible view (screen readers, exact values, copying) and what tests compare exports against.
// Each figure downloads as SVG and PNG (the chart, for a paper) and CSV (the table).
import { useRef, useState, type ReactNode } from 'react';
import type { FigureFileKind } from '@/lib/figures/figure-file-name';
import { downloadFigure } from './figure-download';
import { useFigureFilePrefix } from './figure-file-prefix';

const KINDS: readonly FigureFileKind[] = ['svg', 'png', 'csv'];

export function ChartPanel({ id, title, caption, chart, table }: { id: string; title: string; caption?: ReactNode; chart: ReactNode; table: ReactNode }) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  // A download in progress (a PNG takes a moment): further clicks wait. A ref, not `disabled`,
  // because disabling the focused button would drop a keyboard user's focus to the page.
  const busy = useRef(false);
  const [problem, setProblem] = useState('');
  const figure = useRef<HTMLElement>(null);
  const prefix = useFigureFilePrefix();

  async function download(kind: FigureFileKind) {
    if (!figure.current || busy.current) return;
    // SVG and PNG are files of the chart, and recharts only draws it with a size while it is shown
    // (its ResponsiveContainer measures 0 when hidden), so from the table view these switch to the
    // chart first: the reader then sees what the file holds, and no button is a dead end. The CSV
    // comes from the table, which stays in the page (hidden) in either view.
    if (kind !== 'csv') setView('chart');
    busy.current = true;
    setProblem('');
    try {
      await downloadFigure(figure.current, { kind, title, prefix, panelId: id });
    } catch (e) {
      setProblem(`The ${kind.toUpperCase()} file could not be made: ${e instanceof Error ? e.message : String(e)}.`);
    } finally {
      busy.current = false;
    }
  }

  return (
    <figure ref={figure} aria-labelledby={`${id}-title`} data-testid={`panel-${id}`} style={{ margin: '1rem 0 1.5rem', padding: '0.75rem 1rem', border: '1px solid var(--border)', borderRadius: 6 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'center', gap: '0.5rem 1rem' }}>
        <h3 id={`${id}-title`}>{title}</h3>
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.4rem' }}>
          <button type="button" className="button secondary small" aria-pressed={view === 'table'} onClick={() => setView(view === 'chart' ? 'table' : 'chart')}>
            {view === 'chart' ? 'Show table' : 'Show chart'}
          </button>
          <span role="group" aria-labelledby={`${id}-downloads`} style={{ display: 'inline-flex', alignItems: 'center', gap: '0.4rem' }}>
            <span id={`${id}-downloads`} className="muted">Download</span>
            {KINDS.map((kind) => (
              <button key={kind} type="button" className="button secondary small" aria-label={`Download ${title} as ${kind.toUpperCase()}`}
                title={kind === 'csv' ? 'The table, as CSV' : `The chart, as ${kind.toUpperCase()}`} onClick={() => void download(kind)}>
                {kind.toUpperCase()}
              </button>
            ))}
          </span>
        </div>
      </div>
      {view === 'chart' && <div style={{ width: '100%', minHeight: 320 }}>{chart}</div>}
      <div data-figure-table hidden={view === 'chart'}>{table}</div>
      {problem && <p className="error" role="alert">{problem}</p>}
      {caption && <figcaption className="muted">{caption}</figcaption>}
    </figure>
  );
}
