// Reads a ChartPanel's figure from the page for its downloads: the chart's <svg> with every computed
// style that a file opened elsewhere would lose written onto its elements (recharts draws ticks in
// `currentColor` and the page sets fonts in CSS), the legend recharts draws as HTML, and the table's
// cells. Browser-only; the layout of the file itself is lib/figures/standalone-svg.ts.
import { estimateTextWidth, type FigureSvgInput, type LegendEntry, type Measure } from '@/lib/figures/standalone-svg';

const SHAPE_PROPERTIES = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity'];
const TEXT_PROPERTIES = [...SHAPE_PROPERTIES, 'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor'];
const PAINTED = new Set(['rect', 'path', 'line', 'polyline', 'polygon', 'circle', 'ellipse', 'text']);
// Values an SVG reader assumes anyway; leaving them out keeps the file readable.
const INITIAL: Record<string, string> = { 'fill-opacity': '1', 'stroke-opacity': '1', opacity: '1', 'stroke-dasharray': 'none', 'font-style': 'normal', stroke: 'none' };
// Hover state, not data: the tooltip's cursor band and active dots.
const TRANSIENT = '.recharts-tooltip-cursor, .recharts-active-dot';

/** The chart's own <svg> (the legend's icons are <svg class="recharts-surface"> too). */
export function chartSvgOf(figure: Element): SVGSVGElement | null {
  for (const svg of figure.querySelectorAll<SVGSVGElement>('svg.recharts-surface')) {
    if (!svg.closest('.recharts-legend-wrapper')) return svg;
  }
  return null;
}

/** Copies computed presentation values onto `copy` (a deep clone of `original`); returns copies to drop. */
function inlineStyles(original: Element, copy: Element, hidden: Element[]): void {
  const computed = getComputedStyle(original);
  if (computed.display === 'none' || computed.visibility === 'hidden') {
    hidden.push(copy);
    return;
  }
  if (PAINTED.has(original.localName)) {
    for (const p of original.localName === 'text' ? TEXT_PROPERTIES : SHAPE_PROPERTIES) {
      // "3px, 3px" → "3, 3": unitless numbers are what every SVG reader parses.
      const value = computed.getPropertyValue(p).trim().replace(/(\d)px\b/g, '$1');
      if (value === '' || INITIAL[p] === value) continue;
      copy.setAttribute(p, value);
      if (copy instanceof SVGElement) copy.style.removeProperty(p);
    }
  }
  const kids = original.children;
  for (let i = 0; i < kids.length; i++) {
    const o = kids[i];
    const c = copy.children[i];
    if (o && c) inlineStyles(o, c, hidden);
  }
}

/** The chart's markup with styles inlined, and its size on the page. */
export function chartMarkup(svg: SVGSVGElement): FigureSvgInput['chart'] {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const hidden: Element[] = [];
  inlineStyles(svg, copy, hidden);
  for (const el of hidden) el.remove();
  for (const el of copy.querySelectorAll(TRANSIENT)) el.remove();
  const box = svg.getBoundingClientRect();
  const serializer = new XMLSerializer();
  return {
    markup: Array.from(copy.childNodes, (n) => serializer.serializeToString(n)).join(''),
    width: box.width,
    height: box.height,
    viewBox: svg.getAttribute('viewBox') ?? undefined,
  };
}

/** Legend entries in the order shown, each with its swatch colour and where it sits over the chart. */
export function legendEntries(figure: Element, svg: SVGSVGElement): { entries: LegendEntry[]; fontSize: number | undefined } {
  const origin = svg.getBoundingClientRect();
  let fontSize: number | undefined;
  const entries: LegendEntry[] = [];
  for (const item of figure.querySelectorAll('.recharts-legend-wrapper .recharts-legend-item')) {
    const text = item.querySelector('.recharts-legend-item-text');
    const label = (text?.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (label === '') continue;
    const fill = item.querySelector('.recharts-legend-icon')?.getAttribute('fill');
    const colour = fill && fill !== 'none' && !fill.startsWith('url(') ? fill : text ? getComputedStyle(text).color : '#999999';
    const icon = item.querySelector('svg')?.getBoundingClientRect();
    const box = icon && icon.width > 0 ? { x: icon.left - origin.left, y: icon.top - origin.top, size: icon.width } : undefined;
    if (text && fontSize === undefined) fontSize = Number.parseFloat(getComputedStyle(text).fontSize) || undefined;
    entries.push({ label, colour, box });
  }
  return { entries, fontSize };
}

/** Text widths as the page's font draws them, so titles and captions wrap where they should. */
export function canvasMeasure(fontFamily: string): Measure {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return estimateTextWidth;
  return (text, fontSize, bold = false) => {
    context.font = `${bold ? '600 ' : ''}${fontSize}px ${fontFamily}`;
    return context.measureText(text).width;
  };
}

/** Header and body rows of the panel's table, as the text of each cell. */
export function tableRows(table: HTMLTableElement): string[][] {
  return Array.from(table.rows, (row) => Array.from(row.cells, (cell) => [cell.textContent ?? '', ...Array.from({ length: Math.max(0, cell.colSpan - 1) }, () => '')]).flat());
}
