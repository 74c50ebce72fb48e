// Feature inversion with TV regularisation (Mahendran & Vedaldi, CVPR 2015), EXPLAINERS.md §6.
// Reconstructs "what the model keeps of this face" from one layer's activations.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ExplainContext, ExplainRequest, Explainer, ExplanationResult } from '../types';
import {
  buildProvenance,
  createProgress,
  createRng,
  fillNormal,
  resolveTargetOnImage,
  throwIfAborted,
  yieldToEventLoop,
} from './method-runtime';
import { resolveInversionLayer } from './inversion-layers';
import { alphaNorm, totalVariationBeta, totalVariationBetaPerItem } from './tv-regularizer';

const phaseSchema = z.object({ factor: z.number().positive(), iterations: z.number().int().min(0) });

export const inversionTvParamsSchema = z.object({
  /** Layer to invert; default: the model's measured default (inversion-layers.ts), else its last spatial layer. */
  layer: z.string().optional(),
  alpha: z.number().int().min(2).default(6),
  /** 8e-10 (deep-goggle, 0–255 units) × 255^(α−2) for [0,1] pixels (§6 "Rescaling") ≈ 3.38. */
  lambdaAlpha: z.number().min(0).default(8e-10 * 255 ** 4),
  beta: z.number().positive().default(2),
  /** Unset: 1 / 10 / 100 for the shallow / middle / deep third of model.layers (experiment_cnn.m). */
  lambdaTV: z.number().min(0).optional(),
  /**
   * σ_x per element in centred [0,1] pixel units: 27098.1 / √(227·227·3) ≈ 69 on the 0–255 scale
   * (x0_sigma.mat), i.e. 69/255. σ_x = this × √(H·W·3).
   */
  sigmaPerElement: z.number().positive().default(69 / 255),
  /** Pixel-space centre of the optimisation variable (the α-norm pulls towards it). */
  pixelMean: z.tuple([z.number(), z.number(), z.number()]).default([0.5, 0.5, 0.5]),
  /** experiment_cnn.m: 0.004 × [1 (100 it), 0.1 (200), 0.01 (100)] = 400 iterations. */
  learningRate: z.number().positive().default(0.004),
  schedule: z
    .array(phaseSchema)
    .min(1)
    .default([
      { factor: 1, iterations: 100 },
      { factor: 0.1, iterations: 200 },
      { factor: 0.01, iterations: 100 },
    ]),
  momentum: z.number().min(0).max(1).default(0.9),
  /** Parallel reconstructions from different random inits (numRepeats=4); the lowest E is returned. */
  repeats: z.number().int().min(1).max(16).default(4),
  /** Random translation of ±jitter px before Φ (IJCV 2016 follow-up); 0 = the CVPR code. */
  jitter: z.number().int().min(0).default(0),
  /** Record E every this many iterations (for the monotonicity check and provenance). */
  traceEvery: z.number().int().min(1).default(25),
});
export type InversionTvParams = z.infer<typeof inversionTvParamsSchema>;

function defaultLambdaTV(layers: readonly string[], layer: string): number {
  const i = layers.indexOf(layer);
  const depth = (i + 1) / Math.max(1, layers.length);
  if (depth <= 1 / 3) return 1;
  if (depth <= 2 / 3) return 10;
  return 100;
}

/** Circular shift along H and W; slices and concat have gradients, unlike image.transform. */
export function rollImage(x: tf.Tensor4D, dy: number, dx: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  let out = x;
  const sy = ((dy % h) + h) % h;
  const sx = ((dx % w) + w) % w;
  if (sy !== 0) out = tf.concat([out.slice([0, h - sy, 0, 0], [-1, sy, -1, -1]), out.slice([0, 0, 0, 0], [-1, h - sy, -1, -1])], 1);
  if (sx !== 0) out = tf.concat([out.slice([0, 0, w - sx, 0], [-1, -1, sx, -1]), out.slice([0, 0, 0, 0], [-1, -1, w - sx, -1])], 2);
  return out;
}

async function explainInversion(
  request: ExplainRequest,
  params: InversionTvParams,
  context?: ExplainContext,
): Promise<ExplanationResult> {
  const startedAt = new Date();
  const { model, image, seed } = request;
  const signal = context?.signal;
  const progress = createProgress(context);
  throwIfAborted(signal);
  const target = resolveTargetOnImage(model, image, request.target);
  const layer = resolveInversionLayer(model, params.layer);
  const lambdaTV = params.lambdaTV ?? defaultLambdaTV(model.layers, layer);
  const [h, w] = model.inputSize;
  const R = params.repeats;
  const sigmaX = params.sigmaPerElement * Math.sqrt(h * w * 3);
  const sigma2 = sigmaX * sigmaX;
  const { trunk } = model.split(layer);
  const mean = tf.tensor4d(params.pixelMean, [1, 1, 1, 3]);
  const phi = (zc: tf.Tensor4D): tf.Tensor => trunk(model.preprocess(tf.add(zc, mean) as tf.Tensor4D));

  const phi0 = tf.tidy(() => phi(tf.sub(image.expandDims(0), mean) as tf.Tensor4D));
  const phi0Sq = tf.tidy(() => tf.sum(tf.square(phi0)));
  const phi0Norm2 = Math.max((await phi0Sq.data())[0] ?? 0, 1e-12);
  phi0Sq.dispose();
  const dataWeight = sigma2 / phi0Norm2;
  const sumAxes = phi0.shape.slice(1).map((_, i) => i + 1);

  // Per-item σ_x²·E_b; summing over the batch keeps gradients per reconstruction independent.
  const scaledEnergyPerItem = (zc: tf.Tensor4D, shift: [number, number]): tf.Tensor1D => {
    const features = phi(shift[0] === 0 && shift[1] === 0 ? zc : rollImage(zc, shift[0], shift[1]));
    const data = tf.mul(dataWeight, tf.sum(tf.square(tf.sub(features, phi0)), sumAxes));
    const tv = tf.mul(lambdaTV / 2, totalVariationBetaPerItem(zc, params.beta));
    const an = tf.mul(params.lambdaAlpha / 2, tf.sum(tf.pow(zc, params.alpha), [1, 2, 3]));
    return tf.add(tf.add(data, tv), an) as tf.Tensor1D;
  };
  const scaledEnergy = (zc: tf.Tensor4D, shift: [number, number]): tf.Scalar => {
    const features = phi(shift[0] === 0 && shift[1] === 0 ? zc : rollImage(zc, shift[0], shift[1]));
    const data = tf.mul(dataWeight, tf.sum(tf.square(tf.sub(features, phi0))));
    const tv = tf.mul(lambdaTV / 2, totalVariationBeta(zc, params.beta));
    const an = tf.mul(params.lambdaAlpha / 2, alphaNorm(zc, params.alpha));
    return tf.add(tf.add(data, tv), an) as tf.Scalar;
  };
  let currentShift: [number, number] = [0, 0];
  const gradFn = tf.grad((zc: tf.Tensor) => scaledEnergy(zc as tf.Tensor4D, currentShift));

  // x = randn rescaled to norm σ_x, independently per repeat (invert_nn.m).
  const initRng = createRng(seed, 'inversion-init');
  const init = fillNormal(initRng, R * h * w * 3);
  const per = h * w * 3;
  for (let r = 0; r < R; r++) {
    let n2 = 0;
    for (let i = r * per; i < (r + 1) * per; i++) n2 += (init[i] ?? 0) ** 2;
    const s = sigmaX / Math.sqrt(Math.max(n2, 1e-30));
    for (let i = r * per; i < (r + 1) * per; i++) init[i] = (init[i] ?? 0) * s;
  }
  let zc = tf.tensor4d(init, [R, h, w, 3]);
  let v: tf.Tensor | null = null;
  const jitterRng = createRng(seed, 'inversion-jitter');
  const energyOf = async (t: tf.Tensor4D): Promise<number[]> => {
    const e = tf.tidy(() => tf.div(scaledEnergyPerItem(t, [0, 0]), sigma2));
    const arr = Array.from(await e.data());
    e.dispose();
    return arr;
  };
  try {
    const trace: { iteration: number; energy: number[] }[] = [{ iteration: 0, energy: await energyOf(zc) }];
    const initialEnergy = trace[0]?.energy ?? [];
    const total = params.schedule.reduce((a, p) => a + p.iterations, 0);
    let it = 0;
    for (const phase of params.schedule) {
      const lr = params.learningRate * phase.factor;
      // Momentum is reset whenever the learning rate changes (invert_nn.m; §6 pitfalls).
      v?.dispose();
      v = tf.zerosLike(zc);
      for (let k = 0; k < phase.iterations; k++) {
        throwIfAborted(signal);
        currentShift =
          params.jitter > 0
            ? [Math.floor(jitterRng() * (2 * params.jitter + 1)) - params.jitter, Math.floor(jitterRng() * (2 * params.jitter + 1)) - params.jitter]
            : [0, 0];
        const prevV: tf.Tensor = v;
        const [nextV, nextZ] = tf.tidy(() => {
          const g = gradFn(zc);
          const vv = tf.sub(tf.mul(params.momentum, prevV), tf.mul(lr, g));
          return [vv, tf.add(zc, vv) as tf.Tensor4D] as const;
        });
        prevV.dispose();
        zc.dispose();
        v = nextV;
        zc = nextZ;
        it++;
        if (it % params.traceEvery === 0) trace.push({ iteration: it, energy: await energyOf(zc) });
        progress(it / Math.max(1, total), 'inverting');
        if (it % 10 === 0) await yieldToEventLoop();
      }
    }
    throwIfAborted(signal);
    const finalEnergy = await energyOf(zc);
    let best = 0;
    for (let r = 1; r < R; r++) if ((finalEnergy[r] ?? Infinity) < (finalEnergy[best] ?? Infinity)) best = r;
    const { data, clipped, reconError } = tf.tidy(() => {
      const chosen = zc.slice([best, 0, 0, 0], [1, -1, -1, -1]);
      const pix = tf.add(chosen, mean);
      const clippedCount = tf.sum(tf.logicalOr(tf.less(pix, 0), tf.greater(pix, 1)));
      const err = tf.div(tf.sum(tf.square(tf.sub(phi(chosen), phi0))), phi0Norm2);
      return { data: tf.clipByValue(pix, 0, 1), clipped: clippedCount, reconError: err };
    });
    const out = new Float32Array(await data.data());
    const clippedN = (await clipped.data())[0] ?? 0;
    const reconstructionError = (await reconError.data())[0] ?? NaN;
    tf.dispose([data, clipped, reconError]);
    progress(1, 'done');
    return {
      kind: 'inversion',
      data: out,
      shape: [h, w, 3],
      provenance: buildProvenance({
        method: inversionTv.id,
        params: { ...params, layer, lambdaTV },
        seed,
        model,
        target,
        space: 'pixel',
        startedAt,
        notes: {
          objective: 'E = ‖Φ(x)−Φ0‖²/‖Φ0‖² + λ_TV/2·TV_β/σ_x² + λ_α/2·Σx^α/σ_x², x = pixel − pixelMean',
          optimiser: 'momentum SGD on σ_x²·E with momentum reset at each lr change (deep-goggle)',
          sigmaX,
          phi0Norm: Math.sqrt(phi0Norm2),
          chosenRepeat: best,
          initialEnergy,
          finalEnergy,
          normalizedReconstructionError: reconstructionError,
          clippedFraction: clippedN / (h * w * 3),
          energyTrace: trace,
          targetNote: 'Inversion does not depend on the target; it is recorded for provenance only.',
        },
      }),
    };
  } finally {
    tf.dispose([zc, phi0, mean]);
    v?.dispose();
  }
}

export const inversionTv: Explainer<InversionTvParams> = {
  id: 'inversion-tv',
  kind: 'inversion',
  paper:
    'Mahendran, A. & Vedaldi, A. (2015). Understanding Deep Image Representations by Inverting Them. CVPR 2015.',
  params: inversionTvParamsSchema,
  explain: explainInversion,
};
