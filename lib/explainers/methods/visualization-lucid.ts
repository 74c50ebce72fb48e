// Feature visualisation the Lucid way (Olah et al., Distill 2017; Lucid render_vis / param.image),
// EXPLAINERS.md §7: Fourier parameterisation with 1/f scaling, colour decorrelation, sigmoid squash,
// and transformation robustness, optimised by Adam(0.05) for 512 steps. Same objectives as visualization-tv.
import { z } from 'zod';
import type { ExplainContext, ExplainRequest, Explainer, ExplanationResult } from '../types';
import { createParamImage, paramImageSchemaShape } from './fourier-param-image';
import { createRng, throwIfAborted } from './method-runtime';
import { startStream, visObjectiveSchema } from './vis-objectives';
import { optimiseVisualization } from './vis-optimize';
import { transformsSchema } from './vis-transforms';
import { visualizationObjective } from './visualization-tv';

/** Lucid's random_scale list [1 + (i−5)/50 for i in 0..10]. */
const LUCID_SCALES = Array.from({ length: 11 }, (_, i) => 1 + (i - 5) / 50);
/** Lucid's random_rotate list: −10..10 degrees plus five extra zeros. */
const LUCID_ANGLES = [...Array.from({ length: 21 }, (_, i) => i - 10), 0, 0, 0, 0, 0];

export const visualizationLucidParamsSchema = z.object({
  objective: visObjectiveSchema.default({ type: 'target' }),
  steps: z.number().int().min(0).default(512),
  learningRate: z.number().positive().default(0.05),
  ...paramImageSchemaShape,
  /** [rec] Lucid's transforms halved for 112 px: jitter 4, scales unchanged, rotate ±10°, jitter 2. */
  transforms: transformsSchema
    .nullable()
    .default({ jitter: 4, scales: LUCID_SCALES, rotateDegrees: LUCID_ANGLES, jitter2: 2, fill: 0.5 }),
  /** Lucid adds no regulariser by default; TV is available for comparison with visualization-tv. */
  lambdaTV: z.number().min(0).default(0),
  beta: z.number().positive().default(2),
  traceEvery: z.number().int().min(1).default(16),
});
export type VisualizationLucidParams = z.infer<typeof visualizationLucidParamsSchema>;

async function explainVisualizationLucid(
  request: ExplainRequest,
  params: VisualizationLucidParams,
  context?: ExplainContext,
): Promise<ExplanationResult> {
  const startedAt = new Date();
  const { model, seed } = request;
  throwIfAborted(context?.signal);
  const { target, objective } = visualizationObjective(request, params.objective);
  const image = createParamImage({
    size: model.inputSize, parameterization: params.parameterization, decorrelate: params.decorrelate,
    decayPower: params.decayPower, initStd: params.initStd, seed, stream: startStream('vis-lucid-init', objective),
  });

  try {
    return await optimiseVisualization({
      methodId: visualizationLucid.id,
      params,
      seed,
      model,
      target,
      objective,
      startedAt,
      variables: [image.variable],
      render: image.render,
      rng: createRng(seed, 'vis-lucid-transforms'),
      notes: {
        parameterization: image.description,
        transformsNote:
          'one affine resampling (jitter → scale → rotate → jitter) at the model input size; out-of-image samples read the fill value',
      },
      ...(context ? { context } : {}),
    });
  } finally {
    image.dispose();
  }
}

export const visualizationLucid: Explainer<VisualizationLucidParams> = {
  id: 'visualization-lucid',
  kind: 'visualization',
  paper: 'Olah, C., Mordvintsev, A. & Schubert, L. (2017). Feature Visualization. Distill. doi:10.23915/distill.00007',
  params: visualizationLucidParamsSchema,
  explain: explainVisualizationLucid,
};
