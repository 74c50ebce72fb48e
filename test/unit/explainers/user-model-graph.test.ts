// The GraphModel path of loadUserModel: a tiny TF.js graph model written by hand (model.json in the
// converter's "graph-model" format: a GraphDef-style node list, weights as Const nodes read from a
// .bin shard) must load from disk, predict what the hand computation gives, tap a node, and refuse
// split() with a clear error.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@/lib/explainers/backend';
import { loadUserModel } from '@/lib/explainers/models/user-model';

const dir = mkdtempSync(path.join(tmpdir(), 'user-graph-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// y = reshape(conv2d_valid(x, K), [-1, 2]) + b with x: [N, 2, 2, 3], K: [2, 2, 3, 2] (one output pixel).
const K = Float32Array.from({ length: 2 * 2 * 3 * 2 }, (_, i) => ((i * 7) % 11) / 10 - 0.5);
const B = Float32Array.of(0.25, -1.5);

const float = { type: 'DT_FLOAT' };
const b64 = (s: string) => Buffer.from(s).toString('base64');
const dims = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
const constNode = (name: string, dtype: 'DT_FLOAT' | 'DT_INT32', shape: number[]) => ({
  name, op: 'Const', attr: { value: { tensor: { dtype, tensorShape: dims(...shape) } }, dtype: { type: dtype } },
});

function writeGraphModel(): { file: string; bin: Buffer } {
  const modelTopology = {
    node: [
      { name: 'x', op: 'Placeholder', attr: { dtype: float, shape: { shape: dims(-1, 2, 2, 3) } } },
      constNode('kernel', 'DT_FLOAT', [2, 2, 3, 2]),
      constNode('bias', 'DT_FLOAT', [2]),
      constNode('flat_shape', 'DT_INT32', [2]),
      {
        name: 'conv', op: 'Conv2D', input: ['x', 'kernel'],
        attr: {
          T: float, padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') },
          strides: { list: { i: ['1', '1', '1', '1'] } }, dilations: { list: { i: ['1', '1', '1', '1'] } },
        },
      },
      { name: 'flat', op: 'Reshape', input: ['conv', 'flat_shape'], attr: { T: float, Tshape: { type: 'DT_INT32' } } },
      { name: 'logits', op: 'BiasAdd', input: ['flat', 'bias'], attr: { T: float, data_format: { s: b64('NHWC') } } },
      { name: 'y', op: 'Identity', input: ['logits'], attr: { T: float } },
    ],
    library: {},
    versions: { producer: 1 },
  };
  const bin = Buffer.concat([
    Buffer.from(K.buffer, K.byteOffset, K.byteLength),
    Buffer.from(B.buffer, B.byteOffset, B.byteLength),
    Buffer.from(Int32Array.of(-1, 2).buffer),
  ]);
  writeFileSync(path.join(dir, 'group1-shard1of1.bin'), bin);
  const file = path.join(dir, 'model.json');
  writeFileSync(file, JSON.stringify({
    format: 'graph-model', generatedBy: 'hand', convertedBy: null, modelTopology,
    weightsManifest: [{
      paths: ['group1-shard1of1.bin'],
      weights: [
        { name: 'kernel', shape: [2, 2, 3, 2], dtype: 'float32' },
        { name: 'bias', shape: [2], dtype: 'float32' },
        { name: 'flat_shape', shape: [2], dtype: 'int32' },
      ],
    }],
    signature: {
      inputs: { x: { name: 'x:0', dtype: 'DT_FLOAT', tensorShape: dims(-1, 2, 2, 3) } },
      outputs: { y: { name: 'y:0', dtype: 'DT_FLOAT', tensorShape: dims(-1, 2) } },
    },
  }));
  return { file, bin };
}

/** The same function in plain JS: y_o = Σ_{h,w,c} x[h,w,c]·K[h,w,c,o] + b_o. */
function byHand(x: Float32Array, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    for (let o = 0; o < 2; o++) {
      let s = B[o] ?? 0;
      for (let j = 0; j < 12; j++) s += (x[i * 12 + j] ?? 0) * (K[j * 2 + o] ?? 0);
      out.push(s);
    }
  return out;
}

beforeAll(async () => {
  await initBackend();
});

describe('loadUserModel (GraphModel from disk)', () => {
  it('predicts the hand-computed values, taps a node, hashes the shard and refuses split()', async () => {
    const { file, bin } = writeGraphModel();
    const model = await loadUserModel({
      id: 'tiny-graph', name: 'tiny graph', path: file, kind: 'graph', labels: ['a', 'b'], outputKind: 'softmax',
      inputSize: [2, 2], normalise: { scale: 2, offset: -1 },
    });
    expect(model.weightsHash).toBe(createHash('sha256').update(bin).digest('hex'));
    expect(model.layers).toEqual([]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const xPix = tf.randomUniform([3, 2, 2, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
      const x = model.preprocess(xPix);
      const expected = byHand(Float32Array.from(xPix.dataSync(), (v) => 2 * v - 1), 3);
      const y = model.predict(x);
      expect(y.shape).toEqual([3, 2]);
      const got = Array.from(y.dataSync());
      got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 5));
      expect(model.activations(x, 'conv').shape).toEqual([3, 1, 1, 2]);
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(() => model.split('conv')).toThrow(/is a GraphModel: split\(\) needs a LayersModel/);
    model.dispose();
  });
});
