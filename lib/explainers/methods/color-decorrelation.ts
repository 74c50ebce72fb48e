// Lucid's colour decorrelation (_linear_decorelate_color), EXPLAINERS.md §7.3: the optimiser works in a
// decorrelated colour basis and rgb = dec @ M per pixel, with M = (C / max column norm of C)ᵀ.
import * as tf from '@tensorflow/tfjs';

/** Lucid's color_correlation_svd_sqrt (ImageNet statistics). */
export const COLOR_CORRELATION_SVD_SQRT = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
] as const;

/** M = (C / max_j ‖C[:, j]‖)ᵀ, row-major 3×3; equals xplique's recorrelate_colors matrix. */
export function colorMatrix(): number[][] {
  const c = COLOR_CORRELATION_SVD_SQRT;
  let maxNorm = 0;
  for (let j = 0; j < 3; j++) maxNorm = Math.max(maxNorm, Math.hypot(c[0][j] ?? 0, c[1][j] ?? 0, c[2][j] ?? 0));
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => (c[j]?.[i] ?? 0) / maxNorm));
}

/** Inverse of a 3×3 matrix (adjugate / determinant); used to start from, or analyse, an RGB image. */
export function invert3x3(m: number[][]): number[][] {
  const g = (i: number, j: number): number => m[i]?.[j] ?? 0;
  const cof = (i: number, j: number): number =>
    g((i + 1) % 3, (j + 1) % 3) * g((i + 2) % 3, (j + 2) % 3) - g((i + 1) % 3, (j + 2) % 3) * g((i + 2) % 3, (j + 1) % 3);
  const det = g(0, 0) * cof(0, 0) + g(0, 1) * cof(0, 1) + g(0, 2) * cof(0, 2);
  if (Math.abs(det) < 1e-12) throw new Error('singular colour matrix');
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => cof(j, i) / det));
}

function applyPerPixel(t: tf.Tensor4D, m: number[][]): tf.Tensor4D {
  return tf.tidy(() => {
    const flat = t.reshape([-1, 3]) as tf.Tensor2D;
    return tf.matMul(flat, tf.tensor2d(m.flat(), [3, 3])).reshape(t.shape) as tf.Tensor4D;
  });
}

/** Decorrelated NHWC → RGB (before the sigmoid squash). */
export function decorrelatedToRgb(t: tf.Tensor4D): tf.Tensor4D {
  return applyPerPixel(t, colorMatrix());
}

/** RGB NHWC → decorrelated basis; the exact inverse of decorrelatedToRgb. */
export function rgbToDecorrelated(t: tf.Tensor4D): tf.Tensor4D {
  return applyPerPixel(t, invert3x3(colorMatrix()));
}
