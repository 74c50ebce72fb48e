// Integrated Gradients (Sundararajan et al. 2017), EXPLAINERS.md §2.3:
// IG = (x − x') ⊙ Σ_k w_k ∇F(x' + α_k (x − x')), with the baseline given in pixel space and mapped
// through preprocess. The completeness gap δ = ΣIG − (F(x) − F(x')) is reported in provenance notes.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { chunkRanges } from './common';
import { explainerFromSource, gradientOf, type GradientRun, type GradientSource } from './gradient-source';
import { fillInModelSpace, pixelFillSchema } from './pixel-fill';
import { quadrature, quadratureRuleSchema, type Quadrature } from './quadrature';

export const integratedGradientsParamsSchema = z.object({
  steps: z.number().int().min(1).default(64),
  rule: quadratureRuleSchema.default('gauss-legendre'),
  /** Pixel-space baseline: a grey level (0 = black, the paper's choice) or a blurred copy of the face. */
  baseline: pixelFillSchema.default(0),
  blurSigma: z.number().positive().default(5),
  internalBatchSize: z.number().int().positive().default(32),
  /** §2.3 [rec]: re-run with this many steps when |δ| > refineTolerance·|F(x) − F(x′)|; 0 disables. */
  refineSteps: z.number().int().min(0).default(256),
  refineTolerance: z.number().positive().default(0.05),
});
export type IntegratedGradientsParams = z.infer<typeof integratedGradientsParamsSchema>;

export const integratedGradientsSource: GradientSource<IntegratedGradientsParams> = {
  id: 'integrated-gradients',
  paper: 'Sundararajan, Taly & Yan, Axiomatic Attribution for Deep Networks, ICML 2017',
  params: integratedGradientsParamsSchema,
  async attribute(run, x, params) {
    const [n, h, w, c] = x.shape;
    const size = h * w * c;
    const baseline = fillInModelSpace(run.model, run.pixels, params.baseline, params.blurSigma);
    const data = new Float32Array(n * size);
    const deltas: number[] = [];
    const inputScores: number[] = [];
    const stepsUsed: number[] = [];
    let baselineScore = 0;
    try {
      baselineScore = tf.tidy(() => run.score(baseline).dataSync()[0] ?? 0);
      for (let b = 0; b < n; b++) {
        const xb = tf.tidy(() => x.slice([b, 0, 0, 0], [1, h, w, c]) as tf.Tensor4D);
        const diff = tf.tidy(() => tf.sub(xb, baseline) as tf.Tensor4D);
        try {
          const fx = tf.tidy(() => run.score(xb).dataSync()[0] ?? 0);
          const report = (f: number) => run.progress((b + f) / n);
          let steps = params.steps;
          let ig = await integrate(run, baseline, diff, quadrature(params.rule, steps), params.internalBatchSize, report);
          let delta = sum(ig) - (fx - baselineScore);
          if (params.refineSteps > steps && Math.abs(delta) > params.refineTolerance * Math.abs(fx - baselineScore)) {
            steps = params.refineSteps;
            ig = await integrate(run, baseline, diff, quadrature(params.rule, steps), params.internalBatchSize, report);
            delta = sum(ig) - (fx - baselineScore);
          }
          data.set(ig, b * size);
          inputScores.push(fx);
          deltas.push(delta);
          stepsUsed.push(steps);
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
        stepsUsed: one ? stepsUsed[0] : stepsUsed,
        scoreUnits: run.target.score,
      },
    };
  },
};

function sum(values: Float32Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** (x − x′) ⊙ Σ_k w_k ∇F(x′ + α_k (x − x′)) for one example, chunked over the path nodes. */
async function integrate(
  run: GradientRun,
  baseline: tf.Tensor4D,
  diff: tf.Tensor4D,
  { alphas, weights }: Quadrature,
  batchSize: number,
  progress: (fraction: number) => Promise<void>,
): Promise<Float32Array> {
  const size = diff.size;
  const integral = new Float64Array(size);
  const chunks = chunkRanges(alphas.length, batchSize);
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
    await progress((ci + 1) / chunks.length);
  }
  const d = diff.dataSync();
  return Float32Array.from(integral, (v, i) => (d[i] ?? 0) * v);
}

export const integratedGradients = explainerFromSource(integratedGradientsSource);
