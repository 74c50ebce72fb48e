// The layer each built-in model's feature inversion uses by default: the deepest layer whose inversions
// pass the quality gates on the demo faces (face detected, prediction preserved; measured with
// `npm run bench:stimuli -- --layers`, README "Stimulus quality"). The last convolutional layer (7×7 on
// these 112 px nets) gives colour clouds with no face although its feature error is low.
import type { ModelAdapter } from '../types';
import { findLastSpatialLayer } from './method-runtime';

export const DEFAULT_INVERSION_LAYERS: Readonly<Record<string, string>> = {
  age: 'middle_flow/main_block_1',
  gender: 'middle_flow/main_block_1',
  expression: 'dense2',
};

/** The measured default for a built-in model; other models fall back to their last spatial layer. */
export function defaultInversionLayer(model: ModelAdapter): string {
  const layer = DEFAULT_INVERSION_LAYERS[model.id];
  return layer && model.layers.includes(layer) ? layer : findLastSpatialLayer(model);
}
