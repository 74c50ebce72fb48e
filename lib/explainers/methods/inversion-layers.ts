// The layer each built-in model's feature inversion uses by default: the deepest layer whose inversions
// pass the quality gates on the demo faces (`npm run bench:stimuli -- --layers --methods inversion`,
// README "Stimulus quality"). The 7×7 layers (exit_flow/*, dense3) give colour clouds with no face
// although their feature error is low (detector 0.10–0.20, SSIM 0.03–0.17). Expression's dense2 found
// faces but kept too little of the face's structure (SSIM 0.08–0.20), so it inverts dense1.
import type { ModelAdapter } from '../types';
import { findLastSpatialLayer } from './method-runtime';

export const DEFAULT_INVERSION_LAYERS: Readonly<Record<string, string>> = {
  age: 'middle_flow/main_block_1',
  gender: 'middle_flow/main_block_1',
  expression: 'dense1',
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
