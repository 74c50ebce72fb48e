// RISE (Petsiuk, Das & Saenko 2018), EXPLAINERS.md §4.1: S(λ) = (1/(N·p1)) Σ_i f(x ⊙ M_i)·M_i(λ).
// Masks multiply the model-space image, so masked pixels take the dataset-mean colour (the reference
// behaviour). f is the target probability by default, as in the RISE notebooks.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { forwardRunner } from '../forward-runtime';
import type { Explainer } from '../types';
import { resolveTarget } from '../targets';
import { Progress, buildProvenance, chunkRanges, prepareInput } from './common';
import { makeRng } from './random';
import { RiseMaskSampler } from './rise-masks';

export const riseParamsSchema = z.object({
  masks: z.number().int().positive().default(4000),
  gridSize: z.number().int().min(2).default(7),
  p1: z.number().gt(0).max(1).default(0.5),
  batchSize: z.number().int().positive().default(128),
  score: z.enum(['probability', 'logit']).default('probability'),
  /** 'n-p1': the paper's 1/(N·p1); 'mask-sum': per-pixel Σ_i M_i(λ) (xplique), exact for constant f. */
  normalization: z.enum(['n-p1', 'mask-sum']).default('n-p1'),
});
export type RiseParams = z.infer<typeof riseParamsSchema>;

export const rise: Explainer<RiseParams> = {
  id: 'rise',
  kind: 'saliency',
  paper: 'Petsiuk, Das & Saenko, RISE: Randomized Input Sampling for Explanation of Black-box Models, BMVC 2018',
  params: riseParamsSchema,
  async explain(request, params, context) {
    const startedAt = Date.now();
    const progress = new Progress(context);
    const { model } = request;
    const input = prepareInput(model, request.image);
    const { height: h, width: w, channels: c } = input;
    try {
      const target = resolveTarget(model, input.x, request.target, params.score);
      // Forward passes only: onnxruntime when it loads, else TF.js (forward-runtime.ts).
      const runner = await forwardRunner(model);
      const sampler = new RiseMaskSampler(makeRng(request.seed, 'rise-masks'), {
        gridSize: params.gridSize,
        p1: params.p1,
        height: h,
        width: w,
      });
      const saliency = new Float64Array(h * w);
      const coverage = new Float64Array(h * w);
      const batches = chunkRanges(params.masks, params.batchSize);
      const buffer = new Float32Array(params.batchSize * h * w);
      // x ⊙ M_i composed in a plain array (a float32 product rounds the same in JS as in a TF.js kernel) and
      // handed to the runtime as data, without TF.js kernels and tensor copies per batch.
      const xData = input.x.dataSync() as Float32Array;
      const maskedBuffer = new Float32Array(params.batchSize * h * w * c);
      for (const [bi, [from, to]] of batches.entries()) {
        const count = to - from;
        const masks = sampler.next(count, buffer).subarray(0, count * h * w);
        const masked = maskedBuffer.subarray(0, count * h * w * c);
        for (let i = 0; i < count * h * w; i++) {
          const mv = masks[i] ?? 0;
          const p = i % (h * w);
          for (let ch = 0; ch < c; ch++) masked[i * c + ch] = (xData[p * c + ch] ?? 0) * mv;
        }
        const scores = await runner.score({ data: masked, shape: [count, h, w, c] }, target);
        for (let m = 0; m < count; m++) {
          const f = scores[m] ?? 0;
          const offset = m * h * w;
          for (let p = 0; p < h * w; p++) {
            const mv = masks[offset + p] ?? 0;
            saliency[p] = (saliency[p] ?? 0) + f * mv;
            coverage[p] = (coverage[p] ?? 0) + mv;
          }
        }
        await progress.step((bi + 1) / batches.length, 'rise');
      }
      const data = new Float32Array(h * w);
      for (let p = 0; p < h * w; p++) {
        const norm = params.normalization === 'n-p1' ? params.masks * params.p1 : coverage[p] ?? 0;
        data[p] = norm > 0 ? (saliency[p] ?? 0) / norm : 0;
      }
      progress.done();
      return {
        kind: 'saliency',
        data,
        shape: [h, w, 1],
        provenance: buildProvenance({
          method: 'rise',
          params,
          request,
          target,
          space: 'model-input',
          startedAt,
          forwardRuntime: runner.record,
          notes: { forwardPasses: params.masks + 1, fill: 'x ⊙ M in model space (dataset-mean colour)', channels: c },
        }),
      };
    } finally {
      tf.dispose([input.pixels, input.x]);
    }
  },
};
