import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { integratedGradients } from '@/lib/explainers/methods/integrated-gradients';
import { quadrature, quadratureRuleSchema } from '@/lib/explainers/methods/quadrature';
import { linearModel, regionModel, tanhCnn } from './fixtures/analytic-models';
import { randomImage } from './fixtures/chain-adapter';
import { maxAbsDiff, run, useCpuBackend } from './fixtures/setup';

useCpuBackend();
const S = 16;
const linear = linearModel({ size: S, seed: 'ig' });
const smooth = tanhCnn({ size: S, seed: 'ig' });
afterAll(() => [linear, smooth].forEach((m) => m.dispose()));

type Notes = { convergenceDelta: number; inputScore: number; baselineScore: number };
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe('quadrature rules', () => {
  it('every rule has weights summing to 1 (unlike Captum riemann_trapezoid)', () => {
    for (const rule of quadratureRuleSchema.options)
      for (const m of [2, 10, 64]) expect(sum(quadrature(rule, m).weights)).toBeCloseTo(1, 12);
  });

  it('Gauss–Legendre with m nodes integrates polynomials of degree 2m−1 exactly', () => {
    const { alphas, weights } = quadrature('gauss-legendre', 4);
    const integral = alphas.reduce((s, a, k) => s + (weights[k] ?? 0) * a ** 7, 0);
    expect(integral).toBeCloseTo(1 / 8, 12);
    expect(alphas.every((a) => a > 0 && a < 1)).toBe(true);
  });
});

describe('Integrated Gradients (EXPLAINERS.md §2.3)', () => {
  it('defaults: 64 Gauss–Legendre steps from a black pixel baseline', () => {
    expect(integratedGradients.params.parse({})).toMatchObject({ steps: 64, rule: 'gauss-legendre', baseline: 0 });
  });

  it('I1: completeness |δ| < 1e-3·|ΔF| on a smooth tanh CNN with GL m = 64', async () => {
    const image = randomImage(S, 'i1');
    const result = await run(integratedGradients, smooth, image);
    const notes = result.provenance.notes as Notes;
    const deltaF = notes.inputScore - notes.baselineScore;
    expect(Math.abs(deltaF)).toBeGreaterThan(1e-3);
    expect(Math.abs(sum(result.data) - deltaF - notes.convergenceDelta)).toBeLessThan(1e-4);
    expect(Math.abs(notes.convergenceDelta)).toBeLessThan(1e-3 * Math.abs(deltaF));
    image.dispose();
  });

  it('I2: on a linear model IG = w⊙(x − x′) for every rule and step count', async () => {
    const image = randomImage(S, 'i2');
    const x = tf.tidy(() => linear.preprocess(image.expandDims(0) as tf.Tensor4D).dataSync());
    const b = tf.tidy(() => linear.preprocess(tf.fill([1, S, S, 3], 0.2) as tf.Tensor4D).dataSync());
    const w = linear.w.dataSync();
    const expected = Array.from(w, (wi, i) => wi * ((x[i] ?? 0) - (b[i] ?? 0)));
    for (const rule of quadratureRuleSchema.options)
      for (const steps of [2, 5]) {
        const result = await run(integratedGradients, linear, image, { rule, steps, baseline: 0.2 });
        expect(maxAbsDiff(result.data, expected)).toBeLessThan(1e-5);
      }
    image.dispose();
  });

  it('I3: x = x′ gives IG ≡ 0', async () => {
    const grey = tf.fill([S, S, 3], 0.5) as tf.Tensor3D;
    const result = await run(integratedGradients, smooth, grey, { baseline: 0.5, steps: 8 });
    expect(result.data.every((v) => v === 0)).toBe(true);
    grey.dispose();
  });

  it('I4: features F ignores get exactly 0; I5: symmetric features get equal attribution', async () => {
    const model = regionModel({ size: S, region: (y) => y < S / 2 });
    // A left–right symmetric image: F (mean over the top half) is symmetric in mirrored pixels.
    const values = new Float32Array(S * S * 3);
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++) for (let c = 0; c < 3; c++) values[(y * S + x) * 3 + c] = ((y * 7 + Math.min(x, S - 1 - x) * 3 + c) % 11) / 11;
    const image = tf.tensor3d(values, [S, S, 3]);
    const { data } = await run(integratedGradients, model, image, { steps: 4, rule: 'trapezoid' });
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++)
        for (let c = 0; c < 3; c++) {
          const v = data[(y * S + x) * 3 + c];
          if (y >= S / 2) expect(v).toBe(0);
          else expect(v).toBeCloseTo(data[(y * S + (S - 1 - x)) * 3 + c] ?? NaN, 7);
        }
    model.dispose();
    image.dispose();
  });

  it('I6: |δ| does not grow as m doubles (smooth F)', async () => {
    const image = randomImage(S, 'i6');
    let previous = Infinity;
    for (const steps of [2, 4, 8, 16]) {
      const result = await run(integratedGradients, smooth, image, { steps, rule: 'riemann-middle', refineSteps: 0 });
      const delta = Math.abs((result.provenance.notes as Notes).convergenceDelta);
      expect(delta).toBeLessThanOrEqual(previous * 1.0001 + 1e-7);
      previous = delta;
    }
    image.dispose();
  });

  it('re-runs with refineSteps when |δ| exceeds 5 % of |ΔF| and records the steps used', async () => {
    const image = randomImage(S, 'refine');
    const coarse = await run(integratedGradients, smooth, image, { steps: 2, rule: 'riemann-right', refineSteps: 0 });
    const coarseNotes = coarse.provenance.notes as Notes & { stepsUsed: number };
    const deltaF = coarseNotes.inputScore - coarseNotes.baselineScore;
    expect(Math.abs(coarseNotes.convergenceDelta)).toBeGreaterThan(0.05 * Math.abs(deltaF));
    expect(coarseNotes.stepsUsed).toBe(2);
    const refined = await run(integratedGradients, smooth, image, { steps: 2, rule: 'riemann-right', refineSteps: 256 });
    const notes = refined.provenance.notes as Notes & { stepsUsed: number };
    expect(notes.stepsUsed).toBe(256);
    expect(Math.abs(notes.convergenceDelta)).toBeLessThan(0.05 * Math.abs(deltaF));
    image.dispose();
  });

  it('accepts a blurred-face baseline and records F(x′)', async () => {
    const image = randomImage(S, 'blur');
    const result = await run(integratedGradients, smooth, image, { baseline: 'blur', blurSigma: 2, steps: 16 });
    const notes = result.provenance.notes as Notes;
    expect(Number.isFinite(notes.baselineScore)).toBe(true);
    expect(Math.abs(notes.convergenceDelta)).toBeLessThan(0.05 * Math.abs(notes.inputScore - notes.baselineScore) + 1e-4);
    image.dispose();
  });
});
