// Feature inversion (EXPLAINERS.md §6): tests F1–F4 plus the explainer contract.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inversionTv, inversionTvParamsSchema } from '@/lib/explainers/methods/inversion-tv';
import { alphaNorm, totalVariationBeta } from '@/lib/explainers/methods/tv-regularizer';
import { findLastSpatialLayer } from '@/lib/explainers/methods/method-runtime';
import { createIdentityModel, createLinearModel, createTinyConvNet, makeTestImage } from './fixtures-inv/models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function bruteForceTV(data: Float32Array, h: number, w: number, c: number, beta: number): number {
  let sum = 0;
  const at = (y: number, x: number, k: number): number => data[(y * w + x) * c + k] ?? NaN;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) {
        const dx = x + 1 < w ? at(y, x + 1, k) - at(y, x, k) : 0;
        const dy = y + 1 < h ? at(y + 1, x, k) - at(y, x, k) : 0;
        sum += (dx * dx + dy * dy) ** (beta / 2);
      }
  return sum;
}

describe('TV_β and α-norm (F2)', () => {
  const h = 5;
  const w = 6;
  const data = Float32Array.from({ length: h * w * 3 }, (_, i) => Math.sin(i * 1.7) * 0.5 + (i % 7) * 0.1);

  it.each([1, 2, 1.5])('matches a brute-force loop for β=%s', (beta) => {
    const x = tf.tensor4d(data, [1, h, w, 3]);
    const tv = totalVariationBeta(x, beta);
    expect(tv.dataSync()[0]).toBeCloseTo(bruteForceTV(data, h, w, 3, beta), 3);
    tf.dispose([x, tv]);
  });

  it('is 0 for a constant image, and the α-term is 0 for the zero image', () => {
    const c = tf.fill([1, 4, 4, 3], 0.3) as tf.Tensor4D;
    const z = tf.zeros([1, 4, 4, 3]);
    expect(totalVariationBeta(c, 2).dataSync()[0]).toBe(0);
    expect(totalVariationBeta(c, 1).dataSync()[0]).toBe(0);
    expect(alphaNorm(z, 6).dataSync()[0]).toBe(0);
    // The clamped derivative keeps β = 1 finite on flat regions.
    const g = tf.grad((t: tf.Tensor) => totalVariationBeta(t as tf.Tensor4D, 1))(c);
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([c, z, g]);
  });

  it('rejects odd α (no |·| in the α-norm)', () => {
    const z = tf.zeros([1, 2, 2, 3]);
    expect(() => alphaNorm(z, 3)).toThrow(/even/);
    z.dispose();
  });

  it.each([1, 2])('autograd matches central finite differences for β=%s', (beta) => {
    const x = tf.tensor4d(data, [1, h, w, 3]);
    const g = tf.grad((t: tf.Tensor) => totalVariationBeta(t as tf.Tensor4D, beta))(x).dataSync();
    const eps = 1e-3;
    const f = (arr: Float32Array): number => bruteForceTV(arr, h, w, 3, beta);
    for (const i of [0, 7, 20, 41, 63, 88]) {
      const p = Float32Array.from(data);
      const m = Float32Array.from(data);
      p[i] = (p[i] ?? 0) + eps;
      m[i] = (m[i] ?? 0) - eps;
      const fd = (f(p) - f(m)) / (2 * eps);
      expect(Math.abs((g[i] ?? NaN) - fd)).toBeLessThan(2e-2 * Math.max(1, Math.abs(fd)));
    }
    x.dispose();
  });
});

describe('inversion-tv explainer', () => {
  const conv = createTinyConvNet(16);
  const ident = createIdentityModel(8);
  afterAll(() => {
    conv.adapter.dispose();
    ident.adapter.dispose();
  });

  it('has the §6 defaults (400 iterations, α=6, β=2, 4 repeats)', () => {
    const p = inversionTvParamsSchema.parse({});
    expect(p.schedule.reduce((a, s) => a + s.iterations, 0)).toBe(400);
    expect(p.alpha).toBe(6);
    expect(p.beta).toBe(2);
    expect(p.repeats).toBe(4);
    expect(p.learningRate).toBe(0.004);
    expect(p.lambdaAlpha).toBeCloseTo(3.3826, 3);
  });

  it('defaults to the last spatial layer, or the layer before the output when none is spatial', () => {
    expect(findLastSpatialLayer(conv.adapter)).toBe('conv2');
    const linear = createLinearModel(8);
    expect(findLastSpatialLayer(linear.adapter)).toBe('flat');
    linear.adapter.dispose();
  });

  it('F1: Φ = identity and λ = 0 recovers x0', async () => {
    const image = makeTestImage(8);
    const params = inversionTvParamsSchema.parse({
      layer: 'pixels',
      lambdaTV: 0,
      lambdaAlpha: 0,
      repeats: 1,
      learningRate: 0.5,
      schedule: [{ factor: 1, iterations: 300 }],
    });
    const res = await inversionTv.explain({ model: ident.adapter, image, target: { kind: 'predicted' }, seed: 1 }, params);
    const x0 = image.dataSync();
    let maxErr = 0;
    for (let i = 0; i < x0.length; i++) maxErr = Math.max(maxErr, Math.abs((res.data[i] ?? NaN) - (x0[i] ?? NaN)));
    expect(maxErr).toBeLessThan(1e-4);
    image.dispose();
  });

  it('F3: with the paper schedule (400 it), reconstruction error falls ≥10× on a shallow layer and E is non-increasing every 25 iterations', async () => {
    const image = makeTestImage(16);
    const params = inversionTvParamsSchema.parse({ layer: 'conv1', repeats: 1 });
    const res = await inversionTv.explain({ model: conv.adapter, image, target: { kind: 'predicted' }, seed: 2 }, params);
    const notes = res.provenance.notes as {
      energyTrace: { iteration: number; energy: number[] }[];
      normalizedReconstructionError: number;
      chosenRepeat: number;
    };
    const initRecon = await reconstructionErrorOfInit(conv, image, 2);
    expect(notes.energyTrace).toHaveLength(400 / 25 + 1);
    expect(notes.normalizedReconstructionError).toBeLessThan(initRecon / 10);
    for (let r = 0; r < 1; r++) {
      const series = notes.energyTrace.map((t) => t.energy[r] ?? NaN);
      for (let i = 1; i < series.length; i++) expect(series[i]).toBeLessThanOrEqual((series[i - 1] ?? NaN) + 1e-9);
    }
    image.dispose();
  });

  it('F4 + contract: deterministic per seed, shape, range, provenance, progress, no leaks', async () => {
    const image = makeTestImage(16);
    const params = inversionTvParamsSchema.parse({ repeats: 2, schedule: [{ factor: 1, iterations: 20 }], jitter: 2 });
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    const a = await inversionTv.explain({ model: conv.adapter, image, target: { kind: 'predicted' }, seed: 5 }, params, {
      onProgress: (f) => progress.push(f),
    });
    expect(tf.memory().numTensors).toBe(before);
    const b = await inversionTv.explain({ model: conv.adapter, image, target: { kind: 'predicted' }, seed: 5 }, params);
    const c = await inversionTv.explain({ model: conv.adapter, image, target: { kind: 'predicted' }, seed: 6 }, params);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    expect(a.shape).toEqual([16, 16, 3]);
    expect(a.kind).toBe('inversion');
    expect(Array.from(a.data).every((v) => v >= 0 && v <= 1)).toBe(true);
    // Default layer: the last spatial layer of the model.
    expect(a.provenance.params.layer).toBe('conv2');
    // The returned reconstruction is the repeat with the lowest final E.
    const n = a.provenance.notes as { finalEnergy: number[]; chosenRepeat: number };
    expect(n.finalEnergy).toHaveLength(2);
    expect(n.finalEnergy[n.chosenRepeat]).toBe(Math.min(...n.finalEnergy));
    expect(a.provenance.params.lambdaTV).toBe(10);
    expect(a.provenance.backend).toBe('cpu');
    expect(a.provenance.versions['tfjs-core']).toBe(tf.version['tfjs-core']);
    expect(a.provenance.model.weightsHash).toBe(conv.adapter.weightsHash);
    expect(a.provenance.timings.durationMs).toBeGreaterThanOrEqual(0);
    expect(a.provenance.space).toBe('pixel');
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] ?? 0);
    image.dispose();
  });

  it('rejects with an AbortError when cancelled, without leaking tensors', async () => {
    const image = makeTestImage(16);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const run = inversionTv.explain(
      { model: conv.adapter, image, target: { kind: 'predicted' }, seed: 1 },
      inversionTvParamsSchema.parse({ repeats: 1 }),
      { signal: controller.signal, onProgress: (f) => f > 0.05 && controller.abort() },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });
});

/** ‖Φ(x_init)−Φ0‖²/‖Φ0‖² of the same seed's initialisation (zero iterations). */
async function reconstructionErrorOfInit(
  fixture: ReturnType<typeof createTinyConvNet>,
  image: tf.Tensor3D,
  seed: number,
): Promise<number> {
  const res = await inversionTv.explain(
    { model: fixture.adapter, image, target: { kind: 'predicted' }, seed },
    inversionTvParamsSchema.parse({ layer: 'conv1', repeats: 1, schedule: [{ factor: 1, iterations: 0 }] }),
  );
  return (res.provenance.notes as { normalizedReconstructionError: number }).normalizedReconstructionError;
}
