import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRng } from '@/lib/explainers/methods/random';
import { rise } from '@/lib/explainers/methods/rise';
import { RiseMaskSampler } from '@/lib/explainers/methods/rise-masks';
import type { ModelAdapter } from '@/lib/explainers/types';
import { combineModels, linearModel, regionModel } from './fixtures/analytic-models';
import { randomImage } from './fixtures/chain-adapter';
import { maxAbsDiff, run, useCpuBackend } from './fixtures/setup';

useCpuBackend();
const S = 16;
const linear = linearModel({ size: S, seed: 'rise' });
const region = regionModel({ size: S, region: (y, x) => y >= 4 && y < 10 && x >= 3 && x < 9 });
afterAll(() => [linear, region].forEach((m) => m.dispose()));

const constant = (c: number): ModelAdapter => ({
  ...linear,
  id: 'constant',
  predict: (x) => tf.fill([x.shape[0], 1], c) as tf.Tensor2D,
});

describe('RISE (EXPLAINERS.md §4.1)', () => {
  it('defaults: N = 4000, s = 7, p1 = 0.5 on the target probability', () => {
    expect(rise.params.parse({})).toMatchObject({ masks: 4000, gridSize: 7, p1: 0.5, score: 'probability', normalization: 'n-p1' });
  });

  it('R1: a constant model gives S ≡ c (exact with Σ M, within 3c·√((1−p1)/(N·p1)) with N·p1)', async () => {
    const image = randomImage(S, 'r1');
    const c = 2.5;
    const exact = await run(rise, constant(c), image, { masks: 400, normalization: 'mask-sum' });
    expect(maxAbsDiff(exact.data, new Float32Array(S * S).fill(c))).toBeLessThan(1e-5);
    const paper = await run(rise, constant(c), image, { masks: 400 });
    const bound = 3 * c * Math.sqrt((1 - 0.5) / (400 * 0.5));
    expect(maxAbsDiff(paper.data, new Float32Array(S * S).fill(c))).toBeLessThan(bound);
    image.dispose();
  });

  it('R2: masks are H×W in [0,1] with mean p1 ± 0.01 over N = 4000', () => {
    for (const p1 of [0.5, 0.1]) {
      const sampler = new RiseMaskSampler(makeRng(1, 'r2'), { gridSize: 7, p1, height: S, width: S });
      const masks = sampler.next(4000, new Float32Array(4000 * S * S));
      let [total, lo, hi] = [0, Infinity, -Infinity];
      for (const m of masks) {
        total += m;
        lo = Math.min(lo, m);
        hi = Math.max(hi, m);
      }
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(Math.abs(total / masks.length - p1)).toBeLessThan(0.01);
    }
  });

  it('R3: with fixed masks S is linear in f; on a linear model it matches the closed form', async () => {
    const image = randomImage(S, 'r3');
    const params = { masks: 200, batchSize: 64 };
    const g: ModelAdapter = { ...region, preprocess: linear.preprocess };
    const sf = await run(rise, linear, image, params, { seed: 5 });
    const sg = await run(rise, g, image, params, { seed: 5 });
    const combined = await run(rise, combineModels(linear, g, 2, -3), image, params, { seed: 5 });
    const expected = sf.data.map((v, i) => 2 * v - 3 * (sg.data[i] ?? 0));
    expect(maxAbsDiff(combined.data, expected)).toBeLessThan(1e-3);

    // Closed form (Appendix A1): (1/(N·p1)) Σ_i (w·(x⊙M_i) + c)·M_i with the same masks.
    const sampler = new RiseMaskSampler(makeRng(5, 'rise-masks'), { gridSize: 7, p1: 0.5, height: S, width: S });
    const masks = sampler.next(200, new Float32Array(200 * S * S));
    const x = tf.tidy(() => linear.preprocess(image.expandDims(0) as tf.Tensor4D).dataSync());
    const w = linear.w.dataSync();
    const c = linear.c.dataSync()[0] ?? 0;
    const oracle = new Float64Array(S * S);
    for (let i = 0; i < 200; i++) {
      let f = c;
      for (let p = 0; p < S * S; p++)
        for (let ch = 0; ch < 3; ch++) f += (w[p * 3 + ch] ?? 0) * (x[p * 3 + ch] ?? 0) * (masks[i * S * S + p] ?? 0);
      for (let p = 0; p < S * S; p++) oracle[p] = (oracle[p] ?? 0) + (f * (masks[i * S * S + p] ?? 0)) / (200 * 0.5);
    }
    expect(maxAbsDiff(sf.data, oracle)).toBeLessThan(1e-3);
    image.dispose();
  });

  it('R4: for f = mean of x over R on a ones image, S is higher inside R than outside', async () => {
    const ones = tf.ones([S, S, 3]) as tf.Tensor3D;
    const { data } = await run(rise, region, ones, { masks: 500, gridSize: 4 });
    let [inside, outside, nIn, nOut] = [0, 0, 0, 0];
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++) {
        const v = data[y * S + x] ?? NaN;
        if (y >= 4 && y < 10 && x >= 3 && x < 9) [inside, nIn] = [inside + v, nIn + 1];
        else [outside, nOut] = [outside + v, nOut + 1];
      }
    expect(inside / nIn).toBeGreaterThan(outside / nOut);
    ones.dispose();
  });

  it('R5: the same seed gives identical maps regardless of batch size; another seed does not', async () => {
    const image = randomImage(S, 'r5');
    const a = await run(rise, linear, image, { masks: 100, batchSize: 32 }, { seed: 9 });
    const b = await run(rise, linear, image, { masks: 100, batchSize: 100 }, { seed: 9 });
    const c = await run(rise, linear, image, { masks: 100, batchSize: 32 }, { seed: 10 });
    expect(maxAbsDiff(a.data, b.data)).toBeLessThan(1e-6);
    expect(maxAbsDiff(a.data, c.data)).toBeGreaterThan(1e-3);
    image.dispose();
  });
});
