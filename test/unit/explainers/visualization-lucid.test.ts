// Lucid-style feature visualisation (EXPLAINERS.md §7): defaults, V1 (objective increases under the full
// transform stack), V4 (every transform passes gradients to the spectrum), and the explainer contract.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visualizationLucid, visualizationLucidParamsSchema } from '@/lib/explainers/methods/visualization-lucid';
import type { ExplanationResult } from '@/lib/explainers/types';
import { createTinyConvNet, makeTestImage } from './fixtures-inv/models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Trace = { step: number; objective: number }[];
const traceOf = (r: ExplanationResult): Trace => (r.provenance.notes as { objectiveTrace: Trace }).objectiveTrace;

describe('visualization-lucid', () => {
  const conv = createTinyConvNet(16);
  const age = createTinyConvNet(16, 11, 'regression');
  const face = makeTestImage(16);
  afterAll(() => {
    conv.adapter.dispose();
    age.adapter.dispose();
    face.dispose();
  });

  it('has Lucid defaults: 512 steps, Adam 0.05, FFT + decorrelation, sd 0.01, halved transforms', () => {
    const p = visualizationLucidParamsSchema.parse({});
    expect(p).toMatchObject({ steps: 512, learningRate: 0.05, parameterization: 'fft', decorrelate: true, initStd: 0.01, decayPower: 1 });
    expect(p.transforms?.scales).toHaveLength(11);
    expect(p.transforms?.scales[0]).toBeCloseTo(0.9, 10);
    expect(p.transforms?.rotateDegrees).toHaveLength(26);
    expect(p.transforms).toMatchObject({ jitter: 4, jitter2: 2 });
  });

  it.each([
    ['class logit (target)', { type: 'target' as const }],
    ['channel', { type: 'channel' as const, layer: 'conv2', channel: 5 }],
    ['layer (DeepDream)', { type: 'layer' as const, layer: 'conv2' }],
  ])('V1: the %s objective ends above where it started under the full transform stack', async (_n, objective) => {
    const res = await visualizationLucid.explain(
      { model: conv.adapter, image: face, target: { kind: 'predicted' }, seed: 2 },
      visualizationLucidParamsSchema.parse({ objective, steps: 30 }),
    );
    const t = traceOf(res);
    expect(t.at(-1)!.objective).toBeGreaterThan(t[0]!.objective + 1e-3);
    expect(res.data.every((v) => Number.isFinite(v) && v > 0 && v < 1)).toBe(true);
  });

  it.each([
    ['jitter', { jitter: 4, scales: [1], rotateDegrees: [0], jitter2: 0 }],
    ['scale', { jitter: 0, scales: [0.9], rotateDegrees: [0], jitter2: 0 }],
    ['rotate', { jitter: 0, scales: [1], rotateDegrees: [10], jitter2: 0 }],
  ])('V4: %s alone passes a non-zero gradient to the spectrum', async (_n, transforms) => {
    const run = (steps: number): Promise<ExplanationResult> =>
      visualizationLucid.explain(
        { model: conv.adapter, image: face, target: { kind: 'predicted' }, seed: 4 },
        visualizationLucidParamsSchema.parse({ steps, transforms }),
      );
    const [a, b] = [await run(0), await run(1)];
    let diff = 0;
    for (let i = 0; i < a.data.length; i++) diff = Math.max(diff, Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)));
    expect(diff).toBeGreaterThan(1e-4);
  });

  it('regression: moves the age output towards the face prediction', async () => {
    const res = await visualizationLucid.explain(
      { model: age.adapter, image: face, target: { kind: 'predicted' }, seed: 1 },
      visualizationLucidParamsSchema.parse({ steps: 40, transforms: null, learningRate: 0.1 }),
    );
    const t = traceOf(res);
    expect(-t.at(-1)!.objective).toBeLessThan(-t[0]!.objective / 4);
    expect((res.provenance.notes as { dependsOn: string }).dependsOn).toMatch(/not the face/);
  });

  it('is deterministic per seed, face-independent for a fixed class, leak-free and cancellable', async () => {
    const params = visualizationLucidParamsSchema.parse({ steps: 6 });
    const other = makeTestImage(16, 5);
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const a = await visualizationLucid.explain({ model: conv.adapter, image: face, target: { kind: 'class', index: 2 }, seed: 8 }, params, {
      onProgress: (f) => progress.push(f),
    });
    expect(tf.memory().numTensors).toBe(before);
    const b = await visualizationLucid.explain({ model: conv.adapter, image: other, target: { kind: 'class', index: 2 }, seed: 8 }, params);
    const c = await visualizationLucid.explain({ model: conv.adapter, image: face, target: { kind: 'class', index: 2 }, seed: 9 }, params);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    expect(a.shape).toEqual([16, 16, 3]);
    expect(a.provenance).toMatchObject({ method: 'visualization-lucid', backend: 'cpu', seed: 8, target: { index: 2, label: 'sad' } });
    expect(progress.at(-1)).toBe(1);
    const controller = new AbortController();
    const run = visualizationLucid.explain({ model: conv.adapter, image: face, target: { kind: 'predicted' }, seed: 1 }, visualizationLucidParamsSchema.parse({}), {
      signal: controller.signal,
      onProgress: (f) => f > 0.01 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    other.dispose();
  });
});
