// Okabe & Ito's colour-blind-safe palette (2008), in the order that keeps neighbours distinguishable
// for the common colour-vision deficiencies; black is left out because axes and text use it.
export const okabeIto = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442', '#999999'];

/**
 * Axis titles and reference-line labels: recharts draws them in #808080 (3.9:1 on white, below WCAG's
 * 4.5:1 for text this size); the page's muted text colour is 6:1. Downloads copy the computed colour.
 */
export const chartLabelStyle = { fill: 'var(--muted)' } as const;

export function colourAt(i: number): string {
  return okabeIto[i % okabeIto.length] ?? '#999999';
}

export function formatPercent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`;
}

export function formatP(p: number): string {
  if (Number.isNaN(p)) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** "p = 0.012" or "p < 0.001", for running text (formatP alone would read "p = < 0.001"). */
export function formatPStatement(p: number): string {
  const text = formatP(p);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}
