// Feature visualisation the Lucid way (Olah et al., Distill 2017; Lucid render_vis / param.image),
// EXPLAINERS.md §7: Fourier parameterisation with 1/f scaling, colour decorrelation, sigmoid squash,
// and transformation robustness, optimised by Adam(0.05) for 512 steps. Same objectives as visualization-tv.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ExplainContext, ExplainRequest, Explainer, ExplanationResult } from '../types';
import { decorrelatedToRgb } from './color-decorrelation';
import { createIrfft2, halfWidth, spectrumScale } from './fourier-image';
import { createRng, fillNormal, throwIfAborted } from './method-runtime';
import { visObjectiveSchema } from './vis-objectives';
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
  /** Parameterisation: 'fft' (Lucid default) or plain 'pixel' (for comparison; gives adversarial noise). */
  parameterization: z.enum(['fft', 'pixel']).default('fft'),
  decorrelate: z.boolean().default(true),
  decayPower: z.number().min(0).default(1),
  /** Standard deviation of the initial spectrum / pixel parameters (Lucid sd = 0.01). */
  initStd: z.number().min(0).default(0.01),
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

/** Lucid's magic constant: irfft2 output is divided by 4 before colour recorrelation. */
const FFT_MAGIC = 4;

async function explainVisualizationLucid(
  request: ExplainRequest,
  params: VisualizationLucidParams,
  context?: ExplainContext,
): Promise<ExplanationResult> {
  const startedAt = new Date();
  const { model, seed } = request;
  throwIfAborted(context?.signal);
  const { target, objective } = visualizationObjective(request, params.objective);
  const [h, w] = model.inputSize;
  const wf = halfWidth(w);
  const fft = params.parameterization === 'fft';
  // Spectrum (re, im) per channel as one variable [2, 3, h, wf]; pixel: [1, h, w, 3].
  const shape = fft ? [2, 3, h, wf] : [1, h, w, 3];
  const size = shape.reduce((a, b) => a * b, 1);
  const init = tf.tensor(fillNormal(createRng(seed, 'vis-lucid-init'), size, params.initStd), shape);
  const v = tf.variable(init);
  init.dispose();
  const irfft = fft ? createIrfft2(h, w) : null;
  const scale = fft ? tf.tensor2d(spectrumScale(h, w, params.decayPower), [h, wf]) : null;

  const render = (): tf.Tensor4D => {
    let dec: tf.Tensor4D;
    if (irfft && scale) {
      const scaled = tf.mul(v, scale);
      const re = scaled.slice([0, 0, 0, 0], [1, 3, h, wf]).reshape([3, h, wf]) as tf.Tensor3D;
      const im = scaled.slice([1, 0, 0, 0], [1, 3, h, wf]).reshape([3, h, wf]) as tf.Tensor3D;
      const planes = irfft.apply(re, im); // [3, h, w]
      dec = tf.div(tf.transpose(planes, [1, 2, 0]).expandDims(0), FFT_MAGIC) as tf.Tensor4D;
    } else {
      dec = v as unknown as tf.Tensor4D;
    }
    const rgb = params.decorrelate ? decorrelatedToRgb(dec) : dec;
    // With the sigmoid squash no colour mean is added (Lucid adds one only when sigmoid=False).
    return tf.sigmoid(rgb) as tf.Tensor4D;
  };

  try {
    return await optimiseVisualization({
      methodId: visualizationLucid.id,
      params,
      seed,
      model,
      target,
      objective,
      startedAt,
      variables: [v],
      render,
      rng: createRng(seed, 'vis-lucid-transforms'),
      notes: {
        parameterization: fft
          ? 'sigmoid(recorrelate(irfft2_ortho(spectrum / max(f, 1/max(h,w))^decay) / 4)), irfft2 by real matMul'
          : 'sigmoid(recorrelate(p))',
        transformsNote:
          'one affine resampling (jitter → scale → rotate → jitter) at the model input size; out-of-image samples read the fill value',
      },
      ...(context ? { context } : {}),
    });
  } finally {
    v.dispose();
    irfft?.dispose();
    scale?.dispose();
  }
}

export const visualizationLucid: Explainer<VisualizationLucidParams> = {
  id: 'visualization-lucid',
  kind: 'visualization',
  paper: 'Olah, C., Mordvintsev, A. & Schubert, L. (2017). Feature Visualization. Distill. doi:10.23915/distill.00007',
  params: visualizationLucidParamsSchema,
  explain: explainVisualizationLucid,
};
