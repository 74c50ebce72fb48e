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
 * An image's own Gaussian-filtered moments per channel (μ and E[x²]), so comparing one image with many
 * (a study's visualisations, pairwise) filters each image once and only the cross term per pair.
 */
export interface SsimPrepared {
  shape: readonly [number, number, number];
  planes: Float64Array[];
  mean: Float64Array[];
  meanSq: Float64Array[];
  opts: Required<SsimOptions>;
  radius: number;
  kernel: Float64Array;
}

export function prepareSsim(a: ArrayLike<number>, shape: readonly [number, number, number], opts: SsimOptions = {}): SsimPrepared {
  const [h, w, c] = shape;
  if (a.length !== h * w * c) throw new Error('ssim: data does not match shape');
  const full: Required<SsimOptions> = { dataRange: opts.dataRange ?? 1, sigma: opts.sigma ?? 1.5, k1: opts.k1 ?? 0.01, k2: opts.k2 ?? 0.03 };
  const radius = Math.floor(3.5 * full.sigma + 0.5);
  if (2 * radius + 1 > Math.min(h, w)) throw new Error(`ssim: image ${h}×${w} is smaller than the ${2 * radius + 1}-px window`);
  const kernel = gaussianKernel(full.sigma, radius);
  const planes: Float64Array[] = [];
  const mean: Float64Array[] = [];
  const meanSq: Float64Array[] = [];
  for (let ch = 0; ch < c; ch++) {
    const x = new Float64Array(h * w);
    for (let i = 0; i < h * w; i++) x[i] = a[i * c + ch] ?? 0;
    planes.push(x);
    mean.push(filter2d(x, h, w, kernel, radius));
    meanSq.push(filter2d(x.map((v) => v * v), h, w, kernel, radius));
  }
  return { shape, planes, mean, meanSq, opts: full, radius, kernel };
}

/** SSIM of two prepared images (same shape and options). */
export function ssimPrepared(pa: SsimPrepared, pb: SsimPrepared): number {
  const [h, w, c] = pa.shape;
  if (pb.shape[0] !== h || pb.shape[1] !== w || pb.shape[2] !== c) throw new Error('ssim: images differ in shape');
  const { radius, kernel } = pa;
  const L = pa.opts.dataRange;
  const c1 = (pa.opts.k1 * L) ** 2;
  const c2 = (pa.opts.k2 * L) ** 2;
  let total = 0;
  for (let ch = 0; ch < c; ch++) {
    const x = pa.planes[ch] ?? new Float64Array(h * w);
    const y = pb.planes[ch] ?? new Float64Array(h * w);
    const ux = pa.mean[ch] ?? x;
    const uy = pb.mean[ch] ?? y;
    const uxx = pa.meanSq[ch] ?? x;
    const uyy = pb.meanSq[ch] ?? y;
    const uxy = filter2d(x.map((v, i) => v * (y[i] ?? 0)), h, w, kernel, radius);
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

/**
 * Mean SSIM over channels of two H×W×C images: Gaussian window σ = 1.5 (11×11), population covariance,
 * C1 = (K1·L)², C2 = (K2·L)², and the mean taken after cropping the (win−1)/2 border as skimage does.
 */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, shape: readonly [number, number, number], opts: SsimOptions = {}): number {
  if (b.length !== a.length) throw new Error('ssim: data does not match shape');
  return ssimPrepared(prepareSsim(a, shape, opts), prepareSsim(b, shape, opts));
}
