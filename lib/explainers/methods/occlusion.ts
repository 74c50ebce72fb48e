// Occlusion (Zeiler & Fergus 2014) with Captum semantics (EXPLAINERS.md §1): the window spans all
// channels, the last window is cropped at the border, and each element gets the mean output drop over
// the windows covering it (not PAIR's un-normalised sum, which attenuates borders).
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { forwardRunner } from '../forward-runtime';
import type { Explainer } from '../types';
import { resolveTarget } from '../targets';
import { Progress, buildProvenance, chunkRanges, prepareInput } from './common';
import { fillInModelSpace, pixelFillSchema } from './pixel-fill';

export const occlusionParamsSchema = z
  .object({
    window: z.number().int().positive().default(8),
    stride: z.number().int().positive().default(4),
    // A Gaussian-blurred copy of the face (EXPLAINERS.md §1's listed alternative to grey): it removes the
    // detail under the window without painting in a colour the model reads as a class. Measured on the 23
    // demo faces: the gender net reads any uniform image (grey 0.5 or the dataset mean) as male with
    // p = 0.999, so a grey occluder adds "male" evidence and the map mixes "this region matters" with
    // "grey looks male"; with the blurred fill, gender maps beat random order on 21 of 23 faces instead
    // of 19 (README "Stimulus quality"). fill: 0.5 gives the survey's / Zeiler & Fergus's grey square.
    fill: pixelFillSchema.default('blur'),
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
      // Forward passes only: onnxruntime when it loads, else TF.js (forward-runtime.ts). The clean score
      // comes from the same runtime as the occluded ones, so the drops compare like with like.
      const runner = await forwardRunner(model);
      const clean = (await runner.score(input.x, target))[0] ?? 0;
      const ys = windowStarts(h, params.window, params.stride);
      const xs = windowStarts(w, params.window, params.stride);
      const positions = ys.flatMap((y0) => xs.map((x0) => [y0, x0] as const));
      const sum = new Float64Array(h * w);
      const count = new Float64Array(h * w);
      const batches = chunkRanges(positions.length, params.perturbationsPerEval);
      // The occluded images are copied together in plain arrays: each is x with the window's rows taken
      // from fill (all channels), exactly what x·keep + fill·occluded gives for 0/1 masks. Composing them
      // with TF.js kernels instead cost ~150 ms per batch of 64 on wasm, a third of a map once the forward
      // pass ran on onnxruntime; the data then goes to the runtime without a tensor round trip.
      const xData = input.x.dataSync() as Float32Array;
      const fillData = fill.dataSync() as Float32Array;
      const image = h * w * c;
      const buffer = new Float32Array(Math.min(positions.length, params.perturbationsPerEval) * image);
      for (const [bi, [from, to]] of batches.entries()) {
        const batch = positions.slice(from, to);
        const data = buffer.subarray(0, batch.length * image);
        batch.forEach(([y0, x0], b) => {
          data.set(xData, b * image);
          const x1 = Math.min(w, x0 + params.window);
          for (let y = y0; y < Math.min(h, y0 + params.window); y++) {
            data.set(fillData.subarray((y * w + x0) * c, (y * w + x1) * c), b * image + (y * w + x0) * c);
          }
        });
        const scores = await runner.score({ data, shape: [batch.length, h, w, c] }, target);
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
          forwardRuntime: runner.record,
          notes: { forwardPasses: positions.length + 1, cleanScore: clean, aggregation: 'mean over covering windows' },
        }),
      };
    } finally {
      tf.dispose([input.pixels, input.x, fill]);
    }
  },
};
