// Feature visualisation with TV (EXPLAINERS.md §7): V1 (objective increases), V5 (monotone on a linear
// model), objectives, the "per model and class, not per face" property, and the explainer contract.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visualizationTv, visualizationTvParamsSchema } from '@/lib/explainers/methods/visualization-tv';
import type { ExplanationResult } from '@/lib/explainers/types';
import { createLinearModel, createTinyConvNet, makeTestImage } from './fixtures-inv/models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Trace = { step: number; objective: number }[];
const traceOf = (r: ExplanationResult): Trace => (r.provenance.notes as { objectiveTrace: Trace }).objectiveTrace;

describe('visualization-tv', () => {
  const conv = createTinyConvNet(16);
  const age = createTinyConvNet(16, 11, 'regression');
  const linear = createLinearModel(8, 3, 'softmax');
  const face = makeTestImage(16);
  afterAll(() => {
    conv.adapter.dispose();
    age.adapter.dispose();
    linear.adapter.dispose();
    face.dispose();
  });

  it('has the Lucid step defaults (512 steps, Adam 0.05) and targets the resolved class by default', () => {
    const p = visualizationTvParamsSchema.parse({});
    expect(p.steps).toBe(512);
    expect(p.learningRate).toBe(0.05);
    expect(p.objective).toEqual({ type: 'target' });
  });

  it('V5: pixel parameterisation, no transforms, increases a linear objective monotonically for 10 steps', async () => {
    const image = makeTestImage(8);
    const params = visualizationTvParamsSchema.parse({
      objective: { type: 'class', index: 0 },
      steps: 10,
      transforms: null,
      lambdaTV: 0,
      traceEvery: 1,
    });
    const res = await visualizationTv.explain({ model: linear.adapter, image, target: { kind: 'predicted' }, seed: 1 }, params);
    const t = traceOf(res);
    expect(t).toHaveLength(11);
    for (let i = 1; i < t.length; i++) expect(t[i]!.objective).toBeGreaterThan(t[i - 1]!.objective);
    image.dispose();
  });

  it.each([
    ['class logit (target)', { type: 'target' as const }],
    ['channel', { type: 'channel' as const, layer: 'conv2', channel: 3 }],
    ['neuron', { type: 'neuron' as const, layer: 'conv1', channel: 1 }],
    ['layer (DeepDream)', { type: 'layer' as const, layer: 'conv1' }],
  ])('V1: the %s objective ends above where it started', async (name, objective) => {
    // A 3×3-receptive-field neuron on a 16 px canvas is smaller than the ±2 px jitter, so the jittered
    // optimum need not raise the unjittered neuron; the neuron case checks the optimiser without transforms.
    const transforms = name === 'neuron' ? { transforms: null } : {};
    const params = visualizationTvParamsSchema.parse({ objective, steps: 25, lambdaTV: 0.1, ...transforms });
    const res = await visualizationTv.explain({ model: conv.adapter, image: face, target: { kind: 'predicted' }, seed: 3 }, params);
    const t = traceOf(res);
    expect(t.at(-1)!.objective).toBeGreaterThan(t[0]!.objective + 1e-3);
    expect(res.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
  });

  it('regression: moves the age output towards the face prediction (squared error) and records the target', async () => {
    const params = visualizationTvParamsSchema.parse({ steps: 40, transforms: null, lambdaTV: 0.1, learningRate: 0.1 });
    const res = await visualizationTv.explain({ model: age.adapter, image: face, target: { kind: 'predicted' }, seed: 3 }, params);
    const predicted = tf.tidy(() => age.adapter.predict(age.adapter.preprocess(face.expandDims(0) as tf.Tensor4D)).dataSync()[0]!);
    const notes = res.provenance.notes as { regressionTarget: number; dependsOn: string };
    expect(notes.regressionTarget).toBeCloseTo(predicted, 5);
    expect(notes.dependsOn).toMatch(/not the face/);
    const t = traceOf(res);
    expect(t[0]!.objective).toBeLessThan(-1e-4);
    expect(-t.at(-1)!.objective).toBeLessThan(-t[0]!.objective / 4);
    // An explicit target value overrides the face's prediction.
    const r2 = await visualizationTv.explain(
      { model: age.adapter, image: face, target: { kind: 'predicted' }, seed: 3 },
      visualizationTvParamsSchema.parse({ steps: 1, objective: { type: 'target', value: 42 } }),
    );
    expect((r2.provenance.notes as { regressionTarget: number }).regressionTarget).toBe(42);
  });

  it('depends on model and class, not on the face: two faces, same class, same seed → same image', async () => {
    const params = visualizationTvParamsSchema.parse({ steps: 8 });
    const other = makeTestImage(16, 2);
    const a = await visualizationTv.explain({ model: conv.adapter, image: face, target: { kind: 'class', index: 1 }, seed: 4 }, params);
    const b = await visualizationTv.explain({ model: conv.adapter, image: other, target: { kind: 'class', index: 1 }, seed: 4 }, params);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect((a.provenance.notes as { dependsOn: string }).dependsOn).toMatch(/model and class only, not the face/);
    expect(a.provenance.target).toMatchObject({ kind: 'class', index: 1, label: 'happy' });
    other.dispose();
  });

  it('is deterministic per seed, leaks no tensors, reports progress to 1, and records provenance', async () => {
    const params = visualizationTvParamsSchema.parse({ steps: 12 });
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const a = await visualizationTv.explain({ model: conv.adapter, image: face, target: { kind: 'predicted' }, seed: 9 }, params, {
      onProgress: (f) => progress.push(f),
    });
    expect(tf.memory().numTensors).toBe(before);
    const b = await visualizationTv.explain({ model: conv.adapter, image: face, target: { kind: 'predicted' }, seed: 9 }, params);
    const c = await visualizationTv.explain({ model: conv.adapter, image: face, target: { kind: 'predicted' }, seed: 10 }, params);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    expect(a.shape).toEqual([16, 16, 3]);
    expect(a.kind).toBe('visualization');
    expect(a.provenance).toMatchObject({ method: 'visualization-tv', seed: 9, backend: 'cpu', space: 'pixel' });
    expect(a.provenance.versions['tfjs-core']).toBe(tf.version['tfjs-core']);
    expect(progress.at(-1)).toBe(1);
  });

  it('rejects unknown layers and cancels with an AbortError without leaking', async () => {
    await expect(
      visualizationTv.explain(
        { model: conv.adapter, image: face, target: { kind: 'predicted' }, seed: 1 },
        visualizationTvParamsSchema.parse({ objective: { type: 'channel', layer: 'nope', channel: 0 } }),
      ),
    ).rejects.toThrow(/Unknown layer/);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const run = visualizationTv.explain(
      { model: conv.adapter, image: face, target: { kind: 'predicted' }, seed: 1 },
      visualizationTvParamsSchema.parse({}),
      { signal: controller.signal, onProgress: (f) => f > 0.02 && controller.abort() },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
