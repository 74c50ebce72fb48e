// Cascading model-randomisation sanity check (Adebayo et al., NeurIPS 2018), EXPLAINERS.md §8.4.
import type { ModelAdapter } from '../types';
import { percentile, spearman } from './rank-correlation';
import { ssim } from './ssim';

/**
 * Returns a model whose named blocks are re-initialised with each block's own initialiser (seeded)
 * and whose other blocks are bitwise unchanged. The caller owns (disposes) the returned adapter.
 * Model families implement this; the real face models do it via getConfig() → tf.initializers.
 */
export type RandomizeModel = (blocks: readonly string[], seed: number) => ModelAdapter;

export interface MapLike {
  data: Float32Array;
  shape: [number, number, number];
}

/** PAIR VisualizeImageGrayscale: Σ_c |A|, scaled by [min, 99th percentile] and clipped to [0,1]. */
export function absNormalize(m: MapLike, pct = 99): Float32Array {
  const g = channelReduce(m, Math.abs);
  const vmax = percentile(g, pct);
  const vmin = Math.min(...g);
  const span = vmax - vmin;
  return g.map((v) => (span > 0 ? Math.min(1, Math.max(0, (v - vmin) / span)) : 0));
}

/** PAIR VisualizeImageDiverging: Σ_c A over ±|99th percentile|, clipped to [−1,1]. */
export function divergingNormalize(m: MapLike, pct = 99): Float32Array {
  const g = channelReduce(m, (v) => v);
  const span = Math.abs(percentile(g, pct));
  return g.map((v) => (span > 0 ? Math.min(1, Math.max(-1, (v + span) / (2 * span))) : 0));
}

/** Min-max to [0,1] (for SSIM). */
export function minMaxNormalize(v: ArrayLike<number>): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    lo = Math.min(lo, v[i] ?? 0);
    hi = Math.max(hi, v[i] ?? 0);
  }
  return Float32Array.from(v, (x) => (hi > lo ? (x - lo) / (hi - lo) : 0));
}

function channelReduce(m: MapLike, f: (v: number) => number): Float32Array {
  const [h, w, c] = m.shape;
  const out = new Float32Array(h * w);
  for (let i = 0; i < h * w; i++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += f(m.data[i * c + k] ?? 0);
    out[i] = s;
  }
  return out;
}

export interface MapSimilarity {
  /** Spearman of the abs-normalised maps (PAIR grayscale, 99th-percentile clip). */
  spearmanAbs: number;
  /**
   * Spearman of the signed channel sums. The diverging normalisation only rescales them, which ranks
   * ignore; its 99th-percentile clip is a display device that would break ρ(A, −A) = −1 (test A1).
   */
  spearmanDiverging: number;
  /** SSIM of the min-max normalised channel-summed |A| maps (data range 1). */
  ssim: number;
}

export function compareMaps(a: MapLike, b: MapLike): MapSimilarity {
  const [h, w] = a.shape;
  const absA = absNormalize(a);
  const absB = absNormalize(b);
  const minSide = Math.min(h, w);
  return {
    spearmanAbs: spearman(absA, absB),
    spearmanDiverging: spearman(channelReduce(a, (v) => v), channelReduce(b, (v) => v)),
    // skimage needs the 11-px window to fit; smaller maps get NaN rather than a made-up value.
    ssim: minSide >= 11 ? ssim(minMaxNormalize(absA), minMaxNormalize(absB), [h, w, 1]) : NaN,
  };
}

export interface CascadeStep extends MapSimilarity {
  /** Blocks re-initialised at this step (top down, cumulative). */
  randomized: string[];
}

/**
 * Re-initialise blocks from the top (logits) down, cumulatively, recomputing the map for the same
 * input and target after each step. `explain` receives each randomised model.
 */
export async function cascadingRandomization(opts: {
  model: ModelAdapter;
  /** Block names from the top (logits) to the bottom (first conv). */
  blocksTopDown: readonly string[];
  randomize: RandomizeModel;
  explain: (model: ModelAdapter) => Promise<MapLike>;
  seed: number;
}): Promise<{ original: MapLike; steps: CascadeStep[] }> {
  const original = await opts.explain(opts.model);
  const steps: CascadeStep[] = [];
  for (let i = 0; i < opts.blocksTopDown.length; i++) {
    const randomized = opts.blocksTopDown.slice(0, i + 1);
    const m = opts.randomize(randomized, opts.seed);
    try {
      const map = await opts.explain(m);
      steps.push({ randomized, ...compareMaps(original, map) });
    } finally {
      m.dispose();
    }
  }
  return { original, steps };
}
