// Activation maximisation with TV regularisation (Erhan 2009 / Simonyan 2013 / Mahendran & Vedaldi 2016
// regularised variant), EXPLAINERS.md §7. The seed study's feature visualisation: the predicted class's
// logit, or for age the squared error towards the predicted age, under a TV penalty.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ExplainContext, ExplainRequest, Explainer, ExplanationResult, ModelAdapter } from '../types';
import { createRng, fillNormal, resolveTargetOnImage, throwIfAborted } from './method-runtime';
import { buildObjective, startStream, visObjectiveSchema } from './vis-objectives';
import { optimiseVisualization } from './vis-optimize';
import { transformsSchema } from './vis-transforms';

export const visualizationTvParamsSchema = z.object({
  objective: visObjectiveSchema.default({ type: 'target' }),
  /** Lucid/Lucent: 512 steps of Adam(0.05). */
  steps: z.number().int().min(0).default(512),
  learningRate: z.number().positive().default(0.05),
  /** [rec] Weight on TV_β(x)/(H·W) with x in [0,1] pixels (untuned on the real face models). */
  lambdaTV: z.number().min(0).default(1),
  beta: z.number().positive().default(2),
  /** Pixel parameterisation: image = sigmoid(p), p ~ N(0, initStd²) (Lucent pixel_image). */
  initStd: z.number().min(0).default(0.01),
  /** [rec] Light translation robustness only; the TV term does the rest of the smoothing. */
  transforms: transformsSchema
    .nullable()
    .default({ jitter: 4, scales: [1], rotateDegrees: [0], jitter2: 0, fill: 0.5 }),
  traceEvery: z.number().int().min(1).default(16),
});
export type VisualizationTvParams = z.infer<typeof visualizationTvParamsSchema>;

/** The model's output on the request face; only read for regression targets. */
export function predictValueOn(model: ModelAdapter, image: tf.Tensor3D): number {
  return tf.tidy(() => model.predict(model.preprocess(image.expandDims(0) as tf.Tensor4D)).dataSync()[0] ?? NaN);
}

/** The resolved target and the objective to maximise, shared by both visualisation methods. */
export function visualizationObjective(request: ExplainRequest, objective: VisualizationTvParams['objective']) {
  const { model, image } = request;
  const target = resolveTargetOnImage(model, image, request.target);
  return {
    target,
    objective: buildObjective(
      objective,
      model,
      target,
      () => predictValueOn(model, image),
      (index) => resolveTargetOnImage(model, image, { kind: 'class', index }),
    ),
  };
}

async function explainVisualizationTv(
  request: ExplainRequest,
  params: VisualizationTvParams,
  context?: ExplainContext,
): Promise<ExplanationResult> {
  const startedAt = new Date();
  const { model, seed } = request;
  throwIfAborted(context?.signal);
  const { target, objective } = visualizationObjective(request, params.objective);
  const [h, w] = model.inputSize;
  const init = tf.tensor4d(fillNormal(createRng(seed, startStream('vis-tv-init', objective)), h * w * 3, params.initStd), [1, h, w, 3]);
  // tf.variable shares the initial tensor's data but the tensor object itself must still be released.
  const p = tf.variable(init);
  init.dispose();
  try {
    return await optimiseVisualization({
      methodId: visualizationTv.id,
      params,
      seed,
      model,
      target,
      objective,
      startedAt,
      variables: [p],
      render: () => tf.sigmoid(p) as tf.Tensor4D,
      rng: createRng(seed, 'vis-tv-transforms'),
      notes: { regulariser: `λ_TV·TV_β(x)/(H·W), β=${params.beta}, x = sigmoid(p) in [0,1]` },
      ...(context ? { context } : {}),
    });
  } finally {
    p.dispose();
  }
}

export const visualizationTv: Explainer<VisualizationTvParams> = {
  id: 'visualization-tv',
  kind: 'visualization',
  paper:
    'Mahendran, A. & Vedaldi, A. (2016). Visualizing Deep Convolutional Neural Networks Using Natural Pre-images. IJCV 120; after Erhan et al. (2009) and Simonyan et al. (2013).',
  params: visualizationTvParamsSchema,
  explain: explainVisualizationTv,
};
