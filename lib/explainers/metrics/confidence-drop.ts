// Confidence-drop metrics (EXPLAINERS.md §8.2): Average Drop / Increase in Confidence (Grad-CAM++,
// keep-variant) and John et al.'s area-normalised "remove important parts" variant. Pure functions
// on plain arrays; maps are H×W, images H×W×C in pixel space.

export interface NormalizedMap {
  /** Map in [0,1] after clipping. */
  map: Float32Array;
  /** Mass removed by clipping values above 1 (the reference code let 1−H go negative instead). */
  lostMass: number;
}

function clipMinMax(h: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(h, (v) => Math.max(0, v));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of out) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo;
  return out.map((v) => (span > 0 ? (v - lo) / span : 0));
}

function scaleToMass(h: Float32Array, mass: number): NormalizedMap {
  const sum = h.reduce((a, b) => a + b, 0);
  const scaled = sum > 0 ? h.map((v) => (v * mass) / sum) : new Float32Array(h.length);
  let lost = 0;
  const map = scaled.map((v) => {
    if (v > 1) lost += v - 1;
    return Math.min(1, v);
  });
  return { map, lostMass: lost };
}

/** SumNormalize(H, ref): clip ≥ 0, min-max both, scale H so Σ H = Σ normalise(ref) (CSM ExplanationMap.py). */
export function sumNormalize(h: ArrayLike<number>, ref: ArrayLike<number>): NormalizedMap & { targetMass: number } {
  const targetMass = clipMinMax(ref).reduce((a, b) => a + b, 0);
  return { ...scaleToMass(clipMinMax(h), targetMass), targetMass };
}

/** [rec] Fixed target mass κ·HW (κ ∈ {0.1, 0.25}) so every method removes the same area. */
export function normalizeToArea(h: ArrayLike<number>, kappa: number): NormalizedMap {
  return scaleToMass(clipMinMax(h), kappa * h.length);
}

/** Keep-variant explanation image E = x ⊙ L (Grad-CAM++ / pgc cam_mult_image). */
export function keepImage(x: ArrayLike<number>, l: ArrayLike<number>, channels: number): Float32Array {
  return Float32Array.from(x, (v, i) => v * (l[Math.floor(i / channels)] ?? 0));
}

/** Remove-variant E = x_pix ⊙ (1 − H): important parts filled black (John et al.). */
export function removeImage(x: ArrayLike<number>, h: ArrayLike<number>, channels: number): Float32Array {
  return Float32Array.from(x, (v, i) => v * (1 - Math.min(1, Math.max(0, h[Math.floor(i / channels)] ?? 0))));
}

/** AvgDrop% = 100/N Σ max(0, Y − O)/Y. Use probabilities: logits make the division unstable. */
export function averageDrop(y: readonly number[], o: readonly number[]): number {
  if (y.length !== o.length || y.length === 0) throw new Error('averageDrop needs equal, non-empty arrays');
  return (100 / y.length) * y.reduce((acc, yi, i) => acc + Math.max(0, yi - (o[i] ?? 0)) / yi, 0);
}

/** IncConf% = 100/N Σ 1[O > Y]. */
export function increaseInConfidence(y: readonly number[], o: readonly number[]): number {
  if (y.length !== o.length || y.length === 0) throw new Error('increaseInConfidence needs equal, non-empty arrays');
  return (100 / y.length) * y.reduce((acc, yi, i) => acc + ((o[i] ?? 0) > yi ? 1 : 0), 0);
}

/**
 * Win %: per image, the method(s) with the lowest O win (ties share the win equally).
 * `o[m][i]` is method m's score on image i.
 */
export function winPercent(o: readonly (readonly number[])[]): number[] {
  const m = o.length;
  const n = o[0]?.length ?? 0;
  const wins = new Array<number>(m).fill(0);
  for (let i = 0; i < n; i++) {
    const best = Math.min(...o.map((row) => row[i] ?? Infinity));
    const winners = o.map((row, k) => ((row[i] ?? Infinity) === best ? k : -1)).filter((k) => k >= 0);
    for (const k of winners) wins[k] = (wins[k] ?? 0) + 1 / winners.length;
  }
  return wins.map((w) => (n > 0 ? (100 * w) / n : 0));
}
