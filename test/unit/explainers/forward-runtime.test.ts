// The forward-only runtime (issue #15): the ONNX graphs built from the face-api weights compute what the
// TF.js adapters compute on real faces, occlusion maps and quality scores agree across runtimes and are
// deterministic, and TF.js takes over when forced or when onnxruntime cannot run.
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getEnv, resetEnvForTests } from '@/lib/env';
import { initBackend } from '@/lib/explainers/backend';
import { configureForwardRuntime, forwardRunner, resetForwardRuntimeForTests } from '@/lib/explainers/forward-runtime';
import { createModelScorer } from '@/lib/explainers/metrics/model-scorer';
import { occlusion } from '@/lib/explainers/methods/occlusion';
import { faceApiOnnxGraph } from '@/lib/explainers/models/face-api-onnx';
import { loadModel, unloadModel } from '@/lib/explainers/models/registry';
import { faceApiModelDir, loadWeightsFromDisk } from '@/lib/explainers/models/weights-from-disk';
import { resolveTarget } from '@/lib/explainers/targets';
import type { ExplanationResult, ModelAdapter } from '@/lib/explainers/types';
import { linearModel } from './fixtures/analytic-models';
import { faceFiles, facePixels } from './helpers/face-files';

const IDS = ['gender', 'age', 'expression'] as const;
const models: Partial<Record<(typeof IDS)[number], ModelAdapter>> = {};
let faces: Float32Array[] = [];

// onnxruntime-node is an optional dependency: where it could not install (an unsupported platform) the
// comparisons cannot run; everywhere else they must.
const ortInstalled = (() => {
  try {
    createRequire(path.join(process.cwd(), 'package.json')).resolve('onnxruntime-node');
    return true;
  } catch {
    return false;
  }
})();

beforeAll(async () => {
  await initBackend();
  for (const id of IDS) models[id] = await loadModel(id);
  // Pixel space [0,1], HWC: three real faces spread over the shared set.
  faces = (await Promise.all(faceFiles(3).map((f) => facePixels(f, 112)))).map((p) => p.map((v) => v / 255));
});

afterEach(() => resetForwardRuntimeForTests());

afterAll(async () => {
  resetForwardRuntimeForTests();
  await Promise.all(IDS.map(unloadModel));
});

function model(id: (typeof IDS)[number]): ModelAdapter {
  const m = models[id];
  if (!m) throw new Error(`model ${id} not loaded`);
  return m;
}

/** The faces as one model-input batch [n, 112, 112, 3]. */
function batch(m: ModelAdapter, images: Float32Array[]): tf.Tensor4D {
  const flat = new Float32Array(images.length * 112 * 112 * 3);
  images.forEach((img, i) => flat.set(img, i * 112 * 112 * 3));
  return tf.tidy(() => m.preprocess(tf.tensor4d(flat, [images.length, 112, 112, 3])));
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return a.length === b.length ? worst : Infinity;
};

function softmaxRows(values: Float32Array, width: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < values.length / width; r++) {
    const row = values.subarray(r * width, (r + 1) * width);
    const max = Math.max(...row);
    const exps = Array.from(row, (v) => Math.exp(v - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, i) => (out[r * width + i] = e / sum));
  }
  return out;
}

describe.skipIf(!ortInstalled)('onnxruntime forward of the face-api nets', () => {
  it.each(IDS)('%s: ONNX outputs equal the TF.js forward on real faces (within 1e-4)', async (id) => {
    const m = model(id);
    const x = batch(m, faces);
    try {
      configureForwardRuntime({ runtime: 'onnx' });
      const onnx = await forwardRunner(m);
      expect(onnx.record.runtime).toBe('onnx');
      configureForwardRuntime({ runtime: 'tfjs' });
      const reference = await (await forwardRunner(m)).predict(x);
      const got = await onnx.predict(x);
      expect(got.width).toBe(reference.width);
      expect(got.values).toHaveLength(faces.length * reference.width);
      // Logits (or years, for age) and, for the classifiers, the probabilities participants' stimuli use.
      expect(maxAbs(got.values, reference.values)).toBeLessThan(1e-4);
      if (m.outputKind === 'softmax') {
        expect(maxAbs(softmaxRows(got.values, got.width), softmaxRows(reference.values, reference.width))).toBeLessThan(1e-4);
      }
    } finally {
      x.dispose();
    }
  });

  it('scores a batch of 32 the same as batches of 1 (no batch coupling in the graph), in order', async () => {
    const m = model('expression');
    const images = Array.from({ length: 32 }, (_, i) => faces[i % faces.length] as Float32Array);
    const x = batch(m, images);
    const x1 = batch(m, [faces[1] as Float32Array]);
    try {
      configureForwardRuntime({ runtime: 'onnx', batch: 64 });
      const whole = await (await forwardRunner(m)).predict(x);
      // The default: one face per onnxruntime run, the results put back in batch order.
      configureForwardRuntime({ batch: 1 });
      const pieces = await (await forwardRunner(m)).predict(x);
      configureForwardRuntime({ batch: 5 });
      const uneven = await (await forwardRunner(m)).predict(x);
      const one = await (await forwardRunner(m)).predict(x1);
      expect(whole.values).toHaveLength(32 * 7);
      expect(maxAbs(whole.values.subarray(7, 14), one.values)).toBeLessThan(1e-5);
      expect(maxAbs(pieces.values, whole.values)).toBeLessThan(1e-5);
      expect(maxAbs(uneven.values, whole.values)).toBeLessThan(1e-5);
      expect(Array.from(pieces.values.subarray(4 * 7, 5 * 7))).toEqual(Array.from(one.values));
    } finally {
      tf.dispose([x, x1]);
    }
  });

  it('the quality scorer gives the same probabilities on both runtimes and says which one ran', async () => {
    const m = model('gender');
    const x1 = batch(m, [faces[0] as Float32Array]);
    const target = resolveTarget(m, x1, { kind: 'predicted' }, 'probability');
    x1.dispose();
    configureForwardRuntime({ runtime: 'tfjs' });
    const viaTfjs = createModelScorer(m, target);
    const a = await viaTfjs(faces);
    configureForwardRuntime({ runtime: 'onnx' });
    const viaOnnx = createModelScorer(m, target);
    expect(viaOnnx.runtime).toBeNull();
    const before = tf.memory().numTensors;
    const b = await viaOnnx(faces);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxAbs(a, b)).toBeLessThan(1e-5);
    expect(viaTfjs.runtime?.runtime).toBe('tfjs');
    expect(viaOnnx.runtime).toMatchObject({ runtime: 'onnx', library: expect.stringMatching(/^onnxruntime-node \d/) });
  });

  it('occlusion maps from both runtimes agree, are deterministic and record their runtime', async () => {
    const m = model('expression');
    const image = tf.tensor3d(faces[2] as Float32Array, [112, 112, 3]);
    const run = async (runtime: 'onnx' | 'tfjs'): Promise<ExplanationResult> => {
      configureForwardRuntime({ runtime });
      return occlusion.explain({ model: m, image, target: { kind: 'predicted' }, seed: 1 }, occlusion.params.parse({ window: 16, stride: 8 }));
    };
    try {
      const before = tf.memory().numTensors;
      const onnx = await run('onnx');
      const again = await run('onnx');
      const tfjs = await run('tfjs');
      expect(tf.memory().numTensors).toBe(before);
      expect(Array.from(again.data)).toEqual(Array.from(onnx.data));
      // Probability drops: the runtimes differ by float rounding only.
      expect(maxAbs(onnx.data, tfjs.data)).toBeLessThan(1e-4);
      const scale = Math.max(...Array.from(tfjs.data, Math.abs));
      expect(scale).toBeGreaterThan(1e-3); // a real map, not two zero maps agreeing
      expect(onnx.provenance.forwardRuntime?.runtime).toBe('onnx');
      expect(tfjs.provenance.forwardRuntime).toMatchObject({ runtime: 'tfjs', fallbackReason: expect.stringContaining('forced') });
      expect(onnx.provenance.target).toEqual(tfjs.provenance.target);
    } finally {
      image.dispose();
    }
  });

  it('uses the configured thread count and gives the same outputs with 2 threads', async () => {
    const m = model('age');
    const x = batch(m, faces);
    try {
      configureForwardRuntime({ runtime: 'onnx', threads: 1 });
      const one = await forwardRunner(m);
      configureForwardRuntime({ threads: 2 });
      const two = await forwardRunner(m);
      expect(one.record.library).toMatch(/1 thread, batch 1\)/);
      expect(two.record.library).toMatch(/2 threads, batch 1\)/);
      expect(maxAbs((await two.predict(x)).values, (await one.predict(x)).values)).toBeLessThan(1e-4);
    } finally {
      x.dispose();
    }
  });
});

describe('the ONNX export', () => {
  it('costs 0.19 GFLOP per face (age/gender) and 0.10 (expression), counted from the layer shapes', async () => {
    // The figures bench:explainers divides by to report GFLOP/s.
    const ag = await loadWeightsFromDisk(path.join(faceApiModelDir(), 'age_gender_model-weights_manifest.json'));
    const ex = await loadWeightsFromDisk(path.join(faceApiModelDir(), 'face_expression_model-weights_manifest.json'));
    try {
      const gender = faceApiOnnxGraph({ trunk: 'tiny-xception', head: 'fc/gender', weights: ag.tensors, name: 'gender' });
      const expression = faceApiOnnxGraph({ trunk: 'expression', head: 'fc', weights: ex.tensors, name: 'expression' });
      expect(gender.flopsPerFace / 1e9).toBeCloseTo(0.194, 3);
      expect(expression.flopsPerFace / 1e9).toBeCloseTo(0.103, 3);
      // Built in memory, no file: a protobuf a few MB long that starts with ir_version (field 1, varint).
      expect(gender.model[0]).toBe(0x08);
      expect(gender.model.length).toBeGreaterThan(1e6);
    } finally {
      tf.dispose([...Object.values(ag.tensors), ...Object.values(ex.tensors)]);
    }
  });
});

describe('falling back to TF.js', () => {
  it('FORWARD_RUNTIME=tfjs is read by the env module and forces TF.js', async () => {
    const saved = process.env.FORWARD_RUNTIME;
    process.env.FORWARD_RUNTIME = 'tfjs';
    resetEnvForTests();
    try {
      expect(getEnv().FORWARD_RUNTIME).toBe('tfjs');
      configureForwardRuntime({ runtime: getEnv().FORWARD_RUNTIME });
      const runner = await forwardRunner(model('expression'));
      expect(runner.record).toMatchObject({ runtime: 'tfjs', library: expect.stringContaining('@tensorflow/tfjs') });
      const x = batch(model('expression'), [faces[0] as Float32Array]);
      const reference = tf.tidy(() => model('expression').predict(x));
      expect(maxAbs((await runner.predict(x)).values, reference.dataSync())).toBe(0);
      tf.dispose([x, reference]);
    } finally {
      if (saved === undefined) delete process.env.FORWARD_RUNTIME;
      else process.env.FORWARD_RUNTIME = saved;
      resetEnvForTests();
    }
    process.env.FORWARD_RUNTIME = 'gpu';
    resetEnvForTests();
    try {
      expect(() => getEnv()).toThrow(/FORWARD_RUNTIME/);
    } finally {
      if (saved === undefined) delete process.env.FORWARD_RUNTIME;
      else process.env.FORWARD_RUNTIME = saved;
      resetEnvForTests();
    }
  });

  it('auto falls back when onnxruntime does not load, with the reason; a forced onnx throws instead', async () => {
    resetForwardRuntimeForTests({ importOrt: () => Promise.reject(new Error('Cannot find module onnxruntime-node')) });
    const runner = await forwardRunner(model('gender'));
    expect(runner.record).toMatchObject({ runtime: 'tfjs', fallbackReason: expect.stringContaining('Cannot find module') });
    configureForwardRuntime({ runtime: 'onnx' });
    await expect(forwardRunner(model('gender'))).rejects.toThrow(/forced.*did not load/);
  });

  it('a model without an ONNX export (user models, test fixtures) runs on TF.js', async () => {
    const m = linearModel({ size: 8 });
    try {
      expect((await forwardRunner(m)).record).toMatchObject({ runtime: 'tfjs', fallbackReason: 'the model has no ONNX export' });
      configureForwardRuntime({ runtime: 'onnx' });
      await expect(forwardRunner(m)).rejects.toThrow(/no ONNX export/);
    } finally {
      m.dispose();
    }
  });
});
