import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyColormap, colorAt, divergingRdBu, viridis } from '@/lib/explainers/render/colormaps';
import { encodePng, overlayHeatmap, sideBySide, toRgbBytes, upscaleNearest } from '@/lib/explainers/render/image';
import { normalizeMinMax, percentile, reduceDiverging, reduceMaxAbs, reduceSumAbsClipped } from '@/lib/explainers/render/reduce';
import { renderSaliency } from '@/lib/explainers/render/render-saliency';
import type { ExplanationResult } from '@/lib/explainers/types';

const luminance = ([r, g, b]: readonly number[]) => 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);

describe('colour maps', () => {
  it('viridis runs from dark purple #440154 to yellow #fde725 with strictly increasing luminance', () => {
    expect(colorAt(viridis, 0)).toEqual([0x44, 0x01, 0x54]);
    expect(colorAt(viridis, 1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(colorAt(viridis, -3)).toEqual(colorAt(viridis, 0));
    expect(colorAt(viridis, Number.NaN)).toEqual(colorAt(viridis, 0));
    let previous = -1;
    for (let t = 0; t <= 1.0001; t += 0.05) {
      const l = luminance(colorAt(viridis, t));
      expect(l).toBeGreaterThan(previous);
      previous = l;
    }
  });

  it('the diverging map is blue at −1, near-white at 0 and red at +1, lightest in the middle', () => {
    const [neg, mid, pos] = [-1, 0, 1].map((v) => colorAt(divergingRdBu, v));
    expect(neg?.[2]).toBeGreaterThan(neg?.[0] ?? 255);
    expect(pos?.[0]).toBeGreaterThan(pos?.[2] ?? 255);
    expect(Math.min(...(mid ?? [0]))).toBeGreaterThan(240);
    expect(luminance(colorAt(divergingRdBu, -0.5))).toBeLessThan(luminance(mid ?? [0, 0, 0]));
    expect(luminance(colorAt(divergingRdBu, 0.5))).toBeLessThan(luminance(mid ?? [0, 0, 0]));
    expect(applyColormap([0, 1], viridis)).toEqual(Uint8Array.from([0x44, 0x01, 0x54, 0xfd, 0xe7, 0x25]));
  });
});

describe('channel reduction (EXPLAINERS.md §0.3)', () => {
  const data = Float32Array.from([1, -3, 2, 0, 0, 0, -1, -1, -1, 0.5, 0.5, 0.5]); // 2×2×3
  const shape = [2, 2, 3] as const;

  it('max|A| per pixel', () => {
    expect(Array.from(reduceMaxAbs(data, shape))).toEqual([3, 0, 1, 0.5]);
  });

  it('Σ|A| is scaled to [0,1] and values above the 99th percentile are clipped to 1', () => {
    const values = new Float32Array(100 * 3).fill(0.01);
    values.fill(100, 0, 3); // one outlier pixel
    values.fill(1, 3, 6);
    const out = reduceSumAbsClipped(values, [10, 10, 3]);
    expect(out[0]).toBe(1);
    expect(Math.max(...out)).toBe(1);
    expect(Math.min(...out)).toBe(0);
    expect(out[1]).toBeGreaterThan(0);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
  });

  it('the diverging reduction keeps the sign of Σ_c A and lies in [−1,1]', () => {
    const out = reduceDiverging(data, shape);
    expect(Array.from(out.map(Math.sign))).toEqual([0, 0, -1, 1]);
    expect(out.every((v) => v >= -1 && v <= 1)).toBe(true);
  });

  it('min-max of a constant map is zeros, not NaN', () => {
    expect(Array.from(normalizeMinMax([2, 2, 2]))).toEqual([0, 0, 0]);
    expect(Array.from(normalizeMinMax([1, 3, 2]))).toEqual([0, 1, 0.5]);
  });
});

describe('images and PNG', () => {
  const face = toRgbBytes(new Float32Array(6 * 4 * 3).fill(0.5), 6, 4);

  it('overlays with opacity following the display map', () => {
    const heat = { data: new Uint8Array(6 * 4 * 3).fill(255), width: 6, height: 4, channels: 3 as const };
    const weights = new Float32Array(24);
    weights[5] = 1;
    const out = overlayHeatmap(face, heat, 0.5, weights);
    expect(out.data[0]).toBe(128);
    expect(out.data[15]).toBe(Math.round(0.5 * 128 + 0.5 * 255));
  });

  it('encodes an RGB buffer as a PNG that decodes to the right size', async () => {
    const png = await encodePng(face);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 6, 4, 3]);
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(Array.from(data)).toEqual(Array.from(face.data));
  });

  it('builds a side-by-side panel and an RGBA PNG', async () => {
    const small = upscaleNearest(toRgbBytes(new Float32Array(2 * 2 * 3).fill(1), 2, 2), 2);
    const panel = sideBySide([face, small], 3);
    expect([panel.width, panel.height]).toEqual([6 + 3 + 4, 4]);
    const rgba = { data: new Uint8Array(5 * 7 * 4).fill(200), width: 5, height: 7, channels: 4 as const };
    const meta = await sharp(await encodePng(rgba)).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([5, 7, 4]);
  });

  it('renders a saliency result into a heat map and an overlay of the face size', () => {
    const result = {
      kind: 'saliency',
      data: Float32Array.from({ length: 6 * 4 * 3 }, (_, i) => Math.sin(i)),
      shape: [4, 6, 3],
    } as unknown as ExplanationResult;
    const pixels = new Float32Array(6 * 4 * 3).fill(0.2);
    for (const mode of ['sum-abs', 'max-abs', 'diverging', 'min-max'] as const) {
      const { heatmap, overlay } = renderSaliency(result, pixels, { mode });
      expect([heatmap.width, heatmap.height, overlay.width, overlay.height]).toEqual([6, 4, 6, 4]);
      expect(overlay.data).toHaveLength(6 * 4 * 3);
    }
  });
});
