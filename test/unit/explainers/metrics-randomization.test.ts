// Cascading model randomisation (Adebayo et al. 2018), EXPLAINERS.md §8.4: A1, A2, A4, and that the
// harness sees a model-dependent map change (A3 analogue on a fixture).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cascadingRandomization, compareMaps, type MapLike } from '@/lib/explainers/metrics/model-randomization';
import { makeScoreFn, resolveTarget } from '@/lib/explainers/targets';
import type { ModelAdapter } from '@/lib/explainers/types';
import { createTinyConvNet, makeTestImage } from './fixtures-inv/models';
import type { SequentialFixture } from './fixtures-inv/sequential-adapter';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const S = 16;
const face = makeTestImage(S);
const fixture = createTinyConvNet(S);
const topDown = ['logits', 'conv2', 'conv1'];
afterAll(() => {
  fixture.adapter.dispose();
  face.dispose();
});

/** Vanilla gradient of the originally predicted class; the target stays fixed across randomisations. */
const cleanInput = tf.tidy(() => fixture.adapter.preprocess(face.expandDims(0) as tf.Tensor4D));
const target = resolveTarget(fixture.adapter, cleanInput, { kind: 'predicted' }, 'logit');
cleanInput.dispose();
async function gradientMap(model: ModelAdapter): Promise<MapLike> {
  const g = tf.tidy(() => {
    const x = model.preprocess(face.expandDims(0) as tf.Tensor4D);
    return tf.grad((t: tf.Tensor) => tf.sum(makeScoreFn(model, target)(t as tf.Tensor4D)))(x);
  });
  const data = new Float32Array(await g.data());
  g.dispose();
  return { data, shape: [S, S, 3] };
}

/** A fake explainer that ignores the model: horizontal + vertical intensity edges of the input. */
async function edgeMap(): Promise<MapLike> {
  const d = face.dataSync();
  const out = new Float32Array(S * S * 3);
  for (let y = 0; y < S; y++)
    for (let x = 0; x < S; x++)
      for (let c = 0; c < 3; c++) {
        const v = d[(y * S + x) * 3 + c] ?? 0;
        const r = x + 1 < S ? (d[(y * S + x + 1) * 3 + c] ?? 0) : v;
        const b = y + 1 < S ? (d[((y + 1) * S + x) * 3 + c] ?? 0) : v;
        out[(y * S + x) * 3 + c] = Math.abs(r - v) + Math.abs(b - v);
      }
  return { data: out, shape: [S, S, 3] };
}

const randomize = (blocks: readonly string[], seed: number): ModelAdapter => fixture.randomize(blocks, seed).adapter;

describe('map similarity metrics (A1)', () => {
  it('identical maps give Spearman 1 and SSIM 1; a negated map gives ρ(no abs) = −1 and ρ(abs) = 1', async () => {
    const m = await gradientMap(fixture.adapter);
    const same = compareMaps(m, m);
    expect(same.spearmanAbs).toBeCloseTo(1, 10);
    expect(same.spearmanDiverging).toBeCloseTo(1, 10);
    expect(same.ssim).toBeCloseTo(1, 10);
    const neg = compareMaps(m, { data: m.data.map((v) => -v), shape: m.shape });
    expect(neg.spearmanDiverging).toBeCloseTo(-1, 10);
    expect(neg.spearmanAbs).toBeCloseTo(1, 10);
  });
});

describe('cascading randomisation', () => {
  it('A4: re-initialised blocks change, blocks below the cut are bitwise unchanged, and seeds are reproducible', () => {
    const r: SequentialFixture = fixture.randomize(['logits', 'conv2'], 5);
    const r2: SequentialFixture = fixture.randomize(['logits', 'conv2'], 5);
    expect(Array.from(r.weights.conv1!.w!)).toEqual(Array.from(fixture.weights.conv1!.w!));
    expect(Array.from(r.weights.conv1!.b!)).toEqual(Array.from(fixture.weights.conv1!.b!));
    expect(Array.from(r.weights.conv2!.w!)).not.toEqual(Array.from(fixture.weights.conv2!.w!));
    expect(Array.from(r.weights.logits!.w!)).not.toEqual(Array.from(fixture.weights.logits!.w!));
    expect(Array.from(r.weights.conv2!.w!)).toEqual(Array.from(r2.weights.conv2!.w!));
    expect(r.adapter.weightsHash).not.toBe(fixture.adapter.weightsHash);
    r.adapter.dispose();
    r2.adapter.dispose();
  });

  it('A2: a model-independent edge detector keeps Spearman(abs) > 0.9 after full randomisation', async () => {
    const { steps } = await cascadingRandomization({ model: fixture.adapter, blocksTopDown: topDown, randomize, explain: edgeMap, seed: 1 });
    expect(steps.map((s) => s.randomized)).toEqual([['logits'], ['logits', 'conv2'], ['logits', 'conv2', 'conv1']]);
    for (const s of steps) expect(s.spearmanAbs).toBeGreaterThan(0.9);
  });

  it('the gradient map decorrelates once the whole model is randomised, and nothing leaks', async () => {
    const before = tf.memory().numTensors;
    const sims: number[] = [];
    for (const seed of [1, 2, 3]) {
      const { steps } = await cascadingRandomization({ model: fixture.adapter, blocksTopDown: topDown, randomize, explain: gradientMap, seed });
      sims.push(steps.at(-1)!.spearmanAbs);
    }
    expect(tf.memory().numTensors).toBe(before);
    const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
    expect(mean).toBeLessThan(0.5);
  });
});
