// Grad-CAM++ (Chattopadhay et al. 2018), EXPLAINERS.md §3.2, following pytorch-grad-cam (the paper's
// equation): α = g² / (2g² + (Σ_ab A)·g³ + ε), α = 0 where g = 0, w_k = Σ_ij α·ReLU(g). No extra α
// normalisation (the original code's), no spatial mean of A (xplique's).
import { z } from 'zod';
import type { Explainer } from '../types';
import { camParamsShape, runCam, type CamFeatures } from './cam-core';

export const gradCamPlusPlusParamsSchema = z.object({
  ...camParamsShape,
  epsilon: z.number().min(0).default(1e-6),
});
export type GradCamPlusPlusParams = z.infer<typeof gradCamPlusPlusParamsSchema>;

/** α_ijk as defined above, [u·v·K] row-major. Exported for the P2/P3 property tests. */
export function gradCamPlusPlusAlphas({ activations, gradients, u, v, k }: CamFeatures, epsilon: number): Float64Array {
  const sums = new Float64Array(k);
  for (let p = 0; p < u * v; p++) for (let ch = 0; ch < k; ch++) sums[ch] = (sums[ch] ?? 0) + (activations[p * k + ch] ?? 0);
  const alphas = new Float64Array(u * v * k);
  for (let i = 0; i < alphas.length; i++) {
    const g = gradients[i] ?? 0;
    if (g === 0) continue;
    const g2 = g * g;
    alphas[i] = g2 / (2 * g2 + (sums[i % k] ?? 0) * g2 * g + epsilon);
  }
  return alphas;
}

export function gradCamPlusPlusWeights(features: CamFeatures, epsilon: number): Float64Array {
  const alphas = gradCamPlusPlusAlphas(features, epsilon);
  const weights = new Float64Array(features.k);
  for (let i = 0; i < alphas.length; i++) {
    const ch = i % features.k;
    weights[ch] = (weights[ch] ?? 0) + (alphas[i] ?? 0) * Math.max(0, features.gradients[i] ?? 0);
  }
  return weights;
}

export const gradCamPlusPlus: Explainer<GradCamPlusPlusParams> = {
  id: 'grad-cam-pp',
  kind: 'saliency',
  paper: 'Chattopadhay et al., Grad-CAM++: Improved Visual Explanations for Deep Convolutional Networks, WACV 2018',
  params: gradCamPlusPlusParamsSchema,
  explain: (request, params, context) =>
    runCam('grad-cam-pp', (f) => gradCamPlusPlusWeights(f, params.epsilon), request, params, context),
};
