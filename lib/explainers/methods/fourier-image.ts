// Lucid's Fourier image parameterisation (EXPLAINERS.md §7.3) with the inverse DFT done as real matrix
// products: tfjs registers no gradient for FFT/IFFT/RFFT/IRFFT/Complex/Real/Imag (§0.4), and
// tf.spectral.irfft is 1-D only.
import * as tf from '@tensorflow/tfjs';

/** numpy.fft.fftfreq(n) (unit sample spacing). */
export function fftfreq(n: number): number[] {
  return Array.from({ length: n }, (_, k) => (k < Math.ceil(n / 2) ? k : k - n) / n);
}

/** Number of non-redundant frequency columns of a real signal of width w. */
export function halfWidth(w: number): number {
  return Math.floor(w / 2) + 1;
}

/**
 * 1 / max(√(fx² + fy²), 1/max(w,h))^decay, [h, w//2+1]. Lucid multiplies by √(wh) and calls an
 * unnormalised irfft2; with the orthonormal transform used here that factor is already included.
 */
export function spectrumScale(h: number, w: number, decayPower: number): Float32Array {
  const fy = fftfreq(h);
  const fx = fftfreq(w).slice(0, halfWidth(w)).map(Math.abs);
  const floor = 1 / Math.max(w, h);
  const out = new Float32Array(h * fx.length);
  for (let i = 0; i < h; i++)
    for (let j = 0; j < fx.length; j++) {
      const f = Math.sqrt((fy[i] ?? 0) ** 2 + (fx[j] ?? 0) ** 2);
      out[i * fx.length + j] = 1 / Math.max(f, floor) ** decayPower;
    }
  return out;
}

export interface Irfft2 {
  /** re, im: [N, h, w//2+1] → real [N, h, w], equal to numpy.fft.irfft2(re + i·im, s=(h,w), norm='ortho'). */
  apply: (re: tf.Tensor3D, im: tf.Tensor3D) => tf.Tensor3D;
  dispose: () => void;
}

/**
 * 1. Inverse complex DFT along h with cos/sin matrices scaled 1/√h.
 * 2. Real inverse along w by Hermitian symmetry: x[m] = (1/√w)·Σ_k c_k (Re Y_k cos(2πkm/w) − Im Y_k sin(2πkm/w)),
 *    c_0 = 1, c_{w/2} = 1 when w is even, else 2. Imaginary parts of the DC (and Nyquist) bins drop out
 *    because their sine rows are 0, exactly as numpy's c2r transform ignores them.
 */
export function createIrfft2(h: number, w: number): Irfft2 {
  const wf = halfWidth(w);
  const ch = new Float32Array(h * h);
  const sh = new Float32Array(h * h);
  for (let n = 0; n < h; n++)
    for (let k = 0; k < h; k++) {
      const a = (2 * Math.PI * ((k * n) % h)) / h;
      ch[n * h + k] = Math.cos(a) / Math.sqrt(h);
      sh[n * h + k] = Math.sin(a) / Math.sqrt(h);
    }
  const aw = new Float32Array(wf * w);
  const bw = new Float32Array(wf * w);
  for (let k = 0; k < wf; k++) {
    const c = k === 0 || (w % 2 === 0 && k === w / 2) ? 1 : 2;
    for (let m = 0; m < w; m++) {
      const a = (2 * Math.PI * ((k * m) % w)) / w;
      aw[k * w + m] = (c * Math.cos(a)) / Math.sqrt(w);
      bw[k * w + m] = (c * Math.sin(a)) / Math.sqrt(w);
    }
  }
  const mats = {
    ch: tf.tensor2d(ch, [h, h]),
    sh: tf.tensor2d(sh, [h, h]),
    aw: tf.tensor2d(aw, [wf, w]),
    bw: tf.tensor2d(bw, [wf, w]),
  };
  return {
    apply: (re, im) =>
      tf.tidy(() => {
        const n = re.shape[0];
        // Put h first so step 1 is one [h,h] × [h, N·wf] product.
        const toH = (t: tf.Tensor3D): tf.Tensor2D => tf.transpose(t, [1, 0, 2]).reshape([h, n * wf]);
        const re2 = toH(re);
        const im2 = toH(im);
        const reY = tf.sub(tf.matMul(mats.ch, re2), tf.matMul(mats.sh, im2));
        const imY = tf.add(tf.matMul(mats.sh, re2), tf.matMul(mats.ch, im2));
        const back = (t: tf.Tensor): tf.Tensor2D => tf.transpose(t.reshape([h, n, wf]), [1, 0, 2]).reshape([n * h, wf]);
        const x = tf.sub(tf.matMul(back(reY), mats.aw), tf.matMul(back(imY), mats.bw));
        return x.reshape([n, h, w]) as tf.Tensor3D;
      }),
    dispose: () => tf.dispose([mats.ch, mats.sh, mats.aw, mats.bw]),
  };
}
