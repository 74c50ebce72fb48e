// The stimulus review as one PNG (`npm run stimuli:sheet`): a line of tiles per item, each tile the
// image with its method, model, target, its key measures (failed ones first) and a WEAK banner with the
// first reason. Text is SVG composited by sharp (librsvg), as in lib/explainers/render/labelled-sheet.ts,
// so no canvas or font package is needed.
import sharp, { type OverlayOptions } from 'sharp';
import { formatValue, type QualityMeasure } from '@/lib/explainers/quality/quality-report';
import type { ReviewCell, ReviewRow, ReviewSummary } from '@/lib/stimuli/review-stimuli';

const IMAGE = 224;
const PAD = 8;
const TILE_W = IMAGE + 2 * PAD;
const GAP = 12;
const MARGIN = 16;
const LINE = 15;
const SMALL = 11;
const MAX_MEASURES = 4;
const WEAK_LINES = 2;
/** Caption lines under the image: value, method · model, target, two per measure, weak reason. */
const TILE_H = PAD + IMAGE + PAD + LINE * (3 + 2 * MAX_MEASURES + WEAK_LINES) + PAD;
/** DejaVu Sans averages about 0.55 em per character; text is cut to fit rather than overflow. */
const charsFor = (width: number, size: number) => Math.floor(width / (size * 0.55));

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch] ?? ch);

function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(0, chars - 1))}…`;
}

/** Up to `lines` lines of at most `chars` characters, broken at spaces where possible. */
function wrap(text: string, chars: number, lines: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest && out.length < lines) {
    if (rest.length <= chars) {
      out.push(rest);
      break;
    }
    const space = rest.lastIndexOf(' ', chars);
    const at = space > chars / 2 ? space : chars;
    out.push(out.length === lines - 1 ? cut(rest, chars) : rest.slice(0, at));
    rest = rest.slice(at).trim();
  }
  return out;
}

/** A measure in two lines: the verdict with what is measured, then the value against its threshold. */
export function measureLines(m: QualityMeasure, chars: number): [string, string] {
  return [cut(`${m.pass ? 'pass' : 'FAIL'} ${m.label}`, chars), cut(`   ${formatValue(m.value)}, needs ${m.threshold}${m.detail ? `; ${m.detail}` : ''}`, chars)];
}

const statusText: Record<ReviewCell['status'], string> = {
  queued: 'queued', running: 'generating', done: 'done', failed: 'failed', cancelled: 'cancelled', missing: 'not generated yet',
};

interface Text { x: number; y: number; text: string; size?: number; bold?: boolean; fill?: string; anchor?: 'start' | 'middle' }

/** `under` is drawn below the image (frame, placeholder), `over` above it (the WEAK banner). */
function tile(cell: ReviewCell, left: number, top: number, texts: Text[], under: string[], over: string[]): void {
  const chars = charsFor(TILE_W - 2 * PAD, SMALL);
  under.push(`<rect x="${left + 0.5}" y="${top + 0.5}" width="${TILE_W - 1}" height="${TILE_H - 1}" rx="4" fill="${cell.weak ? '#fff5f4' : '#ffffff'}" stroke="${cell.weak ? '#b3261e' : '#d0d7de'}" stroke-width="${cell.weak ? 3 : 1}"/>`);
  if (cell.status !== 'done') {
    under.push(`<rect x="${left + PAD}" y="${top + PAD}" width="${IMAGE}" height="${IMAGE}" fill="#f6f8fa"/>`);
    texts.push({ x: left + TILE_W / 2, y: top + PAD + IMAGE / 2, text: statusText[cell.status], anchor: 'middle', fill: '#57606a' });
  }
  if (cell.weak) {
    over.push(`<rect x="${left + PAD}" y="${top + PAD}" width="${IMAGE}" height="22" fill="#b3261e"/>`);
    texts.push({ x: left + TILE_W / 2, y: top + PAD + 16, text: 'WEAK', bold: true, fill: '#ffffff', anchor: 'middle', size: 13 });
  }
  let y = top + PAD + IMAGE + PAD + 11;
  const line = (text: string, opts: Omit<Text, 'x' | 'y' | 'text'> = {}) => {
    texts.push({ x: left + PAD, y, text, size: SMALL, ...opts });
    y += LINE;
  };
  line(cut(`${cell.value === 'context' ? 'face' : cell.value}${cell.note ? ` (${cell.note})` : ''}`, chars), { bold: true, size: 12 });
  line(cut(`${cell.method} · ${cell.model}`, chars));
  line(cut(cell.target, chars), { fill: '#57606a' });
  const measures = [...(cell.quality?.measures ?? [])].sort((a, b) => Number(a.pass) - Number(b.pass));
  if (!cell.quality && cell.status === 'done') line(cell.method === 'face' ? 'the face as the model sees it' : 'no quality report', { fill: '#57606a' });
  const shown = measures.length > MAX_MEASURES ? measures.slice(0, MAX_MEASURES - 1) : measures;
  for (const m of shown) {
    const [what, value] = measureLines(m, chars);
    line(m.pass ? what : cut(what, chars - 3), { fill: m.pass ? '#116329' : '#b3261e', bold: !m.pass });
    line(value, { fill: m.pass ? '#116329' : '#b3261e' });
  }
  if (shown.length < measures.length) line(`+${measures.length - shown.length} more measures`, { fill: '#57606a' });
  y = top + PAD + IMAGE + PAD + 11 + LINE * (3 + 2 * MAX_MEASURES);
  const reason = cell.weak ? (cell.quality?.reasons[0] ?? 'marked weak') : cell.status === 'failed' ? (cell.error ?? 'failed') : '';
  for (const l of wrap(reason, chars, WEAK_LINES)) line(l, { fill: '#b3261e' });
}

export async function renderReviewSheet(options: {
  title: string;
  subtitle: string;
  rows: readonly ReviewRow[];
  summary: ReviewSummary;
  readImage: (stimulusId: string) => Promise<Buffer | null> | Buffer | null;
  /** Tiles per line; a row with more cells wraps. */
  columns?: number;
}): Promise<Buffer> {
  const columns = Math.max(1, Math.min(options.columns ?? 5, Math.max(1, ...options.rows.map((r) => r.cells.length))));
  const width = MARGIN * 2 + columns * TILE_W + (columns - 1) * GAP;
  const texts: Text[] = [];
  const under: string[] = [];
  const over: string[] = [];
  const layers: OverlayOptions[] = [];
  const s = options.summary;
  let y = MARGIN + 20;
  texts.push({ x: MARGIN, y, text: cut(options.title, charsFor(width - 2 * MARGIN, 18)), size: 18, bold: true });
  y += 22;
  texts.push({ x: MARGIN, y, text: options.subtitle, size: 13, fill: '#57606a' });
  y += 20;
  const counts = [`${s.total} stimuli, ${s.weak} weak`, `${s.done} done`, s.pending ? `${s.pending} not finished` : '', s.failed ? `${s.failed} failed` : '', s.unassessed ? `${s.unassessed} without a quality report` : ''];
  texts.push({ x: MARGIN, y, text: counts.filter(Boolean).join(' · '), size: 15, bold: true, fill: s.weak ? '#b3261e' : '#111111' });
  y += 14;
  for (const row of options.rows) {
    y += 24;
    const head = `${row.itemId} (${row.type}${row.model ? `, ${row.model} model` : ''}${row.faceLabel ? `, ${row.faceLabel}` : ''})`;
    texts.push({ x: MARGIN, y, text: cut(head, charsFor(width - 2 * MARGIN, 14)), size: 14, bold: true });
    y += 10;
    for (const [i, cell] of row.cells.entries()) {
      const col = i % columns;
      if (i > 0 && col === 0) y += TILE_H + GAP;
      const left = MARGIN + col * (TILE_W + GAP);
      tile(cell, left, y, texts, under, over);
      const png = cell.status === 'done' ? await options.readImage(cell.stimulusId) : null;
      if (png) layers.push({ input: await sharp(png).resize(IMAGE, IMAGE, { fit: 'fill' }).png().toBuffer(), left: left + PAD, top: y + PAD });
    }
    y += TILE_H;
  }
  const height = y + MARGIN;
  const textSvg = texts
    .map((t) => `<text x="${t.x}" y="${t.y}" font-size="${t.size ?? 13}"${t.bold ? ' font-weight="bold"' : ''} fill="${t.fill ?? '#111111'}" text-anchor="${t.anchor ?? 'start'}">${escapeXml(t.text)}</text>`)
    .join('');
  const svg = (body: string) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g font-family="DejaVu Sans, Arial, sans-serif">${body}</g></svg>`);
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([{ input: svg(under.join('')), left: 0, top: 0 }, ...layers, { input: svg(over.join('') + textSvg), left: 0, top: 0 }])
    .png()
    .toBuffer();
}
