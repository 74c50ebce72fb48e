// One conformance loop over every registered explainer × analytic fixture (ARCHITECTURE.md rule 9):
// shape, finiteness, determinism for a seed, no leaked tensors, complete provenance, progress, abort.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { explain, getExplainer, listExplainers, registerExplainer } from '@/lib/explainers/registry';
import type { ModelAdapter } from '@/lib/explainers/types';
import { gapModel, linearModel, regionModel, tanhCnn } from './fixtures/analytic-models';
import { randomImage } from './fixtures/chain-adapter';
import { useCpuBackend } from './fixtures/setup';

useCpuBackend();
const S = 12;

// Cheap settings so the loop stays fast; explainers not listed run with their defaults.
const fastParams: Record<string, Record<string, unknown>> = {
  occlusion: { window: 4, stride: 4 },
  smoothgrad: { samples: 3 },
  'integrated-gradients': { steps: 4, refineSteps: 8 },
  rise: { masks: 24, gridSize: 3 },
  'inversion-tv': { schedule: [{ factor: 1, iterations: 3 }], repeats: 1 },
  'inversion-lucid': { steps: 3 },
  'visualization-tv': { steps: 3 },
  'visualization-lucid': { steps: 3 },
};

const models: ModelAdapter[] = [
  linearModel({ size: S }),
  linearModel({ size: S, outputs: 3, seed: 'softmax' }),
  gapModel({ size: S }),
  regionModel({ size: S, region: (y) => y < S / 2 }),
  tanhCnn({ size: S }),
];
afterAll(() => models.forEach((m) => m.dispose()));

describe('explainer registry', () => {
  it('lists unique ids with a kind, a paper and a params schema whose parse({}) gives defaults', () => {
    const ids = listExplainers().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['occlusion', 'gradient', 'smoothgrad', 'integrated-gradients', 'grad-cam', 'grad-cam-pp', 'rise']) {
      expect(ids).toContain(id);
    }
    for (const explainer of listExplainers()) {
      expect(['saliency', 'inversion', 'visualization']).toContain(explainer.kind);
      expect(explainer.paper.length).toBeGreaterThan(10);
      expect(() => explainer.params.parse({})).not.toThrow();
    }
  });

  it('rejects unknown ids, duplicate registrations and invalid params', async () => {
    expect(() => getExplainer('nope')).toThrow(/Unknown explainer 'nope'/);
    expect(() => registerExplainer(getExplainer('occlusion'))).toThrow(/already registered/);
    const image = randomImage(S, 'invalid');
    const options = { model: models[0] as ModelAdapter, image, target: { kind: 'predicted' } as const, seed: 1 };
    await expect(explain({ ...options, method: 'occlusion', params: { window: 2, stride: 3 } })).rejects.toThrow(/stride/);
    image.dispose();
  });
});

describe.each(listExplainers().map((e) => [e.id]))('conformance: %s', (id) => {
  it.each(models.map((m) => [m.id, m] as const))('on %s', async (_name, model) => {
    const image = randomImage(S, `conformance:${model.id}`);
    const params = fastParams[id] ?? {};
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const request = { model, image, target: { kind: 'predicted' } as const, method: id, params, seed: 42 };
    const first = await explain(request, { onProgress: (f) => progress.push(f) });
    const second = await explain(request);
    expect(tf.memory().numTensors).toBe(before);

    const [h, w, c] = first.shape;
    expect([h, w]).toEqual([S, S]);
    expect([1, 3]).toContain(c);
    expect(first.data).toBeInstanceOf(Float32Array);
    expect(first.data).toHaveLength(h * w * c);
    expect(first.data.every(Number.isFinite)).toBe(true);
    expect(second.data).toEqual(first.data);

    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => f >= 0 && f <= 1 && f >= (progress[i - 1] ?? 0))).toBe(true);

    const p = first.provenance;
    expect(p.method).toBe(id);
    expect(p.seed).toBe(42);
    expect(p.model).toEqual({ id: model.id, weightsHash: model.weightsHash });
    expect(p.params).toMatchObject(params);
    expect(p.target.label.length).toBeGreaterThan(0);
    expect(['logit', 'log-odds', 'probability', 'value']).toContain(p.target.score);
    expect(p.space.length).toBeGreaterThan(0);
    expect(p.backend).toBe('cpu');
    expect(p.versions['tfjs-core']).toMatch(/^\d+\.\d+/);
    expect(Number.isNaN(Date.parse(p.timings.startedAt))).toBe(false);
    expect(p.timings.durationMs).toBeGreaterThanOrEqual(0);

    const aborted = new AbortController();
    aborted.abort();
    await expect(explain(request, { signal: aborted.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });
});
