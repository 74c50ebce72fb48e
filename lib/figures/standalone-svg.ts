// A dashboard chart as a standalone SVG file for a paper: the chart as drawn on the page (its markup
// read by app/_components/analysis/figure-dom.ts, styles already inlined), on a white background, with
// the title above it, the legend (which recharts draws as HTML, outside its <svg>) as SVG shapes and
// text, and the caption below when it fits. Pure, so the layout is tested without a browser.

/** Width in px of a text at a font size; the page measures with a canvas, tests with the estimate. */
export type Measure = (text: string, fontSize: number, bold?: boolean) => number;

/** About the advance of an average character of a sans-serif font (wide enough not to overflow). */
export const estimateTextWidth: Measure = (text, fontSize, bold = false) => text.length * fontSize * (bold ? 0.6 : 0.56);

/** A legend entry; `box` is where its swatch was drawn on the page, in the chart's coordinates. */
export type LegendEntry = { label: string; colour: string; box?: { x: number; y: number; size: number } };

export type FigureSvgInput = {
  title: string;
  caption?: string;
  /** The children of the chart's <svg>, serialised; its size in px and its viewBox when it has one. */
  chart: { markup: string; width: number; height: number; viewBox?: string };
  legend?: readonly LegendEntry[];
  fontFamily?: string;
  textColour?: string;
  legendFontSize?: number;
  measure?: Measure;
};

export type FigureSvg = { text: string; width: number; height: number };

const PAD = 16;
const TITLE_SIZE = 16;
const CAPTION_SIZE = 12;
const LINE = 1.3;
const SWATCH = 12;
// A caption longer than this is left to the paper's own caption (it stays in <desc>): a figure with a
// paragraph under it is not what a journal wants, and cutting it short would change what it says.
export const MAX_CAPTION_LINES = 8;

// Characters XML 1.0 does not allow at all (a label typed with one would make the file unreadable).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const num = (n: number) => String(Math.round(n * 100) / 100);

/** Lines of at most `maxWidth` px, broken at spaces; a word longer than a line is cut. */
export function wrapText(text: string, maxWidth: number, fontSize: number, measure: Measure = estimateTextWidth, bold = false): string[] {
  const fits = (s: string) => measure(s, fontSize, bold) <= maxWidth;
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const last = lines.at(-1);
    if (last !== undefined && fits(`${last} ${word}`)) {
      lines[lines.length - 1] = `${last} ${word}`;
      continue;
    }
    let rest = word;
    while (!fits(rest) && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    lines.push(rest);
  }
  return lines;
}

/** A block of lines as one <text>, one <tspan> per line at an absolute position (every SVG reader agrees on those). */
function textBlock(lines: readonly string[], x: number, firstBaseline: number, size: number, attrs: string): string {
  const spans = lines.map((l, i) => `<tspan x="${num(x)}" y="${num(firstBaseline + i * size * LINE)}">${escapeXml(l)}</tspan>`).join('');
  return `<text ${attrs} font-size="${size}">${spans}</text>`;
}

function legendItem(entry: LegendEntry, x: number, y: number, size: number, fontSize: number, colour: string): string {
  // recharts' bar icon: a rectangle three quarters as tall as the icon box, centred in it.
  return `<g class="figure-legend-item"><rect x="${num(x)}" y="${num(y + size / 8)}" width="${num(size)}" height="${num((size * 3) / 4)}" fill="${escapeXml(entry.colour)}"/>` +
    `<text x="${num(x + size + 4)}" y="${num(y + size / 2)}" dy="0.35em" font-size="${fontSize}" fill="${escapeXml(colour)}">${escapeXml(entry.label)}</text></g>`;
}

/** Entries without a measured place: centred rows (as recharts lays them out), wrapped at `width`. */
export function legendRows(entries: readonly LegendEntry[], width: number, fontSize: number, measure: Measure = estimateTextWidth): { x: number; row: number; entry: LegendEntry }[] {
  const rows: { entry: LegendEntry; w: number }[][] = [[]];
  let used = 0;
  for (const entry of entries) {
    const w = SWATCH + 4 + measure(entry.label, fontSize) + 16;
    const row = rows[rows.length - 1] ?? [];
    if (row.length > 0 && used + w > width) {
      rows.push([{ entry, w }]);
      used = w;
    } else {
      row.push({ entry, w });
      used += w;
    }
  }
  return rows.flatMap((row, r) => {
    let x = (width - row.reduce((s, i) => s + i.w, 0) + 16) / 2;
    return row.map((i) => {
      const placed = { x: Math.max(0, x), row: r, entry: i.entry };
      x += i.w;
      return placed;
    });
  });
}

export function standaloneSvg(input: FigureSvgInput): FigureSvg {
  const measure = input.measure ?? estimateTextWidth;
  const colour = input.textColour ?? '#1b1f24';
  const legendSize = input.legendFontSize ?? 14;
  const width = Math.max(1, Math.round(input.chart.width));
  const chartHeight = Math.max(1, Math.round(input.chart.height));
  const inner = width - 2 * PAD;
  const parts: string[] = [];

  const titleLines = wrapText(input.title, inner, TITLE_SIZE, measure, true);
  let y = PAD;
  parts.push(textBlock(titleLines, PAD, y + TITLE_SIZE, TITLE_SIZE, `class="figure-title" font-weight="600" fill="${escapeXml(colour)}"`));
  y += titleLines.length * TITLE_SIZE * LINE + 8;

  const entries = input.legend ?? [];
  const placed = entries.length > 0 && entries.every((e) => e.box && Number.isFinite(e.box.x) && Number.isFinite(e.box.y) && e.box.size > 0);
  if (entries.length > 0 && !placed) {
    // No measured places: a band of its own between the title and the chart.
    const rows = legendRows(entries, inner, legendSize, measure);
    const rowHeight = legendSize * LINE + 4;
    parts.push(`<g class="figure-legend">${rows.map((r) => legendItem(r.entry, PAD + r.x, y + r.row * rowHeight, SWATCH, legendSize, colour)).join('')}</g>`);
    y += (Math.max(0, ...rows.map((r) => r.row)) + 1) * rowHeight + 4;
  }

  const chartTop = y;
  const viewBox = input.chart.viewBox ?? `0 0 ${width} ${chartHeight}`;
  parts.push(`<svg class="figure-chart" x="0" y="${num(chartTop)}" width="${width}" height="${chartHeight}" viewBox="${escapeXml(viewBox)}" overflow="visible">${input.chart.markup}</svg>`);
  if (placed) {
    // Where recharts put the HTML legend over the chart (it leaves room for it inside the <svg>).
    parts.push(`<g class="figure-legend" transform="translate(0 ${num(chartTop)})">${entries.map((e) => (e.box ? legendItem(e, e.box.x, e.box.y, e.box.size, legendSize, colour) : '')).join('')}</g>`);
  }
  y = chartTop + chartHeight;

  const caption = input.caption?.replace(/\s+/g, ' ').trim() ?? '';
  const captionLines = caption === '' ? [] : wrapText(caption, inner, CAPTION_SIZE, measure);
  if (captionLines.length > 0 && captionLines.length <= MAX_CAPTION_LINES) {
    y += 8;
    parts.push(textBlock(captionLines, PAD, y + CAPTION_SIZE, CAPTION_SIZE, `class="figure-caption" fill="${escapeXml(colour)}"`));
    y += captionLines.length * CAPTION_SIZE * LINE;
  }
  const height = Math.ceil(y + PAD);

  const font = input.fontFamily ? ` font-family="${escapeXml(input.fontFamily)}"` : '';
  const head = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"${font}>`,
    `<title>${escapeXml(input.title)}</title>`,
  ];
  if (caption !== '') head.push(`<desc>${escapeXml(caption)}</desc>`);
  head.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  const text = `${[...head, ...parts, '</svg>'].join('\n')}\n`;
  return { text, width, height };
}
