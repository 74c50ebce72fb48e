// The layer each built-in model's feature inversion uses by default: the deepest layer whose inversions
// pass the quality gates on the demo faces (`npm run bench:stimuli -- --layers --methods inversion`,
// README "Stimulus quality"). The 7×7 layers (exit_flow/*, dense3) give colour clouds with no face
// although their feature error is low (detector 0.10–0.20, SSIM 0.03–0.17). Expression's dense2 found
// faces but kept too little of the face's structure (SSIM 0.08–0.20). Its dense1 (28×28) inversions are
// faces to the eye but with shifted colours and polarity, and the face detector missed the face in 2 of
// the default study's 3 expression faces (scores 0.06 and 0.12; measured 2026-12-02 with the current
// inversion-lucid defaults), so expression inverts dense0 (56×56: detector 0.60–1.00, SSIM 0.68–0.82,
// smoothed rather than copied). dense1 stays one `layer` parameter away and shows more of what the
// expression model discards.
import type { ModelAdapter } from '../types';
import { findLastSpatialLayer } from './method-runtime';

export const DEFAULT_INVERSION_LAYERS: Readonly<Record<string, string>> = {
  age: 'middle_flow/main_block_1',
  gender: 'middle_flow/main_block_1',
  expression: 'dense0',
};

/** The measured default for a built-in model; other models fall back to their last spatial layer. */
export function defaultInversionLayer(model: ModelAdapter): string {
  const layer = DEFAULT_INVERSION_LAYERS[model.id];
  return layer && model.layers.includes(layer) ? layer : findLastSpatialLayer(model);
}

/** The layer an inversion runs on: the one asked for, else the default; an unknown layer is refused by name. */
export function resolveInversionLayer(model: ModelAdapter, requested: string | undefined): string {
  const layer = requested ?? defaultInversionLayer(model);
  if (!model.layers.includes(layer)) throw new Error(`Unknown layer '${layer}' for model '${model.id}'`);
  return layer;
}
