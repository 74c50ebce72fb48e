import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { gradient, gradientSource } from '@/lib/explainers/methods/gradient';
import { explainerFromSource } from '@/lib/explainers/methods/gradient-source';
import { integratedGradients, integratedGradientsSource } from '@/lib/explainers/methods/integrated-gradients';
import { smoothGrad } from '@/lib/explainers/methods/smoothgrad';
import { linearModel, tanhCnn } from './fixtures/analytic-models';
import { randomImage } from './fixtures/chain-adapter';
import { maxAbsDiff, run, useCpuBackend } from './fixtures/setup';

useCpuBackend();
const S = 16;
const linear = linearModel({ size: S, seed: 'sg' });
const smooth = tanhCnn({ size: S, seed: 'sg' });
afterAll(() => [linear, smooth].forEach((m) => m.dispose()));
const sg = explainerFromSource(smoothGrad(gradientSource));

describe('SmoothGrad (EXPLAINERS.md §2.2)', () => {
  it('has the recommended defaults: ρ = 0.15 relative, n = 50, mean of raw gradients', () => {
    expect(sg.id).toBe('smoothgrad');
    expect(sg.params.parse({})).toMatchObject({ noiseLevel: 0.15, samples: 50, squared: false, inner: {} });
  });

  it('S1: σ = 0 gives exactly the vanilla gradient', async () => {
    const image = randomImage(S, 's1');
    const plain = await run(gradient, smooth, image);
    const smoothed = await run(sg, smooth, image, { noiseLevel: 0, samples: 7, batchSize: 3 });
    expect(smoothed.data).toEqual(plain.data);
    image.dispose();
  });

  it('S2: on a linear model SG ≡ w for any σ and n', async () => {
    const image = randomImage(S, 's2');
    const result = await run(sg, linear, image, { noiseLevel: 0.4, samples: 5 });
    expect(maxAbsDiff(result.data, linear.w.dataSync())).toBeLessThan(1e-6);
    image.dispose();
  });

  it('S3: the same seed is bit-identical, batching does not change the draws, and the noise std matches σ', async () => {
    const image = randomImage(S, 's3');
    const a = await run(sg, smooth, image, { samples: 12, batchSize: 4 }, { seed: 3 });
    const b = await run(sg, smooth, image, { samples: 12, batchSize: 5 }, { seed: 3 });
    const c = await run(sg, smooth, image, { samples: 12, batchSize: 4 }, { seed: 4 });
    expect(maxAbsDiff(a.data, b.data)).toBeLessThan(1e-6);
    expect(a.data).not.toEqual(c.data);
    const again = await run(sg, smooth, image, { samples: 12, batchSize: 4 }, { seed: 3 });
    expect(again.data).toEqual(a.data);
    const notes = a.provenance.notes as { sigma: number; noiseStd: number };
    const x = tf.tidy(() => smooth.preprocess(image.expandDims(0) as tf.Tensor4D));
    const values = Array.from(x.dataSync());
    expect(notes.sigma).toBeCloseTo(0.15 * (Math.max(...values) - Math.min(...values)), 5);
    expect(Math.abs(notes.noiseStd / notes.sigma - 1)).toBeLessThan(0.02);
    x.dispose();
    image.dispose();
  });

  it('S4: SG² ≥ 0 and SG² ≥ (SG)² elementwise (Jensen)', async () => {
    const image = randomImage(S, 's4');
    const mean = await run(sg, smooth, image, { samples: 10 }, { seed: 11 });
    const squared = await run(sg, smooth, image, { samples: 10, squared: true }, { seed: 11 });
    for (let i = 0; i < mean.data.length; i++) {
      const sq = squared.data[i] ?? NaN;
      const m = mean.data[i] ?? NaN;
      expect(sq).toBeGreaterThanOrEqual(0);
      expect(sq).toBeGreaterThanOrEqual(m * m * (1 - 1e-5));
    }
    image.dispose();
  });

  it('composes any gradient source: SmoothGrad around IG with σ = 0 is IG', async () => {
    const sgIg = explainerFromSource(smoothGrad(integratedGradientsSource));
    expect(sgIg.id).toBe('smoothgrad-integrated-gradients');
    const image = randomImage(S, 'compose');
    const ig = await run(integratedGradients, smooth, image, { steps: 8 });
    const wrapped = await run(sgIg, smooth, image, { noiseLevel: 0, samples: 2, inner: { steps: 8 } });
    expect(maxAbsDiff(wrapped.data, ig.data)).toBeLessThan(1e-6);
    image.dispose();
  });
});
