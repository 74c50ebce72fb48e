// SmoothGrad (Smilkov et al. 2017), EXPLAINERS.md §2.2, as a wrapper around any gradient source:
// SG(x) = mean_k A(x + ε_k), ε_k ~ N(0, σ²), σ = ρ·(max x − min x) on the model-space input (PAIR).
// SG² (`squared`) averages A² instead (PAIR magnitude=True, Captum smoothgrad_sq).
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { chunkRanges } from './common';
import type { GradientSource } from './gradient-source';
import { fillGaussian, makeRng } from './random';

export function smoothGradParamsSchema<P extends Record<string, unknown>>(inner: z.ZodType<P>) {
  return z.object({
    /** ρ, relative to the input range (0.15: PAIR, Adebayo). Captum's σ is absolute; not used here. */
    noiseLevel: z.number().min(0).default(0.15),
    samples: z.number().int().positive().default(50),
    squared: z.boolean().default(false),
    /** Noisy copies per call of the inner source. */
    batchSize: z.number().int().positive().default(10),
    inner: inner.prefault({}),
  });
}

export type SmoothGradParams<P> = {
  noiseLevel: number;
  samples: number;
  squared: boolean;
  batchSize: number;
  inner: P;
};

export function smoothGrad<P extends Record<string, unknown>>(
  inner: GradientSource<P>,
  id = inner.id === 'gradient' ? 'smoothgrad' : `smoothgrad-${inner.id}`,
): GradientSource<SmoothGradParams<P>> {
  return {
    id,
    paper: `Smilkov et al., SmoothGrad: removing noise by adding noise, 2017 (around: ${inner.paper})`,
    params: smoothGradParamsSchema(inner.params),
    async attribute(run, x, params) {
      const [n, h, w, c] = x.shape;
      const size = h * w * c;
      const xs = x.dataSync() as Float32Array;
      const sum = new Float64Array(n * size);
      let noiseSq = 0;
      let noiseCount = 0;
      const sigmas: number[] = [];
      for (let b = 0; b < n; b++) {
        const example = xs.subarray(b * size, (b + 1) * size);
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of example) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        const sigma = params.noiseLevel * (hi - lo);
        sigmas.push(sigma);
        // Fresh noise per sample, one stream per example: batchSize never changes the draws.
        const rng = makeRng(run.seed, `smoothgrad:${b}`);
        const chunks = chunkRanges(params.samples, params.batchSize);
        for (const [ci, [from, to]] of chunks.entries()) {
          const count = to - from;
          const noise = fillGaussian(rng, new Float32Array(count * size), sigma);
          for (const e of noise) noiseSq += e * e;
          noiseCount += noise.length;
          const noisy = tf.tidy(() =>
            tf.add(tf.tensor4d(noise, [count, h, w, c]), tf.tensor4d(example, [1, h, w, c])) as tf.Tensor4D,
          );
          let grads: Float32Array;
          try {
            const step = (b * chunks.length + ci) / (n * chunks.length);
            const span = count / (n * params.samples);
            ({ data: grads } = await inner.attribute(
              { ...run, progress: (f) => run.progress(step + span * f) },
              noisy,
              params.inner,
            ));
          } finally {
            noisy.dispose();
          }
          for (let k = 0; k < count; k++)
            for (let i = 0; i < size; i++) {
              const g = grads[k * size + i] ?? 0;
              sum[b * size + i] = (sum[b * size + i] ?? 0) + (params.squared ? g * g : g);
            }
        }
      }
      // Float64 accumulation: with σ = 0 the mean of n identical gradients is that gradient exactly (S1).
      const data = new Float32Array(n * size);
      for (let i = 0; i < data.length; i++) data[i] = (sum[i] ?? 0) / params.samples;
      await run.progress(1);
      return {
        data,
        notes: {
          sigma: n === 1 ? sigmas[0] : sigmas,
          noiseStd: noiseCount > 0 ? Math.sqrt(noiseSq / noiseCount) : 0,
          aggregation: params.squared ? 'mean of squared attributions (SG²)' : 'mean',
          inner: inner.id,
        },
      };
    },
  };
}
