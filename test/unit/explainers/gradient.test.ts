import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { gradient, gradientSource } from '@/lib/explainers/methods/gradient';
import { gradientOf } from '@/lib/explainers/methods/gradient-source';
import { makeScoreFn, resolveTarget } from '@/lib/explainers/targets';
import { linearModel, tanhCnn } from './fixtures/analytic-models';
import { randomImage } from './fixtures/chain-adapter';
import { maxAbsDiff, run, useCpuBackend } from './fixtures/setup';

useCpuBackend();
const S = 16;
const linear = linearModel({ size: S, outputs: 3, seed: 'g' });
const smooth = tanhCnn({ size: S });
afterAll(() => [linear, smooth].forEach((m) => m.dispose()));

describe('vanilla gradient (EXPLAINERS.md §2.1)', () => {
  it('G1: matches central finite differences at 20 random pixels on a smooth CNN', async () => {
    const image = randomImage(S, 'g1');
    const result = await run(gradient, smooth, image, {}, { target: { kind: 'class', index: 1 } });
    expect(result.provenance.target.score).toBe('logit');
    const score = makeScoreFn(smooth, result.provenance.target);
    const x = tf.tidy(() => smooth.preprocess(image.expandDims(0) as tf.Tensor4D));
    const base = x.dataSync();
    const rng = seedrandom('g1-pixels');
    const h = 1e-2;
    for (let n = 0; n < 20; n++) {
      const i = Math.floor(rng() * base.length);
      const at = (delta: number) =>
        tf.tidy(() => {
          const shifted = Float32Array.from(base);
          shifted[i] = (shifted[i] ?? 0) + delta;
          return score(tf.tensor4d(shifted, x.shape)).dataSync()[0] ?? 0;
        });
      const fd = (at(h) - at(-h)) / (2 * h);
      const g = result.data[i] ?? NaN;
      expect(Math.abs(fd - g)).toBeLessThanOrEqual(2e-2 * Math.max(Math.abs(g), 1e-2));
    }
    x.dispose();
    image.dispose();
  });

  it('G2: on a linear model the gradient is w_c exactly', async () => {
    const image = randomImage(S, 'g2');
    const result = await run(gradient, linear, image, {}, { target: { kind: 'class', index: 2 } });
    const w = linear.w.dataSync();
    const column = Array.from({ length: S * S * 3 }, (_, i) => w[i * 3 + 2] ?? NaN);
    expect(maxAbsDiff(result.data, column)).toBe(0);
    image.dispose();
  });

  it('G3: the gradient of x1 inside a batch [x1, x2] equals the gradient of x1 alone', () => {
    const [a, b] = [randomImage(S, 'g3a'), randomImage(S, 'g3b')];
    const x1 = tf.tidy(() => smooth.preprocess(a.expandDims(0) as tf.Tensor4D));
    const x2 = tf.tidy(() => smooth.preprocess(b.expandDims(0) as tf.Tensor4D));
    const target = resolveTarget(smooth, x1, { kind: 'predicted' }, 'logit');
    const score = makeScoreFn(smooth, target);
    const alone = gradientOf(score, x1);
    const both = tf.tidy(() => gradientOf(score, tf.concat([x1, x2]) as tf.Tensor4D));
    expect(maxAbsDiff(both.subarray(0, alone.length), alone)).toBeLessThan(1e-6);
    tf.dispose([a, b, x1, x2]);
  });

  it('has an empty params schema and a paper citation', () => {
    expect(gradientSource.params.parse({})).toEqual({});
    expect(gradient.paper).toMatch(/Simonyan/);
  });
});
