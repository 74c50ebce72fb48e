// Regularisers of Mahendran & Vedaldi (deep-goggle core/invert_nn.m, tv.m), EXPLAINERS.md §6.
import * as tf from '@tensorflow/tfjs';

/**
 * Forward differences with a replicate boundary: the last column/row difference is 0, as in
 * deep-goggle's `x(:,[2:end end],:,:) - x`. Input NHWC; outputs have the same shape.
 */
export function forwardDifferences(x: tf.Tensor4D): { dx: tf.Tensor4D; dy: tf.Tensor4D } {
  const [, h, w] = x.shape;
  const dx =
    w > 1
      ? tf.concat([tf.sub(x.slice([0, 0, 1, 0], [-1, -1, w - 1, -1]), x.slice([0, 0, 0, 0], [-1, -1, w - 1, -1])), tf.zerosLike(x.slice([0, 0, 0, 0], [-1, -1, 1, -1]))], 2)
      : tf.zerosLike(x);
  const dy =
    h > 1
      ? tf.concat([tf.sub(x.slice([0, 1, 0, 0], [-1, h - 1, -1, -1]), x.slice([0, 0, 0, 0], [-1, h - 1, -1, -1])), tf.zerosLike(x.slice([0, 0, 0, 0], [-1, 1, -1, -1]))], 1)
      : tf.zerosLike(x);
  return { dx: dx as tf.Tensor4D, dy: dy as tf.Tensor4D };
}

/**
 * Σ v^{β/2} over all elements, with deep-goggle's clamped derivative: d/dv = (β/2)·max(v^{β/2}, 1e-5)^{(β−2)/β}.
 * The clamp keeps β ≤ 1 differentiable where neighbours are equal (v = 0) without changing the value,
 * so a constant image still has TV exactly 0 (test F2).
 */
function sumPowClamped(beta: number): (v: tf.Tensor) => tf.Scalar {
  const half = beta / 2;
  return tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const v = inputs[0] as tf.Tensor;
    const save = inputs[1] as tf.GradSaveFunc;
    save([v]);
    return {
      value: tf.sum(tf.pow(v, half)) as tf.Scalar,
      gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
        const sv = saved[0] as tf.Tensor;
        if (half === 1) return tf.mul(dy, tf.onesLike(sv));
        const clamped = tf.maximum(tf.pow(sv, half), 1e-5);
        return tf.mul(dy, tf.mul(half, tf.pow(clamped, (beta - 2) / beta)));
      },
    };
  });
}

const sumPowCache = new Map<number, (v: tf.Tensor) => tf.Scalar>();

/**
 * TV_β(x) = Σ_{b,i,j,c} ((x_{i,j+1} − x_ij)² + (x_{i+1,j} − x_ij)²)^{β/2}, per channel, summed over the batch.
 */
export function totalVariationBeta(x: tf.Tensor4D, beta: number): tf.Scalar {
  let fn = sumPowCache.get(beta);
  if (!fn) {
    fn = sumPowClamped(beta);
    sumPowCache.set(beta, fn);
  }
  const { dx, dy } = forwardDifferences(x);
  return fn(tf.add(tf.square(dx), tf.square(dy)));
}

/** TV_β per batch item, [B]; used to rank several reconstructions. No gradient needed. */
export function totalVariationBetaPerItem(x: tf.Tensor4D, beta: number): tf.Tensor1D {
  const { dx, dy } = forwardDifferences(x);
  return tf.sum(tf.pow(tf.add(tf.square(dx), tf.square(dy)), beta / 2), [1, 2, 3]) as tf.Tensor1D;
}

/** Σ x^α. α must be even (no |·|, see §6 pitfalls); odd α would reward negative values. */
export function alphaNorm(x: tf.Tensor, alpha: number): tf.Scalar {
  if (!Number.isInteger(alpha) || alpha % 2 !== 0) throw new Error(`alpha must be an even integer, got ${alpha}`);
  return tf.sum(tf.pow(x, alpha)) as tf.Scalar;
}
