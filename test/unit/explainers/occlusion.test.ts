import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { occlusion, occlusionParamsSchema, windowStarts } from '@/lib/explainers/methods/occlusion';
import { linearModel, regionModel } from './fixtures/analytic-models';
import { randomImage } from './fixtures/chain-adapter';
import { maxAbsDiff, run, useCpuBackend } from './fixtures/setup';

useCpuBackend();
const S = 12;
const models: Array<{ dispose(): void }> = [];
afterAll(() => models.forEach((m) => m.dispose()));

/** Model-space arrays the oracles need: x, b = P(fill), w (flattened HWC). */
function oracleInputs(model: ReturnType<typeof linearModel>, image: tf.Tensor3D, fill: number) {
  const x = tf.tidy(() => model.preprocess(image.expandDims(0) as tf.Tensor4D).dataSync());
  const b = tf.tidy(() => model.preprocess(tf.fill([1, S, S, 3], fill) as tf.Tensor4D).dataSync());
  return { x, b, w: model.w.dataSync() };
}

describe('occlusion (EXPLAINERS.md §1)', () => {
  it('windows start every stride and the last one is cropped, not shifted', () => {
    expect(windowStarts(12, 8, 3)).toEqual([0, 3, 6]);
    expect(windowStarts(112, 8, 4)).toHaveLength(27);
    expect(windowStarts(10, 4, 4)).toEqual([0, 4, 8]);
  });

  it('O1: a 1×1 window on a linear model gives w⊙(x − b)', async () => {
    const model = linearModel({ size: S });
    models.push(model);
    const image = randomImage(S, 'o1');
    const result = await run(occlusion, model, image, { window: 1, stride: 1, fill: 0.3 });
    const { x, b, w } = oracleInputs(model, image, 0.3);
    // Per pixel the window covers all three channels, so the oracle is the channel sum, repeated.
    const expected = new Float32Array(S * S * 3);
    for (let p = 0; p < S * S; p++) {
      let acc = 0;
      for (let ch = 0; ch < 3; ch++) acc += (w[p * 3 + ch] ?? 0) * ((x[p * 3 + ch] ?? 0) - (b[p * 3 + ch] ?? 0));
      expected.fill(acc, p * 3, p * 3 + 3);
    }
    expect(maxAbsDiff(result.data, expected)).toBeLessThan(1e-4);
    image.dispose();
  });

  it('O1: a k×k window gives the mean over covering windows of the window drops (brute force)', async () => {
    const model = linearModel({ size: S, seed: 'o1k' });
    models.push(model);
    const image = randomImage(S, 'o1k');
    const [k, s] = [5, 3];
    const result = await run(occlusion, model, image, { window: k, stride: s, fill: 0.5 });
    const { x, b, w } = oracleInputs(model, image, 0.5);
    const sum = new Float64Array(S * S);
    const count = new Float64Array(S * S);
    for (const y0 of windowStarts(S, k, s))
      for (const x0 of windowStarts(S, k, s)) {
        let drop = 0;
        for (let y = y0; y < Math.min(S, y0 + k); y++)
          for (let xx = x0; xx < Math.min(S, x0 + k); xx++)
            for (let ch = 0; ch < 3; ch++) {
              const i = (y * S + xx) * 3 + ch;
              drop += (w[i] ?? 0) * ((x[i] ?? 0) - (b[i] ?? 0));
            }
        for (let y = y0; y < Math.min(S, y0 + k); y++)
          for (let xx = x0; xx < Math.min(S, x0 + k); xx++) {
            sum[y * S + xx] = (sum[y * S + xx] ?? 0) + drop;
            count[y * S + xx] = (count[y * S + xx] ?? 0) + 1;
          }
      }
    const expected = Array.from({ length: S * S * 3 }, (_, i) => (sum[Math.floor(i / 3)] ?? 0) / (count[Math.floor(i / 3)] ?? 1));
    expect(maxAbsDiff(result.data, expected)).toBeLessThan(1e-3);
    expect(result.provenance.target.score).toBe('value');
    image.dispose();
  });

  it('O2: elements covered only by windows in the ignored half get exactly 0', async () => {
    const model = regionModel({ size: S, region: (_y, x) => x < S / 2 });
    models.push(model);
    const image = randomImage(S, 'o2');
    const [k, s] = [4, 2];
    const result = await run(occlusion, model, image, { window: k, stride: s });
    const starts = windowStarts(S, k, s);
    let checked = 0;
    for (let y = 0; y < S; y++)
      for (let xx = 0; xx < S; xx++) {
        const covering = starts.filter((x0) => x0 <= xx && xx < x0 + k);
        if (covering.every((x0) => x0 >= S / 2)) {
          checked++;
          for (let ch = 0; ch < 3; ch++) expect(result.data[(y * S + xx) * 3 + ch]).toBe(0);
        } else if (xx < S / 2) {
          expect(result.data[(y * S + xx) * 3]).not.toBe(0);
        }
      }
    expect(checked).toBeGreaterThan(0);
    image.dispose();
  });

  it('O3: x ≡ fill gives A ≡ 0', async () => {
    const model = linearModel({ size: S, seed: 'o3' });
    models.push(model);
    const grey = tf.fill([S, S, 3], 0.5) as tf.Tensor3D;
    const result = await run(occlusion, model, grey, { window: 3, stride: 2, fill: 0.5 });
    expect(result.data.every((v) => v === 0)).toBe(true);
    grey.dispose();
  });

  it('O4: stride > window is rejected, and every element is covered at least once otherwise', async () => {
    expect(occlusionParamsSchema.safeParse({ window: 3, stride: 4 }).success).toBe(false);
    // Coverage ≥ 1: with a constant drop per window (region model, constant image) every pixel is non-zero.
    const model = regionModel({ size: S, region: () => true });
    models.push(model);
    const ones = tf.ones([S, S, 3]) as tf.Tensor3D;
    const result = await run(occlusion, model, ones, { window: 5, stride: 5, fill: 0 });
    expect(result.data.every((v) => v > 0)).toBe(true);
    ones.dispose();
  });

  it('O5: the map is identical for perturbationsPerEval 1, 7 and all windows at once', async () => {
    const model = linearModel({ size: S, outputs: 3, seed: 'o5' });
    models.push(model);
    const image = randomImage(S, 'o5');
    const maps = [];
    for (const perturbationsPerEval of [1, 7, 25]) {
      maps.push((await run(occlusion, model, image, { window: 4, stride: 2, perturbationsPerEval })).data);
    }
    expect(maps[1]).toEqual(maps[0]);
    expect(maps[2]).toEqual(maps[0]);
    image.dispose();
  });

  it('O6: all channels of a pixel carry the same attribution', async () => {
    const model = linearModel({ size: S, outputs: 3, seed: 'o6' });
    models.push(model);
    const image = randomImage(S, 'o6');
    const { data } = await run(occlusion, model, image, { window: 3, stride: 2, score: 'logit' });
    for (let p = 0; p < S * S; p++) {
      expect(data[p * 3 + 1]).toBe(data[p * 3]);
      expect(data[p * 3 + 2]).toBe(data[p * 3]);
    }
    image.dispose();
  });

  it('reports monotone progress ending at 1 and rejects with AbortError when cancelled', async () => {
    const model = linearModel({ size: S, seed: 'abort' });
    models.push(model);
    const image = randomImage(S, 'abort');
    const seen: number[] = [];
    await run(occlusion, model, image, { window: 2, stride: 1, perturbationsPerEval: 16 }, { context: { onProgress: (f) => seen.push(f) } });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f >= (seen[i - 1] ?? 0))).toBe(true);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const pending = run(occlusion, model, image, { window: 2, stride: 1, perturbationsPerEval: 4 }, {
      context: { signal: controller.signal, onProgress: (f) => f > 0.2 && controller.abort() },
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });
});
