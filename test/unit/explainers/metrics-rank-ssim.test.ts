// Spearman (with ties), percentile and SSIM against textbook / scipy values (EXPLAINERS.md §8.4).
import { describe, expect, it } from 'vitest';
import { pearson, percentile, rankWithTies, spearman } from '@/lib/explainers/metrics/rank-correlation';
import { ssim } from '@/lib/explainers/metrics/ssim';

describe('Spearman rank correlation', () => {
  it('gives average ranks to ties', () => {
    expect(Array.from(rankWithTies([10, 20, 20, 5, 20]))).toEqual([2, 4, 4, 1, 4]);
  });

  it('matches the Wikipedia IQ / TV-hours example (ρ = −29/165)', () => {
    const iq = [106, 86, 100, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 0, 27, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  it('matches scipy.stats.spearmanr with ties ([1..5] vs [5,6,7,8,7] → 0.8207826816681233)', () => {
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
  });

  it('is 1 for monotone transforms, −1 for reversals, NaN for constant input', () => {
    const a = [0.1, 3, -2, 7, 4];
    expect(spearman(a, a.map((v) => Math.exp(v)))).toBeCloseTo(1, 12);
    expect(spearman(a, a.map((v) => -v))).toBeCloseTo(-1, 12);
    expect(spearman(a, [1, 1, 1, 1, 1])).toBeNaN();
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
  });

  it('percentile interpolates linearly like numpy', () => {
    expect(percentile([1, 5, 2, 8, 3], 99)).toBeCloseTo(7.88, 10);
    expect(percentile([1, 5, 2, 8, 3], 37)).toBeCloseTo(2.48, 10);
  });
});

describe('SSIM (skimage gaussian_weights=True)', () => {
  const h = 16;
  const w = 16;
  const a = Float32Array.from({ length: h * w * 2 }, (_, i) => (Math.sin(i * 0.7) + 1) / 2);
  const b = Float32Array.from(a, (v, i) => 0.6 * v + (0.4 * (Math.cos(i * 0.3) + 1)) / 2);

  it('is 1 for identical images', () => {
    expect(ssim(a, a, [h, w, 2])).toBeCloseTo(1, 12);
  });

  it('equals (2μxμy + C1)/(μx² + μy² + C1) for two constant images', () => {
    const x = new Float32Array(h * w).fill(0.2);
    const y = new Float32Array(h * w).fill(0.7);
    const c1 = 0.01 ** 2;
    expect(ssim(x, y, [h, w, 1])).toBeCloseTo((2 * 0.2 * 0.7 + c1) / (0.2 ** 2 + 0.7 ** 2 + c1), 6);
  });

  it('matches a scipy.ndimage.gaussian_filter reference value (0.8172165305368251)', () => {
    expect(ssim(a, b, [h, w, 2])).toBeCloseTo(0.8172165305368251, 5);
  });

  it('refuses images smaller than the 11-px window', () => {
    expect(() => ssim(new Float32Array(100), new Float32Array(100), [10, 10, 1])).toThrow(/window/);
  });
});
