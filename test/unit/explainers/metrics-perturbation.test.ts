// Deletion / insertion AUC (M1–M4) and the confidence-drop metrics (M5–M7), EXPLAINERS.md §8.1–8.2.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  averageDrop,
  increaseInConfidence,
  keepImage,
  normalizeToArea,
  removeImage,
  sumNormalize,
  winPercent,
} from '@/lib/explainers/metrics/confidence-drop';
import {
  deletionCurve,
  gaussianBlur,
  insertionCurve,
  normalizeRegressionCurve,
  saliencyOrder,
  trapezoidAuc,
  type ImageScorer,
} from '@/lib/explainers/metrics/deletion-insertion';
import { createModelScorer } from '@/lib/explainers/metrics/model-scorer';
import { createTinyConvNet, makeTestImage } from './fixtures-inv/models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const H = 8;
const W = 8;
const C = 3;
// Region R: a 4×4 block (16 pixels); the region model scores mean of the pixels over R.
const inR = (p: number): boolean => Math.floor(p / W) >= 2 && Math.floor(p / W) < 6 && p % W >= 1 && p % W < 5;
const regionScorer: ImageScorer = (images) =>
  images.map((img) => {
    let s = 0;
    let n = 0;
    for (let p = 0; p < H * W; p++) if (inR(p)) for (let c = 0; c < C; c++, n++) s += img[p * C + c] ?? 0;
    return s / n;
  });
const oracle = Float32Array.from({ length: H * W }, (_, p) => (inR(p) ? 1 : 0));
const ones = new Float32Array(H * W * C).fill(1);
const zeros = new Float32Array(H * W * C);

describe('deletion / insertion', () => {
  it('M1: a constant curve c has AUC c', () => {
    expect(trapezoidAuc([0.37, 0.37, 0.37, 0.37])).toBeCloseTo(0.37, 12);
  });

  it('region model, oracle map: AUCs match the closed form m/(2HW) and 1 − m/(2HW)', async () => {
    const m = 16;
    const step = 4; // m = k·step with k = 4, n = HW/step = 16
    const del = await deletionCurve({ image: ones, substrate: zeros, saliency: oracle, channels: C, step, score: regionScorer, batchSize: 5 });
    const ins = await insertionCurve({ image: ones, blurred: zeros, saliency: oracle, channels: C, step, score: regionScorer });
    expect(del.auc).toBeCloseTo(m / (2 * H * W), 10);
    expect(ins.auc).toBeCloseTo(1 - m / (2 * H * W), 10);
    // M3: n + 1 scores and exactly HW pixels changed at the end.
    expect(del.scores).toHaveLength(H * W / step + 1);
    expect(del.pixelsChanged).toBe(H * W);
    expect(del.scores.at(-1)).toBe(0);
    expect(ins.scores.at(-1)).toBe(1);
  });

  it('M2: the oracle beats all of 100 random maps on both curves', async () => {
    const rng = seedrandom('m2');
    const image = Float32Array.from({ length: H * W * C }, () => 0.2 + rng());
    const blurred = gaussianBlur(image, [H, W, C], 7, 2.5);
    const step = 3;
    const oDel = await deletionCurve({ image, substrate: zeros, saliency: oracle, channels: C, step, score: regionScorer });
    const oIns = await insertionCurve({ image, blurred, saliency: oracle, channels: C, step, score: regionScorer });
    for (let k = 0; k < 100; k++) {
      const rand = Float32Array.from({ length: H * W }, () => rng());
      const d = await deletionCurve({ image, substrate: zeros, saliency: rand, channels: C, step, score: regionScorer });
      const i = await insertionCurve({ image, blurred, saliency: rand, channels: C, step, score: regionScorer });
      expect(oDel.auc).toBeLessThan(d.auc);
      expect(oIns.auc).toBeGreaterThan(i.auc);
    }
  });

  it('M4: ties are broken by pixel index (stable), and step must be a positive integer', async () => {
    expect(Array.from(saliencyOrder([0, 2, 1, 2, 0]))).toEqual([1, 3, 2, 0, 4]);
    await expect(deletionCurve({ image: ones, substrate: zeros, saliency: oracle, channels: C, step: 0, score: regionScorer })).rejects.toThrow(/step/);
  });

  it('blur preserves a constant interior and the regression curve normalises to 1 → 0', () => {
    const blurred = gaussianBlur(ones, [H, W, C], 3, 1);
    expect(blurred[(4 * W + 4) * C]).toBeCloseTo(1, 6);
    expect(blurred[0]).toBeLessThan(1); // zero padding at the border, as RISE's conv2d
    expect(normalizeRegressionCurve([40, 35, 30, 20], 40)).toEqual([1, 0.75, 0.5, 0]);
  });

  it('scores a real adapter with probabilities and leaks no tensors', async () => {
    const conv = createTinyConvNet(16);
    const face = makeTestImage(16);
    const scorer = createModelScorer(conv.adapter, { kind: 'class', index: 1, label: 'happy', sign: 1, score: 'logit' });
    const before = tf.memory().numTensors;
    const s = await scorer([face.dataSync() as Float32Array, new Float32Array(16 * 16 * 3)]);
    expect(tf.memory().numTensors).toBe(before);
    expect(s).toHaveLength(2);
    for (const v of s) expect(v > 0 && v < 1).toBe(true);
    conv.adapter.dispose();
    face.dispose();
  });
});

describe('confidence drop', () => {
  it('M5: H ≡ 0 leaves the image unchanged and the drop is 0', () => {
    const x = Float32Array.from({ length: H * W * C }, (_, i) => (i % 11) / 11);
    const e = removeImage(x, new Float32Array(H * W), C);
    expect(Array.from(e)).toEqual(Array.from(x));
    expect(averageDrop([0.8, 0.6], [0.8, 0.6])).toBe(0);
  });

  it('M6: Σ SumNormalize(H, ref) = Σ normalise(ref) (no clipping needed) and clipping reports lost mass', () => {
    const h = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) + 0.5);
    const ref = Float32Array.from({ length: 64 }, (_, i) => (i * 7) % 13);
    const refNorm = Array.from(ref, (v) => v / 12).reduce((a, b) => a + b, 0);
    const out = sumNormalize(h, ref);
    expect(out.targetMass).toBeCloseTo(refNorm, 6);
    expect(out.map.reduce((a, b) => a + b, 0) + out.lostMass).toBeCloseTo(refNorm, 4);
    const peaked = Float32Array.from({ length: 64 }, (_, i) => (i === 0 ? 10 : 0.01));
    const area = normalizeToArea(peaked, 0.25);
    expect(Math.max(...area.map)).toBeLessThanOrEqual(1);
    expect(area.lostMass).toBeGreaterThan(0);
    expect(area.map.reduce((a, b) => a + b, 0) + area.lostMass).toBeCloseTo(16, 4);
  });

  it('M7: keep-variant — the oracle gives a lower AvgDrop than the inverted oracle', async () => {
    const rng = seedrandom('m7');
    const xs = Array.from({ length: 5 }, () => Float32Array.from({ length: H * W * C }, () => 0.1 + rng()));
    const y = await regionScorer(xs);
    const oKeep = await regionScorer(xs.map((x) => keepImage(x, oracle, C)));
    const oInv = await regionScorer(xs.map((x) => keepImage(x, oracle.map((v) => 1 - v), C)));
    expect(averageDrop(y, oKeep)).toBeCloseTo(0, 10);
    expect(averageDrop(y, oInv)).toBeCloseTo(100, 10);
    expect(increaseInConfidence([0.5, 0.5, 0.5], [0.6, 0.5, 0.4])).toBeCloseTo(100 / 3, 10);
  });

  it('Win % splits ties and sums to 100', () => {
    const w = winPercent([
      [0.1, 0.5, 0.3],
      [0.2, 0.5, 0.1],
    ]);
    expect(w[0]).toBeCloseTo(50, 10);
    expect(w[1]).toBeCloseTo(50, 10);
  });
});
