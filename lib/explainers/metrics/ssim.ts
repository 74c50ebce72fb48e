// SSIM as skimage.metrics.structural_similarity(gaussian_weights=True) computes it (Wang et al. 2004),
// which the sanity-check paper uses (EXPLAINERS.md §8.4). Pure function on HWC arrays.

export interface SsimOptions {
  /** Dynamic range of the inputs; 1 for min-max [0,1]-normalised maps. */
  dataRange?: number;
  sigma?: number;
  k1?: number;
  k2?: number;
}

/** scipy.ndimage 'reflect' boundary (d c b a | a b c d | d c b a). */
function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n;
  let m = ((i % period) + period) % period;
  if (m >= n) m = period - 1 - m;
  return m;
}

function gaussianKernel(sigma: number, radius: number): Float64Array {
  const k = new Float64Array(2 * radius + 1);
  let s = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp((-0.5 * i * i) / (sigma * sigma));
    k[i + radius] = v;
    s += v;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] ?? 0) / s;
  return k;
}

/** Separable Gaussian filter of one H×W plane (scipy.ndimage.gaussian_filter, truncate 3.5). */
function filter2d(plane: Float64Array, h: number, w: number, k: Float64Array, radius: number): Float64Array {
  const tmp = new Float64Array(h * w);
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let d = -radius; d <= radius; d++) s += (k[d + radius] ?? 0) * (plane[y * w + reflectIndex(x + d, w)] ?? 0);
      tmp[y * w + x] = s;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let d = -radius; d <= radius; d++) s += (k[d + radius] ?? 0) * (tmp[reflectIndex(y + d, h) * w + x] ?? 0);
      out[y * w + x] = s;
    }
  return out;
}

/**
 * Mean SSIM over channels of two H×W×C images: Gaussian window σ = 1.5 (11×11), population covariance,
 * C1 = (K1·L)², C2 = (K2·L)², and the mean taken after cropping the (win−1)/2 border as skimage does.
 */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, shape: readonly [number, number, number], opts: SsimOptions = {}): number {
  const [h, w, c] = shape;
  if (a.length !== h * w * c || b.length !== h * w * c) throw new Error('ssim: data does not match shape');
  const sigma = opts.sigma ?? 1.5;
  const radius = Math.floor(3.5 * sigma + 0.5);
  if (2 * radius + 1 > Math.min(h, w)) throw new Error(`ssim: image ${h}×${w} is smaller than the ${2 * radius + 1}-px window`);
  const L = opts.dataRange ?? 1;
  const c1 = ((opts.k1 ?? 0.01) * L) ** 2;
  const c2 = ((opts.k2 ?? 0.03) * L) ** 2;
  const k = gaussianKernel(sigma, radius);
  let total = 0;
  for (let ch = 0; ch < c; ch++) {
    const x = new Float64Array(h * w);
    const y = new Float64Array(h * w);
    for (let i = 0; i < h * w; i++) {
      x[i] = a[i * c + ch] ?? 0;
      y[i] = b[i * c + ch] ?? 0;
    }
    const sq = (p: Float64Array, q: Float64Array): Float64Array => p.map((v, i) => v * (q[i] ?? 0));
    const ux = filter2d(x, h, w, k, radius);
    const uy = filter2d(y, h, w, k, radius);
    const uxx = filter2d(sq(x, x), h, w, k, radius);
    const uyy = filter2d(sq(y, y), h, w, k, radius);
    const uxy = filter2d(sq(x, y), h, w, k, radius);
    let sum = 0;
    let count = 0;
    for (let yy = radius; yy < h - radius; yy++)
      for (let xx = radius; xx < w - radius; xx++) {
        const i = yy * w + xx;
        const mx = ux[i] ?? 0;
        const my = uy[i] ?? 0;
        const vx = (uxx[i] ?? 0) - mx * mx;
        const vy = (uyy[i] ?? 0) - my * my;
        const cxy = (uxy[i] ?? 0) - mx * my;
        sum += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        count++;
      }
    total += sum / count;
  }
  return total / c;
}
