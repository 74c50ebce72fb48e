// Feature inversion with the Lucid parameterisation: the same objective as §6 (normalised feature error),
// so F3/F4 apply: the error falls ≥10× on a shallow layer, the result is deterministic per seed, in [0,1],
// records the layer it inverted, and leaks nothing. Plus the per-model default layer table.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inversionLucid, inversionLucidParamsSchema } from '@/lib/explainers/methods/inversion-lucid';
import { DEFAULT_INVERSION_LAYERS, defaultInversionLayer } from '@/lib/explainers/methods/inversion-layers';
import { faceApiLayerNames } from '@/lib/explainers/models/face-api-nets';
import type { ModelAdapter } from '@/lib/explainers/types';
import { createTinyConvNet, makeTestImage } from './fixtures-inv/models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('inversion-lucid', () => {
  const conv = createTinyConvNet(16);
  afterAll(() => conv.adapter.dispose());

  it('inverts the measured default layer of each built-in model, and the last spatial layer of others', () => {
    for (const id of ['age', 'gender', 'expression'] as const) {
      expect(faceApiLayerNames(id)).toContain(DEFAULT_INVERSION_LAYERS[id]);
      const stub = { id, layers: faceApiLayerNames(id) } as unknown as ModelAdapter;
      expect(defaultInversionLayer(stub)).toBe(DEFAULT_INVERSION_LAYERS[id]);
    }
    expect(defaultInversionLayer(conv.adapter)).toBe('conv2');
  });

  it('has the measured defaults (Fourier, decorrelated colour, 256 Adam steps at 0.05, jitter only, TV λ 8)', () => {
    const p = inversionLucidParamsSchema.parse({});
    expect([p.parameterization, p.decorrelate, p.steps, p.learningRate, p.lambdaTV]).toEqual(['fft', true, 256, 0.05, 8]);
    expect(p.transforms).toMatchObject({ jitter: 2, scales: [1], rotateDegrees: [0] });
  });

  it('F3: the normalised feature error falls ≥10× from the start on a shallow layer', async () => {
    const image = makeTestImage(16);
    const res = await inversionLucid.explain({ model: conv.adapter, image, target: { kind: 'predicted' }, seed: 2 }, inversionLucidParamsSchema.parse({ layer: 'conv1', steps: 200, transforms: null }));
    const notes = res.provenance.notes as { errorTrace: { step: number; error: number }[]; normalizedReconstructionError: number };
    const start = notes.errorTrace[0]?.error ?? NaN;
    expect(notes.normalizedReconstructionError).toBeLessThan(start / 10);
    image.dispose();
  });

  it('F4 + contract: deterministic per seed, in [0,1], records its layer, reports progress, leaks nothing', async () => {
    const image = makeTestImage(16);
    const before = tf.memory().numTensors;
    const params = inversionLucidParamsSchema.parse({ steps: 12 });
    const progress: number[] = [];
    const a = await inversionLucid.explain({ model: conv.adapter, image, target: { kind: 'predicted' }, seed: 5 }, params, { onProgress: (f) => progress.push(f) });
    const b = await inversionLucid.explain({ model: conv.adapter, image, target: { kind: 'predicted' }, seed: 5 }, params);
    const c = await inversionLucid.explain({ model: conv.adapter, image, target: { kind: 'predicted' }, seed: 6 }, params);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    expect(a.shape).toEqual([16, 16, 3]);
    expect(Math.min(...a.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.data)).toBeLessThanOrEqual(1);
    expect(a.kind).toBe('inversion');
    expect(a.provenance).toMatchObject({ method: 'inversion-lucid', seed: 5, params: expect.objectContaining({ layer: 'conv2' }) });
    expect(progress.at(-1)).toBe(1);
    image.dispose();
  });

  it('refuses a layer the model does not have, naming it', async () => {
    const image = makeTestImage(16);
    await expect(inversionLucid.explain({ model: conv.adapter, image, target: { kind: 'predicted' }, seed: 1 }, inversionLucidParamsSchema.parse({ layer: 'nope', steps: 1 }))).rejects.toThrow(/Unknown layer 'nope'/);
    image.dispose();
  });
});
