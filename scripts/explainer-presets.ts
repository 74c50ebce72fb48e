// Settings shared by the explain CLI and the benchmark: cheap parameters for quick looks, and how each
// saliency method's raw map is best displayed (EXPLAINERS.md §0.3).
import type { SaliencyDisplay } from '@/lib/explainers/render/render-saliency';

/**
 * `--fast`: a few seconds per method on a 2-core CPU; enough to see the shape of the map, not for a
 * study. Methods not listed run with their defaults.
 */
export const FAST_PARAMS: Readonly<Record<string, Record<string, unknown>>> = {
  occlusion: { window: 16, stride: 8 },
  smoothgrad: { samples: 8 },
  'integrated-gradients': { steps: 16, refineSteps: 0 },
  rise: { masks: 500 },
  'inversion-tv': { schedule: [{ factor: 1, iterations: 60 }, { factor: 0.1, iterations: 40 }], repeats: 1 },
  'visualization-tv': { steps: 64 },
  'visualization-lucid': { steps: 64 },
};

/**
 * One value per pixel (occlusion, CAM, RISE): min-max scaled. Per-channel gradients: Σ_c|A| with
 * 99th-percentile clipping (PAIR), which keeps a few extreme pixels from washing out the map.
 */
const SINGLE_VALUE_MAPS = new Set(['occlusion', 'grad-cam', 'grad-cam-pp', 'rise']);

export function displayModeFor(methodId: string): SaliencyDisplay {
  return SINGLE_VALUE_MAPS.has(methodId) ? 'min-max' : 'sum-abs';
}
