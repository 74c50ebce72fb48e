// The layer each built-in model's feature inversion uses by default: the deepest layer whose inversions
// pass the quality gates on the demo faces (`npm run bench:stimuli -- --layers --methods inversion`,
// README "Stimulus quality"). The 7×7 layers (exit_flow/*, dense3) give colour clouds or faint faces
// that lose the face's structure (SSIM 0.03–0.17, gate 0.2). Expression's dense2 keeps too little of the
// face (SSIM 0.08–0.20). Expression inverts dense1 (28×28): with the two-detector face test (2026-12-02)
// its inversions of the 23 demo faces with a detectable face pass on 22 (face found 96 %, prediction
// kept 96 %, SSIM median 0.59), and they show what the expression model keeps: recognisable faces with
// shifted hues and smoothed skin. dense0 (56×56, SSIM 0.68–0.82) was the default while the SSD detector
// alone judged the face test (it missed 2 of the default study's 3 dense1 inversions); it stays one
// `layer` parameter away, as do the shallower age/gender layers.
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
