// Transformation robustness (EXPLAINERS.md §7.2, test V4): the affine resampler is exact for the identity
// and integer shifts, rotates the right way, keeps the input size, and its custom gradient is the adjoint.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { affineSample, drawTransform, IDENTITY_DRAW } from '@/lib/explainers/methods/vis-transforms';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const H = 5;
const W = 5;
const ramp = Float32Array.from({ length: H * W * 2 }, (_, i) => (i * 0.37) % 1);
const at = (d: ArrayLike<number>, y: number, x: number, c: number): number => d[(y * W + x) * 2 + c] ?? NaN;

describe('affineSample', () => {
  it('reproduces the input exactly for the identity draw and keeps the shape', () => {
    const img = tf.tensor4d(ramp, [1, H, W, 2]);
    const out = affineSample(img, [IDENTITY_DRAW], 0.5);
    expect(out.shape).toEqual([1, H, W, 2]);
    expect(Array.from(out.dataSync())).toEqual(Array.from(ramp));
    tf.dispose([img, out]);
  });

  it('shifts by integer translations and fills uncovered pixels', () => {
    const img = tf.tensor4d(ramp, [1, H, W, 2]);
    const out = affineSample(img, [{ angleRad: 0, scale: 1, tx: 1, ty: -1 }], 0.5);
    const d = out.dataSync();
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        for (let c = 0; c < 2; c++) {
          const sy = y + 1;
          const sx = x - 1;
          const expected = sy < H && sx >= 0 ? at(ramp, sy, sx, c) : 0.5;
          expect(at(d, y, x, c)).toBeCloseTo(expected, 6);
        }
    tf.dispose([img, out]);
  });

  it('rotates by +90° about the centre as out[y][x] = in[H−1−x][y]', () => {
    const img = tf.tensor4d(ramp, [1, H, W, 2]);
    const out = affineSample(img, [{ angleRad: Math.PI / 2, scale: 1, tx: 0, ty: 0 }], 0.5);
    const d = out.dataSync();
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(at(d, y, x, 0)).toBeCloseTo(at(ramp, H - 1 - x, y, 0), 5);
    tf.dispose([img, out]);
  });

  it('scales about the centre: the centre pixel is fixed and ×2 halves distances', () => {
    const img = tf.tensor4d(ramp, [1, H, W, 2]);
    const out = affineSample(img, [{ angleRad: 0, scale: 2, tx: 0, ty: 0 }], 0.5);
    const d = out.dataSync();
    expect(at(d, 2, 2, 1)).toBeCloseTo(at(ramp, 2, 2, 1), 6);
    // Output (2,4) reads source (2,3).
    expect(at(d, 2, 4, 0)).toBeCloseTo(at(ramp, 2, 3, 0), 6);
    tf.dispose([img, out]);
  });

  it('V4: the custom gradient is the adjoint of the sampling (non-zero, equals brute-force Aᵀy)', () => {
    const draw = { angleRad: 0.3, scale: 0.9, tx: 0.4, ty: -0.7 };
    const img = tf.tensor4d(ramp, [1, H, W, 2]);
    const y = tf.tensor4d(Float32Array.from({ length: H * W * 2 }, (_, i) => Math.cos(i)), [1, H, W, 2]);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(affineSample(x as tf.Tensor4D, [draw], 0.5), y)))(img).dataSync();
    // Brute force: A is affine (fill), so column j of A = A(e_j) − A(0).
    const zero = tf.zeros([1, H, W, 2]) as tf.Tensor4D;
    const a0 = affineSample(zero, [draw], 0.5).dataSync();
    const yd = y.dataSync();
    let nonZero = 0;
    for (let j = 0; j < H * W * 2; j++) {
      const e = new Float32Array(H * W * 2);
      e[j] = 1;
      const ej = tf.tensor4d(e, [1, H, W, 2]);
      const col = affineSample(ej, [draw], 0.5);
      const cd = col.dataSync();
      let dot = 0;
      for (let i = 0; i < cd.length; i++) dot += ((cd[i] ?? 0) - (a0[i] ?? 0)) * (yd[i] ?? 0);
      expect(g[j]).toBeCloseTo(dot, 5);
      if (Math.abs(g[j] ?? 0) > 1e-6) nonZero++;
      tf.dispose([ej, col]);
    }
    expect(nonZero).toBeGreaterThan(H * W);
    tf.dispose([img, y, zero]);
  });
});

describe('drawTransform', () => {
  const t = { jitter: 4, scales: [0.9, 1.1], rotateDegrees: [-10, 10], jitter2: 2, fill: 0.5 };
  it('is deterministic for a seeded stream and stays within the configured ranges', () => {
    const rs = seedrandom('s');
    const a = Array.from({ length: 50 }, () => drawTransform(rs, t));
    const r1 = seedrandom('x');
    const r2 = seedrandom('x');
    const d1 = Array.from({ length: 20 }, () => drawTransform(r1, t));
    const d2 = Array.from({ length: 20 }, () => drawTransform(r2, t));
    expect(d1).toEqual(d2);
    for (const d of [...a, ...d1]) {
      expect([0.9, 1.1]).toContain(d.scale);
      expect([-10, 10].map((x) => (x * Math.PI) / 180)).toContain(d.angleRad);
      expect(Math.hypot(d.tx, d.ty)).toBeLessThanOrEqual(1.1 * Math.hypot(2, 2) + Math.hypot(1, 1) + 1e-9);
    }
  });
});
