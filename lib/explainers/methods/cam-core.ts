// Shared machinery of the CAM family (EXPLAINERS.md §3): split the model at a layer, take ∂y^c/∂A
// through the head on the pre-softmax score, let the method weigh the channels, combine, ReLU and
// upsample bilinearly with half-pixel centres (the references' cv2/skimage convention, §0.4).
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ExplainContext, ExplainRequest, ExplanationResult, ModelAdapter } from '../types';
import { resolveTarget, selectScore } from '../targets';
import { Progress, buildProvenance, prepareInput } from './common';

export const camParamsShape = {
  /** Layer to explain at; empty means the model's last conv layer. */
  layer: z.string().default(''),
  /** ReLU on the combined map (the paper); false gives the signed map (e.g. C4: s vs −s). */
  relu: z.boolean().default(true),
};

/** Feature map A and gradient g at the layer, both [u, v, K] row-major. */
export interface CamFeatures {
  activations: Float32Array;
  gradients: Float32Array;
  u: number;
  v: number;
  k: number;
}

/** Channel weights from (A, g); returns one weight per channel. */
export type ChannelWeigher = (features: CamFeatures) => Float64Array;

export function defaultCamLayer(model: ModelAdapter, x: tf.Tensor4D): string {
  if (model.lastConvLayer) return model.lastConvLayer;
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const layer = model.layers[i];
    if (layer === undefined) continue;
    const rank = tf.tidy(() => model.activations(x, layer).rank);
    if (rank === 4) return layer;
  }
  throw new Error(`Model '${model.id}' has no layer with a spatial (4-D) activation for CAM methods`);
}

export async function runCam(
  id: string,
  weigh: ChannelWeigher,
  request: ExplainRequest,
  params: { layer: string; relu: boolean } & Record<string, unknown>,
  context: ExplainContext | undefined,
): Promise<ExplanationResult> {
  const startedAt = Date.now();
  const progress = new Progress(context);
  const { model } = request;
  const input = prepareInput(model, request.image);
  try {
    const target = resolveTarget(model, input.x, request.target, 'logit');
    const layer = params.layer || defaultCamLayer(model, input.x);
    if (!model.layers.includes(layer)) throw new Error(`Model '${model.id}' has no layer '${layer}'`);
    const features = tf.tidy(() => {
      const { trunk, head } = model.split(layer);
      const a = trunk(input.x);
      if (a.rank !== 4) throw new Error(`Layer '${layer}' is not spatial (rank ${a.rank}); CAM needs [1,u,v,K]`);
      const grad = tf.grad((t: tf.Tensor) => tf.sum(selectScore(head(t), model, target)));
      const g = grad(a);
      const [, u = 1, v = 1, k = 1] = a.shape;
      return { activations: a.dataSync() as Float32Array, gradients: g.dataSync() as Float32Array, u, v, k };
    });
    await progress.step(0.5, 'gradients at layer');
    const weights = weigh(features);
    const { u, v, k, activations } = features;
    const coarse = new Float32Array(u * v);
    for (let p = 0; p < u * v; p++) {
      let acc = 0;
      for (let ch = 0; ch < k; ch++) acc += (weights[ch] ?? 0) * (activations[p * k + ch] ?? 0);
      coarse[p] = params.relu ? Math.max(0, acc) : acc;
    }
    const { height: h, width: w } = input;
    const data = tf.tidy(
      () => tf.image.resizeBilinear(tf.tensor4d(coarse, [1, u, v, 1]), [h, w], false, true).dataSync() as Float32Array,
    );
    progress.done();
    return {
      kind: 'saliency',
      data,
      shape: [h, w, 1],
      provenance: buildProvenance({
        method: id,
        params: { ...params, layer },
        request,
        target,
        space: 'model-input',
        startedAt,
        notes: { layer, featureShape: [u, v, k], channelWeights: Array.from(weights) },
      }),
    };
  } finally {
    tf.dispose([input.pixels, input.x]);
  }
}
