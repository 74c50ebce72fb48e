// Occlusion (Zeiler & Fergus 2014) with Captum semantics (EXPLAINERS.md §1): the window spans all
// channels, the last window is cropped at the border, and each element gets the mean output drop over
// the windows covering it (not PAIR's un-normalised sum, which attenuates borders).
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { Explainer } from '../types';
import { makeScoreFn, resolveTarget } from '../targets';
import { Progress, buildProvenance, chunkRanges, prepareInput } from './common';
import { fillInModelSpace, pixelFillSchema } from './pixel-fill';

export const occlusionParamsSchema = z
  .object({
    window: z.number().int().positive().default(8),
    stride: z.number().int().positive().default(4),
    // Grey 0.5 in pixel space, mapped through preprocess: in-distribution for any normalisation,
    // unlike black. See report/EXPLAINERS.md §1 for the 'model zero' alternative.
    fill: pixelFillSchema.default(0.5),
    blurSigma: z.number().positive().default(5),
    perturbationsPerEval: z.number().int().positive().default(64),
    score: z.enum(['probability', 'logit']).default('probability'),
  })
  .refine((p) => p.stride <= p.window, {
    message: 'stride must not exceed window, or some pixels are never occluded (O4)',
    path: ['stride'],
  });
export type OcclusionParams = z.infer<typeof occlusionParamsSchema>;

/** Window start positions along one axis: ceil((n − k)/s) + 1 starts, the last window cropped. */
export function windowStarts(size: number, window: number, stride: number): number[] {
  const k = Math.min(window, size);
  const count = Math.ceil((size - k) / stride) + 1;
  return Array.from({ length: count }, (_, i) => i * stride);
}

export const occlusion: Explainer<OcclusionParams> = {
  id: 'occlusion',
  kind: 'saliency',
  paper: 'Zeiler & Fergus, Visualizing and Understanding Convolutional Networks, ECCV 2014',
  params: occlusionParamsSchema,
  async explain(request, params, context) {
    const startedAt = Date.now();
    const progress = new Progress(context);
    const { model } = request;
    const input = prepareInput(model, request.image);
    const { height: h, width: w, channels: c } = input;
    const fill = fillInModelSpace(model, input.pixels, params.fill, params.blurSigma);
    try {
      const target = resolveTarget(model, input.x, request.target, params.score);
      const score = makeScoreFn(model, target);
      const clean = tf.tidy(() => score(input.x).dataSync()[0] ?? 0);
      const ys = windowStarts(h, params.window, params.stride);
      const xs = windowStarts(w, params.window, params.stride);
      const positions = ys.flatMap((y0) => xs.map((x0) => [y0, x0] as const));
      const sum = new Float64Array(h * w);
      const count = new Float64Array(h * w);
      const batches = chunkRanges(positions.length, params.perturbationsPerEval);
      for (const [bi, [from, to]] of batches.entries()) {
        const batch = positions.slice(from, to);
        // One mask value per pixel (the window spans all channels), broadcast by the kernels: x·keep +
        // fill·occluded is exact for 0/1 masks. tf.where would tile x and fill to the batch shape first,
        // which on wasm cost a third of an occlusion map.
        const occludedMask = new Float32Array(batch.length * h * w);
        batch.forEach(([y0, x0], b) => {
          for (let y = y0; y < Math.min(h, y0 + params.window); y++)
            occludedMask.fill(1, (b * h + y) * w + x0, (b * h + y) * w + Math.min(w, x0 + params.window));
        });
        const keepMask = occludedMask.map((v) => 1 - v);
        const scored = tf.tidy(() => {
          const shape: [number, number, number, number] = [batch.length, h, w, 1];
          const occluded = tf.add(
            tf.mul(input.x, tf.tensor4d(keepMask, shape)),
            tf.mul(fill, tf.tensor4d(occludedMask, shape)),
          ) as tf.Tensor4D;
          return score(occluded);
        });
        const scores = scored.dataSync();
        scored.dispose();
        batch.forEach(([y0, x0], b) => {
          const drop = clean - (scores[b] ?? 0);
          for (let y = y0; y < Math.min(h, y0 + params.window); y++)
            for (let x = x0; x < Math.min(w, x0 + params.window); x++) {
              sum[y * w + x] = (sum[y * w + x] ?? 0) + drop;
              count[y * w + x] = (count[y * w + x] ?? 0) + 1;
            }
        });
        await progress.step((bi + 1) / batches.length, 'occlusion');
      }
      const data = new Float32Array(h * w * c);
      for (let i = 0; i < h * w; i++) data.fill((sum[i] ?? 0) / (count[i] ?? 1), i * c, (i + 1) * c);
      progress.done();
      return {
        kind: 'saliency',
        data,
        shape: [h, w, c],
        provenance: buildProvenance({
          method: 'occlusion',
          params,
          request,
          target,
          space: 'model-input',
          startedAt,
          notes: { forwardPasses: positions.length + 1, cleanScore: clean, aggregation: 'mean over covering windows' },
        }),
      };
    } finally {
      tf.dispose([input.pixels, input.x, fill]);
    }
  },
};
