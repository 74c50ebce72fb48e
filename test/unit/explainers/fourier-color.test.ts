// Fourier parameterisation and colour decorrelation (EXPLAINERS.md §7.3): V2 (matMul irfft2 = numpy and a
// direct DFT, with a correct gradient) and V3 (colour matrix), plus the round trip of the colour basis.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { colorMatrix, decorrelatedToRgb, invert3x3, rgbToDecorrelated } from '@/lib/explainers/methods/color-decorrelation';
import { createIrfft2, fftfreq, halfWidth, spectrumScale } from '@/lib/explainers/methods/fourier-image';
import fixture from './fixtures-inv/irfft2-numpy.json';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** x[n,m] = (1/√(hw)) Σ_ky Σ_kx c_kx Re(Z[ky,kx] e^{2πi(ky·n/h + kx·m/w)}), c = 1 for DC/Nyquist else 2. */
function directIrfft2(re: Float32Array, im: Float32Array, h: number, w: number): Float64Array {
  const wf = halfWidth(w);
  const out = new Float64Array(h * w);
  // Twiddle tables indexed by (k·n mod N) keep the O(h²·w·wf) double sum fast enough at 112².
  const cy = Float64Array.from({ length: h }, (_, i) => Math.cos((2 * Math.PI * i) / h));
  const sy = Float64Array.from({ length: h }, (_, i) => Math.sin((2 * Math.PI * i) / h));
  const cx = Float64Array.from({ length: w }, (_, i) => Math.cos((2 * Math.PI * i) / w));
  const sx = Float64Array.from({ length: w }, (_, i) => Math.sin((2 * Math.PI * i) / w));
  for (let n = 0; n < h; n++)
    for (let m = 0; m < w; m++) {
      let s = 0;
      for (let ky = 0; ky < h; ky++) {
        const ay = (ky * n) % h;
        const ca = cy[ay]!;
        const sa = sy[ay]!;
        for (let kx = 0; kx < wf; kx++) {
          const c = kx === 0 || (w % 2 === 0 && kx === w / 2) ? 1 : 2;
          const ax = (kx * m) % w;
          // e^{i(a+b)}: cos(a+b) = ca·cb − sa·sb, sin(a+b) = sa·cb + ca·sb.
          const cos = ca * cx[ax]! - sa * sx[ax]!;
          const sin = sa * cx[ax]! + ca * sx[ax]!;
          s += c * (re[ky * wf + kx]! * cos - im[ky * wf + kx]! * sin);
        }
      }
      out[n * w + m] = s / Math.sqrt(h * w);
    }
  return out;
}

function spectrum(h: number, w: number): { re: Float32Array; im: Float32Array } {
  const wf = halfWidth(w);
  const k = Array.from({ length: h * wf }, (_, i) => i);
  return { re: Float32Array.from(k, (i) => Math.sin(0.37 * i)), im: Float32Array.from(k, (i) => Math.cos(0.11 * i ** 1.5)) };
}

function runIrfft(re: Float32Array, im: Float32Array, h: number, w: number): Float32Array {
  const f = createIrfft2(h, w);
  const wf = halfWidth(w);
  const out = tf.tidy(() => f.apply(tf.tensor3d(re, [1, h, wf]), tf.tensor3d(im, [1, h, wf])).dataSync() as Float32Array);
  f.dispose();
  return out;
}

describe('irfft2 by matMul (V2)', () => {
  it.each([
    [6, 8],
    [5, 7],
  ])('equals numpy.fft.irfft2(norm="ortho") for %i×%i (even and odd width)', (h, w) => {
    const { re, im } = spectrum(h, w);
    const got = runIrfft(re, im, h, w);
    const expected = (fixture as unknown as Record<string, number[]>)[`${h}x${w}`]!;
    expect(got.length).toBe(expected.length);
    for (let i = 0; i < got.length; i++) expect(Math.abs((got[i] ?? NaN) - (expected[i] ?? NaN))).toBeLessThan(1e-5);
  });

  it.each([
    [112, 112],
    [9, 11],
  ])('equals a direct 2-D DFT for %i×%i', (h, w) => {
    const wf = halfWidth(w);
    const re = Float32Array.from({ length: h * wf }, (_, i) => Math.sin(i * 1.3) * 0.5);
    const im = Float32Array.from({ length: h * wf }, (_, i) => Math.cos(i * 0.7) * 0.5);
    const got = runIrfft(re, im, h, w);
    const want = directIrfft2(re, im, h, w);
    let maxErr = 0;
    for (let i = 0; i < want.length; i++) maxErr = Math.max(maxErr, Math.abs((got[i] ?? NaN) - (want[i] ?? NaN)));
    expect(maxErr).toBeLessThan(1e-5);
  });

  it('has the gradient of the linear map (finite differences of Σ y⊙irfft2)', () => {
    const h = 5;
    const w = 6;
    const wf = halfWidth(w);
    const f = createIrfft2(h, w);
    const { re, im } = spectrum(h, w);
    const y = tf.tensor3d(Float32Array.from({ length: h * w }, (_, i) => Math.sin(i)), [1, h, w]);
    const imT = tf.tensor3d(im, [1, h, wf]);
    const loss = (r: tf.Tensor): tf.Scalar => tf.sum(tf.mul(f.apply(r as tf.Tensor3D, imT), y)) as tf.Scalar;
    const reT = tf.tensor3d(re, [1, h, wf]);
    const g = tf.grad(loss)(reT).dataSync();
    const eps = 1e-2;
    for (const i of [0, 3, 7, 12, 17]) {
      const p = Float32Array.from(re);
      const m = Float32Array.from(re);
      p[i] = (p[i] ?? 0) + eps;
      m[i] = (m[i] ?? 0) - eps;
      const fp = tf.tidy(() => loss(tf.tensor3d(p, [1, h, wf])).dataSync()[0] ?? NaN);
      const fm = tf.tidy(() => loss(tf.tensor3d(m, [1, h, wf])).dataSync()[0] ?? NaN);
      expect(g[i]).toBeCloseTo((fp - fm) / (2 * eps), 3);
    }
    expect(Array.from(g).some((v) => Math.abs(v) > 1e-3)).toBe(true);
    tf.dispose([y, imT, reT]);
    f.dispose();
  });

  it('fftfreq and the 1/f scale match numpy / Lucid (112: scale from √2 to 112)', () => {
    expect(fftfreq(4)).toEqual([0, 0.25, -0.5, -0.25]);
    expect(fftfreq(5)).toEqual([0, 0.2, 0.4, -0.4, -0.2]);
    const s = spectrumScale(112, 112, 1);
    expect(s.length).toBe(112 * 57);
    expect(Math.max(...s)).toBeCloseTo(112, 4);
    expect(Math.min(...s)).toBeCloseTo(Math.SQRT2, 4);
  });
});

describe('colour decorrelation (V3)', () => {
  const M = [
    [0.562829, 0.584476, 0.584476],
    [0.194825, 0, -0.194825],
    [0.043295, -0.108236, 0.064942],
  ];

  it('M matches the documented matrix and e₁ maps to its first row', () => {
    const m = colorMatrix();
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(m[i]![j]).toBeCloseTo(M[i]![j]!, 5);
    const out = tf.tidy(() => decorrelatedToRgb(tf.tensor4d([1, 0, 0], [1, 1, 1, 3])).dataSync());
    for (let j = 0; j < 3; j++) expect(out[j]).toBeCloseTo(M[0]![j]!, 5);
  });

  it('round-trips RGB → decorrelated → RGB and M·M⁻¹ = I', () => {
    const m = colorMatrix();
    const inv = invert3x3(m);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const v = [0, 1, 2].reduce((acc, k) => acc + m[i]![k]! * inv[k]![j]!, 0);
        expect(v).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    const rgb = Float32Array.from({ length: 4 * 4 * 3 }, (_, i) => (i % 5) / 5);
    const back = tf.tidy(() => decorrelatedToRgb(rgbToDecorrelated(tf.tensor4d(rgb, [1, 4, 4, 3]))).dataSync());
    for (let i = 0; i < rgb.length; i++) expect(back[i]).toBeCloseTo(rgb[i]!, 5);
  });
});
