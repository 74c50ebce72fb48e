// Analytic fixtures for inversion, visualisation and metric tests (EXPLAINERS.md Appendix A).
import * as tf from '@tensorflow/tfjs';
import { buildSequential, glorotUniform, zerosInit, type SequentialFixture } from './sequential-adapter';

const identity = (x: tf.Tensor4D): tf.Tensor4D => x;

/** Φ = identity at layer 'pixels' (F1); the head is a fixed linear map to one value. */
export function createIdentityModel(size = 8): SequentialFixture {
  return buildSequential({
    id: 'identity',
    labels: null,
    outputKind: 'regression',
    inputSize: [size, size],
    preprocess: identity,
    blocks: [
      { name: 'pixels', params: {}, apply: (a) => tf.mul(a, 1) },
      { name: 'value', params: {}, apply: (a) => tf.mean(a, [1, 2, 3]).reshape([-1, 1]) },
    ],
  });
}

/**
 * F(x) = Σ w⊙x + c on the preprocessed input (V5, linear oracle): a 'regression' output, or as a
 * classifier whose logits are [F, 0].
 */
export function createLinearModel(size = 8, seed = 3, kind: 'regression' | 'softmax' = 'regression'): SequentialFixture {
  const n = size * size * 3;
  return buildSequential({
    id: `linear-${kind}`,
    labels: kind === 'softmax' ? ['linear', 'zero'] : null,
    outputKind: kind,
    inputSize: [size, size],
    preprocess: (x) => tf.div(tf.sub(x, 0.5), 0.25) as tf.Tensor4D,
    seed,
    blocks: [
      { name: 'flat', params: {}, apply: (a) => a.reshape([a.shape[0] ?? 1, n]) },
      {
        name: 'value',
        params: { w: { shape: [n, 1], init: glorotUniform }, c: { shape: [1], init: () => Float32Array.of(0.3) } },
        apply: (a, p) => {
          const f = tf.add(tf.matMul(a as tf.Tensor2D, p.w as tf.Tensor2D), p.c!);
          return kind === 'softmax' ? tf.concat([f, tf.zerosLike(f)], 1) : f;
        },
      },
    ],
  });
}

/**
 * conv(3×3, 4, tanh) → conv(3×3, 8, stride 2, relu) → GAP → dense(3). Smooth first layer so shallow
 * inversion is well-posed; the ReLU layer is what "last conv layer" resolves to.
 */
export function createTinyConvNet(size = 16, seed = 7, outputKind: 'softmax' | 'regression' = 'softmax'): SequentialFixture {
  const k = outputKind === 'softmax' ? 3 : 1;
  return buildSequential({
    id: outputKind === 'softmax' ? 'tiny-conv' : 'tiny-conv-age',
    labels: outputKind === 'softmax' ? ['neutral', 'happy', 'sad'] : null,
    outputKind,
    inputSize: [size, size],
    preprocess: (x) => tf.div(tf.sub(x, 0.5), 0.25) as tf.Tensor4D,
    seed,
    blocks: [
      {
        name: 'conv1',
        params: { w: { shape: [3, 3, 3, 4], init: glorotUniform }, b: { shape: [4], init: zerosInit } },
        apply: (a, p) => tf.tanh(tf.add(tf.conv2d(a as tf.Tensor4D, p.w as tf.Tensor4D, 1, 'same'), p.b!)),
      },
      {
        name: 'conv2',
        params: { w: { shape: [3, 3, 4, 8], init: glorotUniform }, b: { shape: [8], init: () => new Float32Array(8).fill(0.05) } },
        apply: (a, p) => tf.relu(tf.add(tf.conv2d(a as tf.Tensor4D, p.w as tf.Tensor4D, 2, 'same'), p.b!)),
      },
      { name: 'gap', params: {}, apply: (a) => tf.mean(a, [1, 2]) },
      {
        name: 'logits',
        params: {
          w: { shape: [8, k], init: glorotUniform },
          b: { shape: [k], init: (_r, s) => Float32Array.from({ length: s[0] ?? 1 }, (_, i) => (outputKind === 'regression' ? 30 : 0.1 * i)) },
        },
        apply: (a, p) => tf.add(tf.matMul(a as tf.Tensor2D, p.w as tf.Tensor2D), p.b!),
      },
    ],
  });
}

/** A deterministic, smooth "face-like" test image in [0,1]: blobs on a gradient. */
export function makeTestImage(size: number, seed = 0): tf.Tensor3D {
  const data = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      for (let c = 0; c < 3; c++) {
        const u = x / size;
        const v = y / size;
        const blob = Math.exp(-((u - 0.35) ** 2 + (v - 0.4) ** 2) * 20) + Math.exp(-((u - 0.65) ** 2 + (v - 0.4) ** 2) * 20);
        data[(y * size + x) * 3 + c] = 0.2 + 0.5 * blob * (0.6 + 0.2 * c) + 0.15 * Math.sin(3 * u + 2 * v + c + seed);
      }
  return tf.tensor3d(data, [size, size, 3]);
}
