// Grad-CAM (Selvaraju et al. 2017), EXPLAINERS.md §3.1: α_k = mean_ij ∂y^c/∂A_ijk, L = ReLU(Σ_k α_k A_k),
// bilinear upsampling. The raw map is returned; min-max is for display only.
import { z } from 'zod';
import type { Explainer } from '../types';
import { camParamsShape, runCam, type CamFeatures } from './cam-core';

export const gradCamParamsSchema = z.object({ ...camParamsShape });
export type GradCamParams = z.infer<typeof gradCamParamsSchema>;

export function gradCamWeights({ gradients, u, v, k }: CamFeatures): Float64Array {
  const weights = new Float64Array(k);
  for (let p = 0; p < u * v; p++) for (let ch = 0; ch < k; ch++) weights[ch] = (weights[ch] ?? 0) + (gradients[p * k + ch] ?? 0);
  return weights.map((s) => s / (u * v));
}

export const gradCam: Explainer<GradCamParams> = {
  id: 'grad-cam',
  kind: 'saliency',
  paper: 'Selvaraju et al., Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization, ICCV 2017',
  params: gradCamParamsSchema,
  explain: (request, params, context) => runCam('grad-cam', gradCamWeights, request, params, context),
};
