// Each wasm kernel patch must give the same gradients as the pure-JS cpu backend (the reference
// implementation in tfjs-core), and the MaxPoolGrad fix must route all-negative windows correctly.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@/lib/explainers/backend';

type Case = { shapes: number[][]; f: (...xs: tf.Tensor[]) => tf.Scalar; argsToDiff?: number[] };

function randomArrays(shapes: number[][], seed: string): Float32Array[] {
  const rng = seedrandom(seed);
  return shapes.map((s) => Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1));
}

async function gradsOn(backend: string, c: Case, data: Float32Array[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xs = data.map((d, i) => tf.tensor(d, c.shapes[i]));
    const gs = tf.grads((...args: tf.Tensor[]) => c.f(...args))(xs);
    return gs.map((g) => g.dataSync() as Float32Array);
  });
}

async function maxDiffWasmVsCpu(c: Case, seed: string): Promise<number> {
  const data = randomArrays(c.shapes, seed);
  const cpu = await gradsOn('cpu', c, data);
  const wasm = await gradsOn('wasm', c, data);
  let max = 0;
  cpu.forEach((g, i) => g.forEach((v, j) => { max = Math.max(max, Math.abs(v - (wasm[i]?.[j] ?? NaN))); }));
  return max;
}

// A weighted sum so every output element gets a distinct upstream gradient.
const weighted = (y: tf.Tensor): tf.Scalar => tf.sum(tf.mul(y, tf.sin(tf.range(0, y.size).reshape(y.shape))));

describe('wasm kernel patches', () => {
  beforeAll(async () => {
    const info = await initBackend({ force: 'wasm' });
    expect(info.patchedKernels).toEqual(expect.arrayContaining([
      'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'Conv2DBackpropFilter',
      'UnsortedSegmentSum', 'MaxPoolGrad', 'Conv2DBackpropInput']));
  });

  it.each([
    ['stride 1 same', 1, 'same', 1],
    ['stride 2 same', 2, 'same', 1],
    ['stride 2 valid', 2, 'valid', 1],
    ['stride 1 same, multiplier 2 (cpu stand-in)', 1, 'same', 2],
    ['stride 2 valid, multiplier 2 (cpu stand-in)', 2, 'valid', 2],
  ] as const)('depthwise conv gradients (input and filter) match cpu: %s', async (_n, s, pad, mult) => {
    const before = tf.memory().numTensors;
    const c: Case = {
      shapes: [[2, 9, 8, 3], [3, 3, 3, mult]],
      f: (x, w) => weighted(tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad)),
    };
    expect(await maxDiffWasmVsCpu(c, `dw${s}${pad}`)).toBeLessThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    ['1x1 stride 1', 1, 1, 'same'],
    ['3x3 stride 1 same', 3, 1, 'same'],
    ['3x3 stride 2 same', 3, 2, 'same'],
    ['3x3 stride 2 valid, odd size', 3, 2, 'valid'],
    ['1x1 stride 2', 1, 2, 'same'],
  ] as const)('conv2d gradients (input and filter) match cpu: %s', async (_n, k, s, pad) => {
    const before = tf.memory().numTensors;
    const c: Case = {
      shapes: [[2, 9, 7, 4], [k, k, 4, 5]],
      f: (x, w) => weighted(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad)),
    };
    expect(await maxDiffWasmVsCpu(c, `c${k}${s}${pad}`)).toBeLessThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('separable conv (what face-api nets use) differentiates on wasm like on cpu', async () => {
    const c: Case = {
      shapes: [[1, 12, 12, 8], [3, 3, 8, 1], [1, 1, 8, 6]],
      f: (x, d, p) => weighted(tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 2, 'same')),
    };
    expect(await maxDiffWasmVsCpu(c, 'sep')).toBeLessThan(1e-4);
  });

  it('gather gradient (UnsortedSegmentSum) matches cpu', async () => {
    const c: Case = { shapes: [[6, 3]], f: (x) => weighted(tf.gather(x, tf.tensor1d([0, 2, 2, 5, 0], 'int32'))) };
    expect(await maxDiffWasmVsCpu(c, 'gather')).toBeLessThan(1e-4);
  });

  it('max-pool gradient goes to the maximum of an all-negative window', async () => {
    await tf.setBackend('wasm');
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(
      tf.tensor4d([-3, -1, -2, -4], [1, 2, 2, 1])).dataSync());
    expect(Array.from(g)).toEqual([0, 1, 0, 0]);
    const c: Case = {
      shapes: [[2, 9, 9, 3]],
      f: (x) => weighted(tf.maxPool(tf.sub(x, 2) as tf.Tensor4D, 3, 2, 'same')),
    };
    expect(await maxDiffWasmVsCpu(c, 'maxpool')).toBeLessThan(1e-4);
  });

  // The heap-loop MaxPoolGrad (wasm-max-pool-grad.ts) for the nets' config and the edge cases of its
  // window bounds: window < stride, overlapping windows, 'valid' with unreached trailing rows.
  it.each([
    ['3x3 stride 2 same (face-api nets), even size', [2, 8, 8, 3], 3, 2, 'same'],
    ['3x3 stride 2 same, odd size', [1, 9, 7, 2], 3, 2, 'same'],
    ['2x2 stride 2 valid', [2, 6, 6, 2], 2, 2, 'valid'],
    ['2x2 stride 3 valid (window < stride, trailing rows unreached)', [1, 8, 8, 2], 2, 3, 'valid'],
    ['3x3 stride 1 same', [1, 6, 5, 2], 3, 1, 'same'],
  ] as const)('max-pool gradient matches cpu, ties included: %s', async (_n, shape, k, s, pad) => {
    const before = tf.memory().numTensors;
    // Rounded values make ties (constant image regions produce them): the first maximum must win.
    const c: Case = { shapes: [[...shape]], f: (x) => weighted(tf.maxPool(tf.sub(tf.round(tf.mul(x, 2)), 1) as tf.Tensor4D, k, s, pad)) };
    expect(await maxDiffWasmVsCpu(c, `mp${k}${s}${pad}`)).toBe(0);
    const smooth: Case = { shapes: [[...shape]], f: (x) => weighted(tf.maxPool(x as tf.Tensor4D, k, s, pad)) };
    expect(await maxDiffWasmVsCpu(smooth, `mps${k}${s}${pad}`)).toBeLessThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  });
});
