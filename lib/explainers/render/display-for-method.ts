// How each saliency method's raw map is best displayed (EXPLAINERS.md §0.3), in one table shared by the
// explain CLI, the benchmark and the study stimuli, so a method is drawn the same way everywhere.
import { z } from 'zod';
import type { SaliencyDisplay } from './render-saliency';

export interface MethodDisplay {
  mode: SaliencyDisplay;
  /**
   * Map pixels per independently measured value, from the method's params. The map is piecewise
   * constant over such cells, so a display that smooths over less than a cell shows the sampling grid
   * (blocks) rather than the explanation.
   */
  cellSize?: (params: Record<string, unknown>) => number;
  /**
   * Percentile of |value| drawn at the ends of the colour scale. 99 (PAIR) keeps single-pixel spikes of
   * gradient maps from washing out the rest; maps that are averages over regions have no such spikes, and
   * clipping them only flattens their peak into a plateau.
   */
  clipPercentile?: number;
}

const strideSchema = z.object({ stride: z.number().int().positive() });

const TABLE: Readonly<Record<string, MethodDisplay>> = {
  // Signed score differences (score without the window minus with it): the sign says whether a region
  // supports or opposes the prediction, so it needs a diverging map with 0 in the middle. Min-max
  // scaling would paint the most negative region as "least important" and move 0 anywhere.
  occlusion: {
    mode: 'diverging',
    clipPercentile: 100,
    cellSize: (params) => {
      const parsed = strideSchema.safeParse(params);
      return parsed.success ? parsed.data.stride : 1;
    },
  },
  // ReLU'd class activation maps (EXPLAINERS.md §3.1): non-negative, the papers min-max scale them.
  'grad-cam': { mode: 'min-max' },
  'grad-cam-pp': { mode: 'min-max' },
  // Mean masked score per pixel: all positive with a large offset (the average score), which min-max removes.
  rise: { mode: 'min-max' },
  // Per-channel gradients: the sign of a raw gradient flips from pixel to pixel and says little; Σ_c|A|
  // with 99th-percentile clipping (PAIR) keeps a few extreme pixels from washing out the map.
  gradient: { mode: 'sum-abs' },
  smoothgrad: { mode: 'sum-abs' },
  'integrated-gradients': { mode: 'sum-abs' },
};

/** Methods not in the table (a researcher's own) are drawn as magnitudes, which never misstates a sign. */
export function displayFor(methodId: string): MethodDisplay {
  return TABLE[methodId] ?? { mode: 'sum-abs' };
}

export function displayModeFor(methodId: string): SaliencyDisplay {
  return displayFor(methodId).mode;
}
