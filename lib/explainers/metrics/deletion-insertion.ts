// Deletion / insertion curves and AUC (Petsiuk et al. 2018, RISE evaluation.py), EXPLAINERS.md §8.1.
// Images are plain HWC arrays in pixel space; the caller supplies the scorer, so the metric is pure
// apart from the model call and works for any target (probability, or a normalised regression value).

/** Scores a batch of pixel-space HWC images (same shape); one number per image. */
export type ImageScorer = (images: Float32Array[]) => number[] | Promise<number[]>;

/**
 * Pixel indices by saliency, descending; ties keep index order (a stable sort, test M4), unlike
 * np.flip(np.argsort(·)) which reverses tied indices.
 */
export function saliencyOrder(saliency: ArrayLike<number>): Int32Array {
  const idx = Array.from({ length: saliency.length }, (_, i) => i);
  idx.sort((a, b) => (saliency[b] ?? 0) - (saliency[a] ?? 0) || a - b);
  return Int32Array.from(idx);
}

/** Trapezoid rule on [0,1] with n = scores.length − 1 intervals: (Σ s − s0/2 − sn/2)/n. */
export function trapezoidAuc(scores: readonly number[]): number {
  const n = scores.length - 1;
  if (n < 1) throw new Error('need at least two scores');
  const sum = scores.reduce((a, b) => a + b, 0);
  return (sum - (scores[0] ?? 0) / 2 - (scores[n] ?? 0) / 2) / n;
}

export interface CurveOptions {
  /** The image the curve starts from, HWC. */
  start: Float32Array;
  /** The image the curve ends at, HWC (same shape). */
  finish: Float32Array;
  /** Per-pixel saliency, H×W (reduce channels first; raw values, never display-normalised). */
  saliency: ArrayLike<number>;
  channels: number;
  /** Pixels copied per step (RISE: 224 at 224²; [rec] 112 at 112²). */
  step: number;
  score: ImageScorer;
  batchSize?: number;
}

export interface CurveResult {
  /** n + 1 scores, t = 0..n with n = ceil(HW/step). */
  scores: number[];
  auc: number;
  /** Pixels changed after the last step (HW, test M3). */
  pixelsChanged: number;
}

/** Copies `step` pixels (all channels) from finish into start in saliency order, scoring every state. */
export async function perturbationCurve(opts: CurveOptions): Promise<CurveResult> {
  const { start, finish, channels: c, step } = opts;
  const hw = opts.saliency.length;
  if (start.length !== hw * c || finish.length !== hw * c) throw new Error('start/finish do not match saliency × channels');
  if (!Number.isInteger(step) || step < 1) throw new Error('step must be a positive integer');
  const order = saliencyOrder(opts.saliency);
  const n = Math.ceil(hw / step);
  const batchSize = opts.batchSize ?? 16;
  const current = Float32Array.from(start);
  const scores: number[] = [];
  let pending: Float32Array[] = [];
  let changed = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const s = await opts.score(pending);
    if (s.length !== pending.length) throw new Error(`scorer returned ${s.length} scores for ${pending.length} images`);
    scores.push(...s);
    pending = [];
  };
  for (let t = 0; t <= n; t++) {
    if (t > 0) {
      for (let k = (t - 1) * step; k < Math.min(hw, t * step); k++) {
        const p = order[k] ?? 0;
        for (let ch = 0; ch < c; ch++) current[p * c + ch] = finish[p * c + ch] ?? 0;
        changed++;
      }
    }
    pending.push(Float32Array.from(current));
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  return { scores, auc: trapezoidAuc(scores), pixelsChanged: changed };
}

/** Deletion: from the image to the substrate (e.g. the mean colour = 0 in normalised space). Lower is better. */
export function deletionCurve(args: Omit<CurveOptions, 'start' | 'finish'> & { image: Float32Array; substrate: Float32Array }): Promise<CurveResult> {
  return perturbationCurve({ ...args, start: args.image, finish: args.substrate });
}

/** Insertion: from a blurred copy to the image. Higher is better. */
export function insertionCurve(args: Omit<CurveOptions, 'start' | 'finish'> & { image: Float32Array; blurred: Float32Array }): Promise<CurveResult> {
  return perturbationCurve({ ...args, start: args.blurred, finish: args.image });
}

/**
 * [rec] for regression (age): g_t = (f(start_t) − f(finish)) / (f(x) − f(finish)), so curves of different
 * faces share the 0..1 scale. `reference` is f(x) on the clean image.
 */
export function normalizeRegressionCurve(scores: readonly number[], reference: number): number[] {
  const end = scores[scores.length - 1] ?? 0;
  const denom = reference - end;
  if (denom === 0) throw new Error('f(x) equals f(finish): the normalised curve is undefined');
  return scores.map((s) => (s - end) / denom);
}

/**
 * Per-channel Gaussian blur with zero padding klen//2 (RISE: conv2d, klen 11, nsig 5; [rec] 7 and 2.5 at
 * 112). The kernel is a sampled, normalised Gaussian (RISE filters a delta with scipy instead).
 */
export function gaussianBlur(image: Float32Array, shape: readonly [number, number, number], klen: number, sigma: number): Float32Array {
  const [h, w, c] = shape;
  const r = Math.floor(klen / 2);
  const k = Array.from({ length: klen }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const ks = k.reduce((a, b) => a + b, 0);
  const kn = k.map((v) => v / ks);
  const tmp = new Float32Array(h * w * c);
  const out = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (let d = -r; d <= r; d++) if (x + d >= 0 && x + d < w) s += (kn[d + r] ?? 0) * (image[(y * w + x + d) * c + ch] ?? 0);
        tmp[(y * w + x) * c + ch] = s;
      }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (let d = -r; d <= r; d++) if (y + d >= 0 && y + d < h) s += (kn[d + r] ?? 0) * (tmp[((y + d) * w + x) * c + ch] ?? 0);
        out[(y * w + x) * c + ch] = s;
      }
  return out;
}
