// From a raw saliency result to display images: reduce channels (§0.3), colour, overlay on the face.
import type { ExplanationResult } from '../types';
import { applyColormap, divergingRdBu, viridis } from './colormaps';
import { overlayHeatmap, toRgbBytes, type RawImage } from './image';
import { normalizeMinMax, reduceDiverging, reduceMaxAbs, reduceSumAbsClipped } from './reduce';

/**
 * 'sum-abs': Σ_c|A| with 99th-percentile clipping (PAIR grayscale); 'max-abs': max_c|A| (Simonyan),
 * min-max scaled; 'diverging': signed Σ_c A over the 99th percentile; 'min-max': one-channel maps
 * (CAM, RISE, occlusion) scaled to [0,1].
 */
export type SaliencyDisplay = 'sum-abs' | 'max-abs' | 'diverging' | 'min-max';

export function displayMap(result: ExplanationResult, mode: SaliencyDisplay): Float32Array {
  const { data, shape } = result;
  switch (mode) {
    case 'sum-abs':
      return reduceSumAbsClipped(data, shape);
    case 'max-abs':
      return normalizeMinMax(reduceMaxAbs(data, shape));
    case 'diverging':
      return reduceDiverging(data, shape);
    case 'min-max': {
      // Channels of a one-value-per-pixel method are identical (e.g. occlusion), so the mean keeps sign.
      const [h, w, c] = shape;
      return normalizeMinMax(Float32Array.from({ length: h * w }, (_, p) => {
        let s = 0;
        for (let ch = 0; ch < c; ch++) s += data[p * c + ch] ?? 0;
        return s / c;
      }));
    }
  }
}

export function renderSaliency(
  result: ExplanationResult,
  facePixels: ArrayLike<number>,
  options: { mode?: SaliencyDisplay; alpha?: number } = {},
): { heatmap: RawImage; overlay: RawImage } {
  const mode = options.mode ?? 'sum-abs';
  const [h, w] = result.shape;
  const values = displayMap(result, mode);
  const colours = applyColormap(values, mode === 'diverging' ? divergingRdBu : viridis);
  const heatmap: RawImage = { data: colours, width: w, height: h, channels: 3 };
  const weights = mode === 'diverging' ? values.map(Math.abs) : values;
  return { heatmap, overlay: overlayHeatmap(toRgbBytes(facePixels, w, h), heatmap, options.alpha ?? 0.6, weights) };
}
