// Integrated Gradients (Sundararajan et al. 2017), EXPLAINERS.md §2.3:
// IG = (x − x') ⊙ Σ_k w_k ∇F(x' + α_k (x − x')), with the baseline given in pixel space and mapped
// through preprocess. The completeness gap δ = ΣIG − (F(x) − F(x')) is reported in provenance notes.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { chunkRanges } from './common';
import { explainerFromSource, gradientOf, type GradientSource } from './gradient-source';
import { fillInModelSpace, pixelFillSchema } from './pixel-fill';
import { quadrature, quadratureRuleSchema } from './quadrature';

export const integratedGradientsParamsSchema = z.object({
  steps: z.number().int().min(1).default(64),
  rule: quadratureRuleSchema.default('gauss-legendre'),
  /** Pixel-space baseline: a grey level (0 = black, the paper's choice) or a blurred copy of the face. */
  baseline: pixelFillSchema.default(0),
  blurSigma: z.number().positive().default(5),
  internalBatchSize: z.number().int().positive().default(32),
});
export type IntegratedGradientsParams = z.infer<typeof integratedGradientsParamsSchema>;

export const integratedGradientsSource: GradientSource<IntegratedGradientsParams> = {
  id: 'integrated-gradients',
  paper: 'Sundararajan, Taly & Yan, Axiomatic Attribution for Deep Networks, ICML 2017',
  params: integratedGradientsParamsSchema,
  async attribute(run, x, params) {
    const [n, h, w, c] = x.shape;
    const size = h * w * c;
    const { alphas, weights } = quadrature(params.rule, params.steps);
    const baseline = fillInModelSpace(run.model, run.pixels, params.baseline, params.blurSigma);
    const data = new Float32Array(n * size);
    const deltas: number[] = [];
    const inputScores: number[] = [];
    let baselineScore = 0;
    try {
      baselineScore = tf.tidy(() => run.score(baseline).dataSync()[0] ?? 0);
      const chunks = chunkRanges(alphas.length, params.internalBatchSize);
      for (let b = 0; b < n; b++) {
        const xb = tf.tidy(() => x.slice([b, 0, 0, 0], [1, h, w, c]) as tf.Tensor4D);
        const diff = tf.tidy(() => tf.sub(xb, baseline) as tf.Tensor4D);
        try {
          const integral = new Float64Array(size);
          for (const [ci, [from, to]] of chunks.entries()) {
            const grads = tf.tidy(() => {
              const a = tf.tensor4d(alphas.slice(from, to), [to - from, 1, 1, 1]);
              return gradientOf(run.score, tf.add(baseline, tf.mul(a, diff)) as tf.Tensor4D);
            });
            for (let k = from; k < to; k++) {
              const wk = weights[k] ?? 0;
              const offset = (k - from) * size;
              for (let i = 0; i < size; i++) integral[i] = (integral[i] ?? 0) + wk * (grads[offset + i] ?? 0);
            }
            await run.progress((b * chunks.length + ci + 1) / (n * chunks.length));
          }
          const d = diff.dataSync();
          let total = 0;
          for (let i = 0; i < size; i++) {
            const v = (d[i] ?? 0) * (integral[i] ?? 0);
            data[b * size + i] = v;
            total += v;
          }
          const fx = tf.tidy(() => run.score(xb).dataSync()[0] ?? 0);
          inputScores.push(fx);
          deltas.push(total - (fx - baselineScore));
        } finally {
          tf.dispose([xb, diff]);
        }
      }
    } finally {
      baseline.dispose();
    }
    const one = n === 1;
    return {
      data,
      notes: {
        convergenceDelta: one ? deltas[0] : deltas,
        inputScore: one ? inputScores[0] : inputScores,
        baselineScore,
        scoreUnits: run.target.score,
      },
    };
  },
};

export const integratedGradients = explainerFromSource(integratedGradientsSource);
