// The saliency stimulus a participant sees: the sign of a map must read as red (supports) / blue (opposes)
// with untouched face where the map is 0, the map must be drawn as a continuous field rather than the
// method's sampling blocks, and the colour scale must be part of the PNG.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { displayFor, displayModeFor } from '@/lib/explainers/render/display-for-method';
import { renderSaliencyStimulus } from '@/lib/explainers/render/render-saliency-stimulus';
import type { ExplanationResult } from '@/lib/explainers/types';

const N = 112;
const SIZE = 224;

function makeResult(method: string, values: (x: number, y: number) => number, options: { n?: number; channels?: number; params?: Record<string, unknown> } = {}): ExplanationResult {
  const n = options.n ?? N;
  const c = options.channels ?? 1;
  const data = new Float32Array(n * n * c);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) data.fill(values(x, y), (y * n + x) * c, (y * n + x + 1) * c);
  return {
    kind: 'saliency',
    data,
    shape: [n, n, c],
    provenance: {
      method,
      params: options.params ?? {},
      seed: 1,
      model: { id: 'synthetic', weightsHash: '0' },
      target: { kind: 'class', index: 0, label: 'a', sign: 1, score: 'probability' },
      space: 'model-input',
      backend: 'cpu',
      versions: {},
      timings: { startedAt: new Date(0).toISOString(), durationMs: 0 },
    },
  };
}

/** Mid-grey face with a soft luminance pattern (grey, so desaturation leaves it as it is). */
function greyFace(n = N): Float32Array {
  const face = new Float32Array(n * n * 3);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) face.fill(0.5 + 0.2 * Math.sin(x / 5) * Math.cos(y / 7), (y * n + x) * 3, (y * n + x + 1) * 3);
  return face;
}

async function decode(png: Buffer) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number): [number, number, number] => {
    const i = (y * info.width + x) * info.channels;
    return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
  };
  return { info, at };
}

/** The face alone, scaled the way a face is scaled for display (lanczos), to compare untouched regions with. */
async function scaledFace(face: Float32Array, n = N) {
  const bytes = Buffer.from(Uint8Array.from(face, (v) => Math.round(255 * v)));
  return decode(await sharp(bytes, { raw: { width: n, height: n, channels: 3 } }).resize({ width: SIZE, height: SIZE, fit: 'fill', kernel: 'lanczos3' }).png().toBuffer());
}

const redness = ([r, , b]: readonly number[]) => (r ?? 0) - (b ?? 0);

describe('saliency stimulus rendering', () => {
  // Rows 0–39 are 0; below, the left half supports (+1), the centre column is 0, the right half opposes (−1).
  const signedMap = (x: number, y: number) => (y < 40 || x === 56 ? 0 : x < 56 ? 1 : -1);

  it('draws a signed map red where it supports, blue where it opposes, and leaves the face where it is 0', async () => {
    const face = greyFace();
    const { png, legend } = await renderSaliencyStimulus({ result: makeResult('synthetic', signedMap), face, method: 'synthetic', size: SIZE, display: 'diverging' });
    const out = await decode(png);
    const plain = await scaledFace(face);
    expect(out.info.height).toBe(SIZE);
    expect(out.info.width).toBeGreaterThan(SIZE);
    expect(legend).toEqual({ colormap: 'rdbu-9', signed: true, min: -1, max: 1 });

    const positive = out.at(50, 180);
    const negative = out.at(180, 180);
    expect(redness(positive) - redness(plain.at(50, 180))).toBeGreaterThan(60);
    expect(redness(negative) - redness(plain.at(180, 180))).toBeLessThan(-60);
    // The face stays visible under the strongest colour (never opaque): a light and a dark stripe of the
    // face pattern (x ≈ 15 and 47 at this row) still differ under full red.
    const faceContrast = (plain.at(15, 180)[1] ?? 0) - (plain.at(47, 180)[1] ?? 0);
    expect(faceContrast).toBeGreaterThan(60);
    expect((out.at(15, 180)[1] ?? 0) - (out.at(47, 180)[1] ?? 0)).toBeGreaterThan(0.25 * faceContrast);
    for (const [x, y] of [[10, 10], [100, 20], [200, 30], [223, 0]] as const)
      for (const [ch, v] of out.at(x, y).entries()) expect(Math.abs(v - (plain.at(x, y)[ch] ?? 0))).toBeLessThanOrEqual(1);
  });

  it('puts a colour scale right of the image: red at the top, blue at the bottom, with text', async () => {
    const { png } = await renderSaliencyStimulus({ result: makeResult('synthetic', signedMap), face: greyFace(), method: 'synthetic', size: SIZE, display: 'diverging' });
    const out = await decode(png);
    let redTop = 0;
    let blueBottom = 0;
    let dark = 0;
    for (let y = 0; y < SIZE; y++)
      for (let x = SIZE; x < out.info.width; x++) {
        const p = out.at(x, y);
        if (y < 20 && redness(p) > 40) redTop++;
        if (y > SIZE - 20 && redness(p) < -40) blueBottom++;
        if (Math.max(...p) < 80) dark++;
      }
    expect(redTop).toBeGreaterThan(50);
    expect(blueBottom).toBeGreaterThan(50);
    expect(dark).toBeGreaterThan(200);
  });

  it('interpolates a coarse map smoothly instead of drawing its pixels as blocks', async () => {
    const n = 8;
    const ramp = makeResult('synthetic', (x) => x / (n - 1), { n });
    const { png } = await renderSaliencyStimulus({ result: ramp, face: new Float32Array(n * n * 3).fill(0.5), method: 'synthetic', size: SIZE, display: 'min-max' });
    const out = await decode(png);
    let maxStep = 0;
    for (let x = 1; x < SIZE; x++)
      for (let ch = 0; ch < 3; ch++) maxStep = Math.max(maxStep, Math.abs((out.at(x, 100)[ch] ?? 0) - (out.at(x - 1, 100)[ch] ?? 0)));
    const range = Math.max(...[0, 1, 2].map((ch) => Math.abs((out.at(SIZE - 1, 100)[ch] ?? 0) - (out.at(0, 100)[ch] ?? 0))));
    // Each of the 8 map pixels spans 28 output pixels; drawn as blocks, one step would be ≈ range/7.
    expect(range).toBeGreaterThan(60);
    expect(maxStep).toBeLessThanOrEqual(4);
  });

  it('smooths occlusion over its stride, so the sampling grid does not show as blocks', async () => {
    // Occlusion with stride 16 is constant over 16×16 cells; here one cell column edge at x = 48.
    const result = makeResult('occlusion', (x) => (x < 48 ? 0.3 : 0), { channels: 3, params: { window: 16, stride: 16 } });
    const { png, legend } = await renderSaliencyStimulus({ result, face: new Float32Array(N * N * 3).fill(0.5), method: 'occlusion', size: SIZE });
    const out = await decode(png);
    let maxStep = 0;
    for (let x = 1; x < SIZE; x++) maxStep = Math.max(maxStep, Math.abs(redness(out.at(x, 100)) - redness(out.at(x - 1, 100))));
    const total = redness(out.at(10, 100)) - redness(out.at(200, 100));
    expect(total).toBeGreaterThan(60);
    // A hard edge upsampled 2× changes over ~2 pixels (maxStep ≈ total/2); smoothed over a cell, over ~40.
    expect(maxStep).toBeLessThan(total / 8);
    // The three channels are copies of one score difference, not three attributions to add up.
    expect(legend.max).toBeCloseTo(0.3, 2);
    expect(legend.min).toBeCloseTo(-0.3, 2);
  });

  it('draws a non-negative map with the sequential map: strong values yellow, zero leaves the face', async () => {
    const face = greyFace();
    const blob = (x: number, y: number) => Math.max(0, 1 - Math.hypot(x - 80, y - 80) / 20);
    const { png, legend } = await renderSaliencyStimulus({ result: makeResult('grad-cam', blob), face, method: 'grad-cam', size: SIZE });
    expect(legend).toEqual({ colormap: 'viridis', signed: false, min: 0, max: 1 });
    const out = await decode(png);
    const plain = await scaledFace(face);
    const [r, g, b] = out.at(160, 160);
    // viridis' top is yellow (#fde725): red and green well above blue, unlike the grey face.
    expect(Math.min(r, g) - b).toBeGreaterThan(60);
    for (const [ch, v] of out.at(20, 20).entries()) expect(Math.abs(v - (plain.at(20, 20)[ch] ?? 0))).toBeLessThanOrEqual(1);
  });

  it('renders an all-zero map as the (greyed) face, without dividing by zero', async () => {
    const face = greyFace();
    const plain = await scaledFace(face);
    for (const display of ['diverging', 'min-max', 'sum-abs'] as const) {
      const { png, legend } = await renderSaliencyStimulus({ result: makeResult('synthetic', () => 0), face, method: 'synthetic', size: SIZE, display });
      expect([legend.min, legend.max]).toEqual([0, 0]);
      const out = await decode(png);
      for (const [x, y] of [[0, 0], [57, 91], [112, 112], [223, 223]] as const)
        for (const [ch, v] of out.at(x, y).entries()) expect(Math.abs(v - (plain.at(x, y)[ch] ?? 0))).toBeLessThanOrEqual(1);
    }
    // A colour face is greyed (its luminance kept), so that no skin tone can be read as map colour.
    const skin = new Float32Array(N * N * 3).map((_, i) => [0.85, 0.6, 0.45][i % 3] ?? 0);
    const out = await decode((await renderSaliencyStimulus({ result: makeResult('synthetic', () => 0), face: skin, method: 'synthetic', size: SIZE })).png);
    const [r, g, b] = out.at(100, 100);
    expect(r - b).toBeLessThan((0.85 - 0.45) * 255 * 0.3);
    expect(0.2126 * r + 0.7152 * g + 0.0722 * b).toBeCloseTo(255 * (0.2126 * 0.85 + 0.7152 * 0.6 + 0.0722 * 0.45), -1);
  });

  it("shows occlusion as a signed map by default ('auto'), and gradients as magnitudes", async () => {
    expect(displayModeFor('occlusion')).toBe('diverging');
    expect(displayFor('grad-cam').mode).toBe('min-max');
    expect(displayModeFor('gradient')).toBe('sum-abs');
    expect(displayModeFor('someone-elses-method')).toBe('sum-abs');
    const result = makeResult('occlusion', signedMap, { channels: 3 });
    const { png, legend } = await renderSaliencyStimulus({ result, face: greyFace(), method: 'occlusion', size: SIZE, display: 'auto' });
    expect(legend).toMatchObject({ colormap: 'rdbu-9', signed: true });
    const out = await decode(png);
    expect(redness(out.at(180, 180))).toBeLessThan(-40);
  });
});
