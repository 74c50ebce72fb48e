// A saliency map as a participant sees it: one PNG with the map as a continuous, translucent colour
// overlay on the face and a labelled colour scale beside it. Participants see nothing but this PNG (often
// on a phone, method names hidden), so strength, sign and scale must all be readable from the pixels.
import sharp, { type OverlayOptions } from 'sharp';
import type { ExplanationResult } from '../types';
import { colorAt, divergingRdBu, viridis, type Colormap } from './colormaps';
import { displayFor } from './display-for-method';
import { toRgbBytes } from './image';
import { percentile } from './reduce';
import type { SaliencyDisplay } from './render-saliency';

export interface SaliencyLegend {
  colormap: string;
  signed: boolean;
  /** Map values (after channel reduction and display smoothing) drawn at the bottom and top of the bar. */
  min: number;
  max: number;
}

/** Opacity of the strongest value: the face must stay visible under the map everywhere. */
const ALPHA_MAX = 0.7;
/** < 1 lifts moderate values so they are seen on a phone; 0 stays fully transparent. */
const ALPHA_GAMMA = 0.8;
/**
 * Share of the face's chroma kept. Skin is reddish, so faint red on a colour face reads as skin; on an
 * almost grey face every hue is the map's.
 */
const FACE_CHROMA = 0.15;
/**
 * ColorBrewer RdBu-9, i.e. RdBu-11 without its two darkest ends (#67001f, #053061): those are nearly
 * black under a translucent overlay, so the strongest values would read as shadow rather than red or blue.
 */
const DIVERGING_9: Colormap = { name: 'rdbu-9', domain: [-1, 1], stops: divergingRdBu.stops.slice(1, -1) };
/** Grey under the colour bar, so the bar shows the colours as they appear on the (greyed) face. */
const BAR_UNDERLAY = 150;

/** One value per pixel; channels that are copies of one value (occlusion) are not summed into 3×. */
function pixelValues(result: ExplanationResult, mode: SaliencyDisplay): Float32Array {
  const [h, w, c] = result.shape;
  const { data } = result;
  if (data.length !== h * w * c) throw new Error(`Map has ${data.length} values, shape says ${h}×${w}×${c}`);
  let copies = true;
  for (let p = 0; p < h * w && copies; p++) for (let ch = 1; ch < c; ch++) if (data[p * c + ch] !== data[p * c]) copies = false;
  return Float32Array.from({ length: h * w }, (_, p) => {
    let acc = 0;
    for (let ch = 0; ch < c; ch++) {
      const v = data[p * c + ch] ?? 0;
      const finite = Number.isFinite(v) ? v : 0;
      if (mode === 'sum-abs') acc += Math.abs(finite);
      else if (mode === 'max-abs') acc = Math.max(acc, Math.abs(finite));
      else acc += finite;
    }
    return mode === 'min-max' || (mode === 'diverging' && copies) ? acc / c : acc;
  });
}

/** Separable Gaussian, renormalised at the borders so edge values are not pulled towards 0. */
function blur(values: Float32Array, h: number, w: number, sigma: number): Float32Array {
  if (sigma <= 0.5) return values;
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const pass = (src: Float32Array, alongX: boolean): Float32Array => {
    const out = new Float32Array(h * w);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let sum = 0;
        let weight = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = alongX ? x + k : x;
          const yy = alongX ? y : y + k;
          if (xx < 0 || xx >= w || yy < 0 || yy >= h) continue;
          const kw = kernel[k + radius] ?? 0;
          sum += kw * (src[yy * w + xx] ?? 0);
          weight += kw;
        }
        out[y * w + x] = sum / weight;
      }
    return out;
  };
  return pass(pass(values, true), false);
}

/** Bilinear resampling with pixel centres aligned (as image resizers do), clamped at the borders. */
function resizeBilinear(values: Float32Array, h: number, w: number, outH: number, outW: number): Float32Array {
  const out = new Float32Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / outH - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < outW; x++) {
      const sx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / outW - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      const top = (values[y0 * w + x0] ?? 0) * (1 - fx) + (values[y0 * w + x1] ?? 0) * fx;
      const bottom = (values[y1 * w + x0] ?? 0) * (1 - fx) + (values[y1 * w + x1] ?? 0) * fx;
      out[y * outW + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** The range mapped onto the colour bar; |values| above the `clip` percentile are drawn at its ends. */
function scaleOf(values: Float32Array, mode: SaliencyDisplay, clip: number): { min: number; max: number } {
  const robustMax = (magnitudes: Float32Array): number => {
    const top = percentile(magnitudes, clip);
    // A map non-zero on under 1 % of its pixels has p99 = 0; its maximum still deserves the full scale.
    return top > 0 ? top : magnitudes.reduce((m, v) => Math.max(m, v), 0);
  };
  if (mode === 'diverging') {
    const s = robustMax(values.map(Math.abs));
    return { min: s > 0 ? -s : 0, max: s };
  }
  if (mode === 'min-max') {
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return values.length ? { min, max } : { min: 0, max: 0 };
  }
  return { min: 0, max: robustMax(values) };
}

/** Colour and opacity of one scaled value: t in [−1,1] (signed) or [0,1]; opacity grows with |t|. */
function paint(t: number, map: Colormap): { rgb: readonly [number, number, number]; alpha: number } {
  return { rgb: colorAt(map, t), alpha: ALPHA_MAX * Math.min(1, Math.abs(t)) ** ALPHA_GAMMA };
}

async function resizeFace(face: ArrayLike<number>, h: number, w: number, outH: number, outW: number): Promise<Uint8Array> {
  const bytes = toRgbBytes(face, w, h).data;
  const resized = await sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { raw: { width: w, height: h, channels: 3 } })
    .resize({ width: outW, height: outH, fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return new Uint8Array(resized.buffer, resized.byteOffset, resized.byteLength);
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch] ?? ch);

/**
 * Words a lay participant reads without knowing the method: red/top is what made the model give its
 * answer, blue/bottom what argued against it.
 */
const LABELS = {
  signed: { top: ['supports', 'prediction'], middle: 'no effect', bottom: ['opposes', 'prediction'] },
  /** Regression targets (age): the map says what raises or lowers the estimate, not what supports a class. */
  signedValue: { top: ['raises', 'estimate'], middle: 'no effect', bottom: ['lowers', 'estimate'] },
  sequential: { top: ['more', 'important'], middle: null, bottom: ['less', 'important'] },
} as const;

/** The colour bar and its labels, right of an image of height `size`; sizes scale with `size`/224. */
function drawLegend(map: Colormap, signed: boolean, regression: boolean, left: number, size: number): { layers: OverlayOptions[]; width: number } {
  const k = size / 224;
  const gap = Math.round(6 * k);
  const barWidth = Math.round(12 * k);
  const barTop = Math.round(4 * k);
  const barHeight = size - 2 * barTop;
  const font = Math.max(11, Math.round(13 * k));
  const textLeft = gap + barWidth + Math.round(4 * k);
  const width = textLeft + Math.round(6.2 * font);
  const bar = new Uint8Array(barWidth * barHeight * 3);
  for (let y = 0; y < barHeight; y++) {
    const up = 1 - y / Math.max(1, barHeight - 1);
    const { rgb, alpha } = paint(signed ? 2 * up - 1 : up, map);
    const colour = rgb.map((c) => Math.round((1 - alpha) * BAR_UNDERLAY + alpha * c));
    for (let x = 0; x < barWidth; x++) bar.set(colour, (y * barWidth + x) * 3);
  }
  const labels = signed ? (regression ? LABELS.signedValue : LABELS.signed) : LABELS.sequential;
  const line = Math.round(font * 1.1);
  const text = (x: number, y: number, words: string, bold: boolean): string =>
    `<text x="${x}" y="${y}" font-size="${font}"${bold ? ' font-weight="bold"' : ''}>${escapeXml(words)}</text>`;
  const tx = textLeft;
  const svg: string[] = [
    text(tx, barTop + Math.round(font * 0.8), labels.top[0], true),
    text(tx, barTop + Math.round(font * 0.8) + line, labels.top[1], false),
    text(tx, barTop + barHeight - Math.round(font * 0.2) - line, labels.bottom[0], true),
    text(tx, barTop + barHeight - Math.round(font * 0.2), labels.bottom[1], false),
  ];
  const mid = barTop + barHeight / 2;
  if (labels.middle) svg.push(text(tx, Math.round(mid + font * 0.35), labels.middle, false));
  const tick = (y: number) => `<line x1="${gap + barWidth}" x2="${gap + barWidth + Math.round(3 * k)}" y1="${y}" y2="${y}" stroke="#111" stroke-width="1"/>`;
  const ticks = [barTop + 0.5, barTop + barHeight - 0.5, ...(labels.middle ? [Math.round(mid) + 0.5] : [])].map(tick);
  const outline = `<rect x="${gap - 0.5}" y="${barTop - 0.5}" width="${barWidth + 1}" height="${barHeight + 1}" fill="none" stroke="#666" stroke-width="1"/>`;
  const overlay = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${size}">${outline}${ticks.join('')}` +
    `<g font-family="DejaVu Sans, Arial, sans-serif" fill="#111">${svg.join('')}</g></svg>`;
  return {
    width,
    layers: [
      { input: Buffer.from(bar.buffer, bar.byteOffset, bar.byteLength), raw: { width: barWidth, height: barHeight, channels: 3 }, left: left + gap, top: barTop },
      { input: Buffer.from(overlay), left, top: 0 },
    ],
  };
}

export async function renderSaliencyStimulus(options: {
  result: ExplanationResult;
  /** The face in pixel space, HWC RGB in [0,1], at the map's height and width. */
  face: ArrayLike<number>;
  /** Explainer id: picks the display ('auto') and the map's own resolution; never drawn. */
  method: string;
  /** Height of the image part in pixels; the colour bar is added to its right. */
  size: number;
  display?: SaliencyDisplay | 'auto';
}): Promise<{ png: Buffer; legend: SaliencyLegend }> {
  const { result, face, method, size } = options;
  const [h, w] = result.shape;
  if (!Number.isInteger(size) || size < 16) throw new Error(`size must be an integer ≥ 16, got ${size}`);
  const choice = displayFor(method);
  const mode = !options.display || options.display === 'auto' ? choice.mode : options.display;
  const signed = mode === 'diverging';
  const map = signed ? DIVERGING_9 : viridis;

  // Smooth over the method's sampling cell (occlusion stride) before scaling, so the scale describes
  // what is drawn and the sampling grid does not show as blocks.
  const cell = choice.cellSize?.(result.provenance.params) ?? 1;
  const values = blur(pixelValues(result, mode), h, w, cell / 2);
  const { min, max } = scaleOf(values, mode, choice.clipPercentile ?? 99);
  const span = max - min;
  const scaled = values.map((v) => (span > 0 ? (signed ? v / max : (v - min) / span) : 0));

  const outH = size;
  const outW = Math.round((size * w) / h);
  const fine = resizeBilinear(scaled, h, w, outH, outW);
  const faceBytes = await resizeFace(face, h, w, outH, outW);
  const image = new Uint8Array(outH * outW * 3);
  for (let p = 0; p < outH * outW; p++) {
    const [r = 0, g = 0, b = 0] = faceBytes.subarray(p * 3, p * 3 + 3);
    const grey = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const { rgb, alpha } = paint(fine[p] ?? 0, map);
    [r, g, b].forEach((c, ch) => {
      const base = grey + FACE_CHROMA * (c - grey);
      image[p * 3 + ch] = Math.round((1 - alpha) * base + alpha * (rgb[ch] ?? 0));
    });
  }

  const legend = drawLegend(map, signed, result.provenance.target.kind === 'regression', outW, size);
  const composed = await sharp({ create: { width: outW + legend.width, height: outH, channels: 3, background: '#ffffff' } })
    .composite([{ input: Buffer.from(image.buffer, image.byteOffset, image.byteLength), raw: { width: outW, height: outH, channels: 3 }, left: 0, top: 0 }, ...legend.layers])
    .png()
    .toBuffer();
  // The SVG layer adds an alpha channel; participants' PNGs are opaque RGB.
  const png = await sharp(composed).removeAlpha().png().toBuffer();
  return { png, legend: { colormap: map.name, signed, min, max } };
}
