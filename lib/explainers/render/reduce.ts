// Channel reduction and display normalisation (EXPLAINERS.md §0.3). These produce display maps only;
// tests and metrics always use the raw attribution.

/** numpy-style percentile (linear interpolation between order statistics). */
export function percentile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return 0;
  const position = (Math.min(100, Math.max(0, q)) / 100) * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (position - lo);
}

type Shape = readonly [number, number, number];

function reduceChannels(data: ArrayLike<number>, [h, w, c]: Shape, reducer: (acc: number, v: number) => number, init: number): Float32Array {
  if (data.length !== h * w * c) throw new Error(`Map has ${data.length} values, shape says ${h}×${w}×${c}`);
  const out = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) {
    let acc = init;
    for (let ch = 0; ch < c; ch++) acc = reducer(acc, data[p * c + ch] ?? 0);
    out[p] = acc;
  }
  return out;
}

/** max_c |A| (Simonyan), raw scale. */
export function reduceMaxAbs(data: ArrayLike<number>, shape: Shape): Float32Array {
  return reduceChannels(data, shape, (acc, v) => Math.max(acc, Math.abs(v)), 0);
}

/** Σ_c |A| scaled to [0,1] with the top (100 − q)% clipped (PAIR VisualizeImageGrayscale). */
export function reduceSumAbsClipped(data: ArrayLike<number>, shape: Shape, q = 99): Float32Array {
  const summed = reduceChannels(data, shape, (acc, v) => acc + Math.abs(v), 0);
  let min = Infinity;
  for (const v of summed) min = Math.min(min, v);
  const max = percentile(summed, q);
  const span = max - min;
  return summed.map((v) => (span > 0 ? Math.min(1, Math.max(0, (v - min) / span)) : 0));
}

/** Σ_c A divided by the q-th percentile of |Σ_c A|, clipped to [−1,1] (PAIR VisualizeImageDiverging). */
export function reduceDiverging(data: ArrayLike<number>, shape: Shape, q = 99): Float32Array {
  const summed = reduceChannels(data, shape, (acc, v) => acc + v, 0);
  const span = percentile(summed.map(Math.abs), q);
  return summed.map((v) => (span > 0 ? Math.min(1, Math.max(-1, v / span)) : 0));
}

/** (v − min)/(max − min); an all-constant map becomes zeros rather than NaN (§3.1 pitfall). */
export function normalizeMinMax(values: ArrayLike<number>): Float32Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i] ?? 0);
    max = Math.max(max, values[i] ?? 0);
  }
  const span = max - min;
  return Float32Array.from(values, (v) => (span > 0 ? (v - min) / span : 0));
}
