// RISE masks (Petsiuk et al. 2018; eclique/RISE explanations.py), EXPLAINERS.md §4.1:
// G ~ Bernoulli(p1)^{s×s}, cell = ceil(H/s), bilinear upsample to (s+1)·cell, random crop of H×W.
// Masks are drawn one after another from one seeded stream, so the set does not depend on batch size,
// and only the cropped window of each upsampled grid is ever computed.
import type { Rng } from './random';

export interface RiseMaskSpec {
  gridSize: number;
  p1: number;
  height: number;
  width: number;
}

/**
 * Bilinear weights for upsampling `cells` grid values to `up` samples with half-pixel centres and edge
 * clamping — what skimage resize(order=1, mode='reflect') gives for linear interpolation.
 */
function axisWeights(cells: number, up: number): Array<{ i0: number; i1: number; t: number }> {
  return Array.from({ length: up }, (_, d) => {
    const src = Math.min(cells - 1, Math.max(0, ((d + 0.5) * cells) / up - 0.5));
    const i0 = Math.floor(src);
    return { i0, i1: Math.min(cells - 1, i0 + 1), t: src - i0 };
  });
}

export class RiseMaskSampler {
  private readonly cellH: number;
  private readonly cellW: number;
  private readonly rows: Array<{ i0: number; i1: number; t: number }>;
  private readonly cols: Array<{ i0: number; i1: number; t: number }>;

  constructor(
    private readonly rng: Rng,
    private readonly spec: RiseMaskSpec,
  ) {
    const { gridSize: s, height, width } = spec;
    this.cellH = Math.ceil(height / s);
    this.cellW = Math.ceil(width / s);
    this.rows = axisWeights(s, (s + 1) * this.cellH);
    this.cols = axisWeights(s, (s + 1) * this.cellW);
  }

  /** Write the next `count` masks, each H×W in [0,1], into `out` (length ≥ count·H·W). */
  next(count: number, out: Float32Array): Float32Array {
    const { gridSize: s, p1, height: h, width: w } = this.spec;
    const grid = new Float64Array(s * s);
    for (let m = 0; m < count; m++) {
      for (let i = 0; i < s * s; i++) grid[i] = this.rng() < p1 ? 1 : 0;
      const dy = Math.floor(this.rng() * this.cellH);
      const dx = Math.floor(this.rng() * this.cellW);
      for (let y = 0; y < h; y++) {
        const r = this.rows[y + dy];
        if (!r) throw new Error('RISE crop outside the upsampled grid');
        for (let x = 0; x < w; x++) {
          const c = this.cols[x + dx];
          if (!c) throw new Error('RISE crop outside the upsampled grid');
          const top = (grid[r.i0 * s + c.i0] ?? 0) * (1 - c.t) + (grid[r.i0 * s + c.i1] ?? 0) * c.t;
          const bottom = (grid[r.i1 * s + c.i0] ?? 0) * (1 - c.t) + (grid[r.i1 * s + c.i1] ?? 0) * c.t;
          out[(m * h + y) * w + x] = top * (1 - r.t) + bottom * r.t;
        }
      }
    }
    return out;
  }
}
