// Transformation robustness for feature visualisation (EXPLAINERS.md §7.2, Lucid transform.py).
// tfjs 4.22 registers no gradient for image.transform / rotateWithOffset / cropAndResize, so jitter,
// scale and rotation are one affine resampling with bilinear weights. GatherV2 has a gradient, but on
// the cpu backend it is UnsortedSegmentSum with one full pass per segment (O(HW²)): seconds per step at
// 112 px. So the forward pass gathers and the backward pass is the exact adjoint (scatter-add of the
// same bilinear weights) in a custom gradient. The output keeps the model's input size; samples outside
// the image read the constant fill 0.5, which is what Lucid's constant pad supplies.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { Rng } from './method-runtime';

export const transformsSchema = z.object({
  /** First jitter: a translation drawn from {−d/2..d/2} px per axis (Lucid: random crop by d). */
  jitter: z.number().int().min(0),
  /** Scale factors drawn uniformly per step. */
  scales: z.array(z.number().positive()).min(1),
  /** Rotation angles in degrees drawn uniformly per step. */
  rotateDegrees: z.array(z.number()).min(1),
  /** Second, smaller jitter applied after scale and rotation. */
  jitter2: z.number().int().min(0),
  /** Value of pixels sampled from outside the image. */
  fill: z.number().default(0.5),
});
export type Transforms = z.infer<typeof transformsSchema>;

export interface AffineDraw {
  angleRad: number;
  scale: number;
  tx: number;
  ty: number;
}

export const IDENTITY_DRAW: AffineDraw = { angleRad: 0, scale: 1, tx: 0, ty: 0 };

function pick<T>(rng: Rng, list: readonly T[]): T {
  const v = list[Math.min(list.length - 1, Math.floor(rng() * list.length))];
  if (v === undefined) throw new Error('empty list');
  return v;
}

function jitterOffset(rng: Rng, d: number): number {
  return d > 0 ? Math.floor(rng() * (d + 1)) - d / 2 : 0;
}

/** One random draw in Lucid's order: jitter → scale → rotate → jitter. */
export function drawTransform(rng: Rng, t: Transforms): AffineDraw {
  const tx1 = jitterOffset(rng, t.jitter);
  const ty1 = jitterOffset(rng, t.jitter);
  const scale = pick(rng, t.scales);
  const angleRad = (pick(rng, t.rotateDegrees) * Math.PI) / 180;
  // The first jitter happens before scale/rotation, so it is carried through them.
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  const tx = scale * (c * tx1 - s * ty1) + jitterOffset(rng, t.jitter2);
  const ty = scale * (s * tx1 + c * ty1) + jitterOffset(rng, t.jitter2);
  return { angleRad, scale, tx, ty };
}

/**
 * out(o) = img(A⁻¹(o − c − t) + c) for each batch item, with A = scale·R(angle) about the image centre c,
 * bilinear, fill outside. The identity draw reproduces the input exactly.
 */
export function affineSample(img: tf.Tensor4D, draws: readonly AffineDraw[], fill: number): tf.Tensor4D {
  const [b, h, w, ch] = img.shape;
  if (draws.length !== b) throw new Error(`need ${b} draws, got ${draws.length}`);
  const n = b * h * w;
  const fillIndex = n;
  const idx = [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Int32Array(n)] as const;
  const wts = [new Float32Array(n), new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let bi = 0; bi < b; bi++) {
    const d = draws[bi] as AffineDraw;
    const cos = Math.cos(d.angleRad);
    const sin = Math.sin(d.angleRad);
    for (let oy = 0; oy < h; oy++)
      for (let ox = 0; ox < w; ox++) {
        const u = (ox - cx - d.tx) / d.scale;
        const v = (oy - cy - d.ty) / d.scale;
        // Inverse rotation maps the output grid back to source coordinates.
        const sx = cos * u + sin * v + cx;
        const sy = -sin * u + cos * v + cy;
        const x0 = Math.floor(sx + 1e-9);
        const y0 = Math.floor(sy + 1e-9);
        const fx = Math.max(0, sx - x0);
        const fy = Math.max(0, sy - y0);
        const o = (bi * h + oy) * w + ox;
        const cornerY = [y0, y0, y0 + 1, y0 + 1] as const;
        const cornerX = [x0, x0 + 1, x0, x0 + 1] as const;
        const cornerW = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy] as const;
        for (const k of [0, 1, 2, 3] as const) {
          const yy = cornerY[k];
          const xx = cornerX[k];
          const inside = yy >= 0 && yy < h && xx >= 0 && xx < w;
          idx[k][o] = inside ? (bi * h + yy) * w + xx : fillIndex;
          wts[k][o] = cornerW[k];
        }
      }
  }
  const sample = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = inputs[0] as tf.Tensor4D;
    const value = tf.tidy(() => {
      const flat = tf.concat([x.reshape([n, ch]), tf.fill([1, ch], fill)], 0);
      let out: tf.Tensor = tf.zeros([n, ch]);
      for (const k of [0, 1, 2, 3] as const) {
        const g = tf.gather(flat, tf.tensor1d(idx[k], 'int32'), 0);
        out = tf.add(out, tf.mul(g, tf.tensor2d(wts[k], [n, 1])));
      }
      return out.reshape([b, h, w, ch]) as tf.Tensor4D;
    });
    return {
      value,
      gradFunc: (dy: tf.Tensor4D) => {
        const d = dy.dataSync();
        const grad = new Float32Array(n * ch);
        for (const k of [0, 1, 2, 3] as const) {
          const ik = idx[k];
          const wk = wts[k];
          for (let o = 0; o < n; o++) {
            const src = ik[o] ?? fillIndex;
            const wt = wk[o] ?? 0;
            if (src === fillIndex || wt === 0) continue;
            for (let c = 0; c < ch; c++) grad[src * ch + c]! += wt * (d[o * ch + c] ?? 0);
          }
        }
        return tf.tensor4d(grad, [b, h, w, ch]);
      },
    };
  });
  return sample(img);
}
