import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCamLayer } from '@/lib/explainers/methods/cam-core';
import { gradCam } from '@/lib/explainers/methods/grad-cam';
import { gradCamPlusPlus, gradCamPlusPlusAlphas } from '@/lib/explainers/methods/grad-cam-pp';
import { resolveTarget, selectScore } from '@/lib/explainers/targets';
import type { ModelAdapter } from '@/lib/explainers/types';
import { gapModel, tanhCnn } from './fixtures/analytic-models';
import { randomImage } from './fixtures/chain-adapter';
import { maxAbsDiff, run, useCpuBackend } from './fixtures/setup';

useCpuBackend();
const S = 16;
const gap = gapModel({ size: S });
const smooth = tanhCnn({ size: S, seed: 'cam' });
afterAll(() => [gap, smooth].forEach((m) => m.dispose()));

type CamNotes = { layer: string; featureShape: [number, number, number]; channelWeights: number[] };

/** y ↦ a·y + b on every output, at the head too, so split() stays consistent. */
function affineOutputs(model: ModelAdapter, a: number, b: number): ModelAdapter {
  const wrap = (y: tf.Tensor2D) => tf.tidy(() => y.mul(a).add(b) as tf.Tensor2D);
  return {
    ...model,
    predict: (x) => tf.tidy(() => wrap(model.predict(x))),
    split: (layer) => {
      const { trunk, head } = model.split(layer);
      return { trunk, head: (t) => tf.tidy(() => wrap(head(t))) };
    },
  };
}

/** Features of the GAP model at 'conv', computed directly for the oracles. */
function gapFeatures(image: tf.Tensor3D) {
  return tf.tidy(() => {
    const x = gap.preprocess(image.expandDims(0) as tf.Tensor4D);
    const a = gap.activations(x, 'conv');
    const [, u = 0, v = 0, k = 0] = a.shape;
    return { a: a.dataSync() as Float32Array, u, v, k };
  });
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] ?? 0) * (b[i] ?? 0);
    aa += (a[i] ?? 0) ** 2;
    bb += (b[i] ?? 0) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('Grad-CAM (EXPLAINERS.md §3.1)', () => {
  it('defaults to the last conv layer (declared, else the last 4-D tap)', async () => {
    const x = tf.tidy(() => smooth.preprocess(tf.zeros([1, S, S, 3])));
    expect(defaultCamLayer(gap, x)).toBe('conv');
    expect(defaultCamLayer(smooth, x)).toBe('conv2');
    x.dispose();
    const image = randomImage(S, 'layer');
    const result = await run(gradCam, smooth, image, { layer: 'conv1' });
    expect((result.provenance.notes as CamNotes).layer).toBe('conv1');
    expect(result.provenance.params.layer).toBe('conv1');
    image.dispose();
  });

  it('C1 and C2: on a GAP head Grad-CAM is CAM (α_k = W_kc/uv) and is ≥ 0', async () => {
    const image = randomImage(S, 'c2');
    const target = 1;
    const result = await run(gradCam, gap, image, {}, { target: { kind: 'class', index: target } });
    const { a, u, v, k } = gapFeatures(image);
    const w = gap.dense.dataSync();
    const alphas = (result.provenance.notes as CamNotes).channelWeights;
    expect(maxAbsDiff(alphas, Array.from({ length: k }, (_, ch) => (w[ch * 3 + target] ?? 0) / (u * v)))).toBeLessThan(1e-6);
    const cam = new Float32Array(u * v).map((_, p) => Math.max(0, Array.from({ length: k }, (_, ch) => (w[ch * 3 + target] ?? 0) * (a[p * k + ch] ?? 0)).reduce((s, t) => s + t, 0)));
    const up = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(cam, [1, u, v, 1]), [S, S], false, true).dataSync());
    expect(cosine(result.data, up)).toBeGreaterThan(0.9999);
    expect(result.data.every((value) => value >= 0)).toBe(true);
    expect(result.data.some((value) => value > 0)).toBe(true);
    image.dispose();
  });

  it('C3: scaling y by c > 0 scales the raw map (normalised map unchanged); adding a constant changes nothing', async () => {
    const image = randomImage(S, 'c3');
    const target = { kind: 'class', index: 0 } as const;
    const base = await run(gradCam, smooth, image, {}, { target });
    const scaled = await run(gradCam, affineOutputs(smooth, 3, 0), image, {}, { target });
    const shifted = await run(gradCam, affineOutputs(smooth, 1, 5), image, {}, { target });
    expect(maxAbsDiff(scaled.data, base.data.map((value) => value * 3))).toBeLessThan(1e-5);
    expect(maxAbsDiff(shifted.data, base.data)).toBeLessThan(1e-5);
    image.dispose();
  });

  it('C4: for a single sigmoid logit s, the pre-ReLU maps of s and −s are exact negatives', async () => {
    const binary: ModelAdapter = {
      ...affineOutputs(gap, 1, 0),
      labels: ['female', 'male'],
      outputKind: 'sigmoid',
    };
    const column = (y: tf.Tensor2D) => tf.tidy(() => y.slice([0, 0], [-1, 1]) as tf.Tensor2D);
    const sigmoidModel: ModelAdapter = {
      ...binary,
      predict: (x) => tf.tidy(() => column(gap.predict(x))),
      split: (layer) => {
        const { trunk, head } = gap.split(layer);
        return { trunk, head: (t) => tf.tidy(() => column(head(t))) };
      },
    };
    const image = randomImage(S, 'c4');
    const male = await run(gradCam, sigmoidModel, image, { relu: false }, { target: { kind: 'class', index: 1 } });
    const female = await run(gradCam, sigmoidModel, image, { relu: false }, { target: { kind: 'class', index: 0 } });
    expect(female.provenance.target.sign).toBe(-1);
    expect(maxAbsDiff(male.data, female.data.map((value) => -value))).toBe(0);
    const maleRelu = await run(gradCam, sigmoidModel, image, {}, { target: { kind: 'class', index: 1 } });
    const femaleRelu = await run(gradCam, sigmoidModel, image, {}, { target: { kind: 'class', index: 0 } });
    const notes = (r: typeof male) => (r.provenance.notes as CamNotes).channelWeights;
    expect(notes(maleRelu)).toEqual(notes(male));
    // ReLU(L) − ReLU(−L) = L with disjoint supports, and upsampling is linear, so the two ReLU maps
    // must difference to the signed map exactly.
    const difference = maleRelu.data.map((value, i) => value - (femaleRelu.data[i] ?? 0));
    expect(maxAbsDiff(difference, male.data)).toBeLessThan(1e-6);
    expect(maleRelu.data.some((value) => value > 0) && femaleRelu.data.some((value) => value > 0)).toBe(true);
    image.dispose();
  });

  it('C6: α_k matches finite differences of y^c along channel k at the split', async () => {
    const image = randomImage(S, 'c6');
    const result = await run(gradCam, smooth, image, { layer: 'conv1' });
    const alphas = (result.provenance.notes as CamNotes).channelWeights;
    const x = tf.tidy(() => smooth.preprocess(image.expandDims(0) as tf.Tensor4D));
    const target = resolveTarget(smooth, x, { kind: 'predicted' }, 'logit');
    const { trunk, head } = smooth.split('conv1');
    const a = trunk(x);
    const [, u = 0, v = 0, k = 0] = a.shape;
    const h = 1e-2;
    for (let ch = 0; ch < k; ch++) {
      const at = (delta: number) =>
        tf.tidy(() => {
          const bump = tf.oneHot(tf.tensor1d([ch], 'int32'), k).reshape([1, 1, 1, k]).mul(delta);
          return selectScore(head(a.add(bump)), smooth, target).dataSync()[0] ?? 0;
        });
      const fd = (at(h) - at(-h)) / (2 * h) / (u * v);
      expect(Math.abs(fd - (alphas[ch] ?? NaN))).toBeLessThan(2e-2 * Math.max(Math.abs(fd), 1e-3));
    }
    tf.dispose([x, a]);
    image.dispose();
  });
});

describe('Grad-CAM++ (EXPLAINERS.md §3.2)', () => {
  it('P3 and P4: on a GAP head w_k = uv·ReLU(g_k)/(2 + Σ A_k·g_k) with g_k = W_kc/uv', async () => {
    const image = randomImage(S, 'p3');
    const target = 2;
    // ε = 0: the closed form is the paper's equation; the default ε = 1e-6 only guards 0/0.
    const result = await run(gradCamPlusPlus, gap, image, { epsilon: 0 }, { target: { kind: 'class', index: target } });
    const { a, u, v, k } = gapFeatures(image);
    const w = gap.dense.dataSync();
    const weights = (result.provenance.notes as CamNotes).channelWeights;
    let negative = 0;
    for (let ch = 0; ch < k; ch++) {
      const g = (w[ch * 3 + target] ?? 0) / (u * v);
      let total = 0;
      for (let p = 0; p < u * v; p++) total += a[p * k + ch] ?? 0;
      const expected = g > 0 ? (u * v * g) / (2 + total * g) : 0;
      if (g <= 0) negative++;
      if (g <= 0) expect(weights[ch]).toBe(0);
      else expect(Math.abs((weights[ch] ?? NaN) - expected)).toBeLessThan(1e-4 * expected);
    }
    expect(negative).toBeGreaterThan(0);
    image.dispose();
  });

  it('P1 and P2: weights and map are ≥ 0, and 0 < α ≤ ½ where A ≥ 0 and g > 0', async () => {
    const image = randomImage(S, 'p1');
    const result = await run(gradCamPlusPlus, gap, image);
    expect((result.provenance.notes as CamNotes).channelWeights.every((value) => value >= 0)).toBe(true);
    expect(result.data.every((value) => value >= 0)).toBe(true);
    const features = tf.tidy(() => {
      const x = gap.preprocess(image.expandDims(0) as tf.Tensor4D);
      const target = resolveTarget(gap, x, { kind: 'predicted' }, 'logit');
      const { trunk, head } = gap.split('conv');
      const act = trunk(x);
      const g = tf.grad((t: tf.Tensor) => tf.sum(selectScore(head(t), gap, target)))(act);
      return { activations: act.dataSync() as Float32Array, gradients: g.dataSync() as Float32Array, u: 8, v: 8, k: 6 };
    });
    const alphas = gradCamPlusPlusAlphas(features, 1e-6);
    let checked = 0;
    features.gradients.forEach((g, i) => {
      if (g > 0) {
        checked++;
        expect(alphas[i]).toBeGreaterThan(0);
        expect(alphas[i]).toBeLessThanOrEqual(0.5);
      }
    });
    expect(checked).toBeGreaterThan(0);
    image.dispose();
  });
});
