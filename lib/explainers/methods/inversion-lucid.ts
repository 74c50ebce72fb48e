// Feature inversion with the Lucid image parameterisation and transformation robustness: the objective of
// Mahendran & Vedaldi (2015), ‖Φ(x) − Φ0‖² / ‖Φ0‖², optimised over a decorrelated Fourier
// parameterisation (EXPLAINERS.md §7.3) under random jitter, scale and rotation (§6 "Jitter", after the
// IJCV 2016 natural pre-images), by Adam. Pixel-space TV inversion (inversion-tv, the survey's method)
// leaves rainbow high-frequency noise on these 112 px nets that a face detector does not read as a face;
// this parameterisation suppresses it (measured 2026-12-01, README "Stimulus quality").
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ExplainContext, ExplainRequest, Explainer, ExplanationResult } from '../types';
import { createParamImage, paramImageSchemaShape } from './fourier-param-image';
import { resolveInversionLayer } from './inversion-layers';
import { buildProvenance, createRng, resolveTargetOnImage, throwIfAborted } from './method-runtime';
import type { BuiltObjective } from './vis-objectives';
import { runVisualizationLoop } from './vis-optimize';
import { transformsSchema } from './vis-transforms';

export const inversionLucidParamsSchema = z.object({
  /** Layer to invert; default: the model's measured default (inversion-layers.ts). */
  layer: z.string().optional(),
  steps: z.number().int().min(0).default(256),
  learningRate: z.number().positive().default(0.05),
  ...paramImageSchemaShape,
  /**
   * Jitter only (no scaling or rotation), much lighter than the visualisation's: a reconstruction must stay
   * aligned with the face it inverts. Measured 2026-12-02 on the demo faces the default study weakly
   * inverted: with ±5° rotation and ±5 % scale the fits were looser (feature error 0.21–0.32, SSIM
   * 0.30–0.38); jitter alone with the TV term below reached 0.09–0.15 and 0.49–0.54.
   */
  transforms: transformsSchema
    .nullable()
    .default({ jitter: 2, scales: [1], rotateDegrees: [0], jitter2: 1, fill: 0.5 }),
  /**
   * Mahendran & Vedaldi's TV regulariser (their objective has one; λ per pixel of the 0–1 image). Without
   * it the decorrelated parameterisation still left colour speckle on the age/gender inversions that the
   * face detector scored 0.1–0.4; with λ = 8 (and the jitter above) 0.86–0.92 on the same faces.
   */
  lambdaTV: z.number().min(0).default(8),
  beta: z.number().positive().default(2),
  traceEvery: z.number().int().min(1).default(32),
});
export type InversionLucidParams = z.infer<typeof inversionLucidParamsSchema>;

async function explainInversionLucid(
  request: ExplainRequest,
  params: InversionLucidParams,
  context?: ExplainContext,
): Promise<ExplanationResult> {
  const startedAt = new Date();
  const { model, image, seed } = request;
  throwIfAborted(context?.signal);
  const target = resolveTargetOnImage(model, image, request.target);
  const layer = resolveInversionLayer(model, params.layer);
  const { trunk } = model.split(layer);
  const phi0 = tf.tidy(() => trunk(model.preprocess(image.expandDims(0) as tf.Tensor4D)));
  const phi0Norm2 = Math.max(tf.tidy(() => tf.sum(tf.square(phi0)).dataSync()[0] ?? 0), 1e-12);
  const featureError = (modelInput: tf.Tensor4D): tf.Scalar =>
    tf.div(tf.sum(tf.square(tf.sub(trunk(modelInput), phi0))), phi0Norm2) as tf.Scalar;
  const objective: BuiltObjective = {
    evaluate: (x) => tf.neg(featureError(x)) as tf.Scalar,
    description: `−‖Φ(x) − Φ0‖² / ‖Φ0‖² at ${layer}`,
    dependsOn: 'the face and the layer',
  };
  const param = createParamImage({
    size: model.inputSize, parameterization: params.parameterization, decorrelate: params.decorrelate,
    decayPower: params.decayPower, initStd: params.initStd, seed, stream: 'inversion-lucid-init',
  });
  try {
    const result = await runVisualizationLoop({
      variables: [param.variable],
      render: param.render,
      preprocess: (x) => model.preprocess(x),
      objective,
      transforms: params.transforms,
      lambdaTV: params.lambdaTV,
      beta: params.beta,
      steps: params.steps,
      learningRate: params.learningRate,
      traceEvery: params.traceEvery,
      rng: createRng(seed, 'inversion-lucid-transforms'),
      ...(context ? { context } : {}),
    });
    const [h, w] = model.inputSize;
    const finalError = tf.tidy(() => featureError(model.preprocess(tf.tensor4d(result.image, [1, h, w, 3]))).dataSync()[0] ?? NaN);
    return {
      kind: 'inversion',
      data: result.image,
      shape: result.shape,
      provenance: buildProvenance({
        method: inversionLucid.id,
        params: { ...params, layer },
        seed,
        model,
        target,
        space: 'pixel',
        startedAt,
        notes: {
          objective: objective.description,
          parameterization: param.description,
          normalizedReconstructionError: finalError,
          errorTrace: result.objectiveTrace.map((t) => ({ step: t.step, error: -t.objective })),
          targetNote: 'Inversion does not depend on the target; it is recorded for provenance only.',
        },
      }),
    };
  } finally {
    param.dispose();
    phi0.dispose();
  }
}

export const inversionLucid: Explainer<InversionLucidParams> = {
  id: 'inversion-lucid',
  kind: 'inversion',
  paper:
    'Mahendran, A. & Vedaldi, A. (2015). Understanding Deep Image Representations by Inverting Them. CVPR 2015; parameterisation and transformation robustness after Olah, Mordvintsev & Schubert (2017), Feature Visualization, Distill.',
  params: inversionLucidParamsSchema,
  explain: explainInversionLucid,
};
