// Settings shared by the explain CLI and the benchmark: cheap parameters for quick looks. How each
// saliency method's map is displayed lives in lib/explainers/render/display-for-method.ts, which the
// study stimuli use too.

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
