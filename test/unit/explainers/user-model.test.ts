// A researcher's own TF.js LayersModel, saved to disk and loaded back through the fs handler, must
// behave like the original and split at any layer (head(trunk(x)) = predict(x)) unless a skip
// connection crosses the split, which is refused.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@/lib/explainers/backend';
import { loadUserModel } from '@/lib/explainers/models/user-model';

const dir = mkdtempSync(path.join(tmpdir(), 'user-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes model.json + weights.bin like tfjs-node's file:// saver. */
async function saveToDir(model: tf.LayersModel, name: string): Promise<string> {
  const file = path.join(dir, name, 'model.json');
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(file), { recursive: true });
    const data = artifacts.weightData;
    const bytes = Buffer.from(data instanceof ArrayBuffer ? data : tf.io.concatenateArrayBuffers(data ?? []));
    writeFileSync(path.join(path.dirname(file), 'weights.bin'), bytes);
    writeFileSync(file, JSON.stringify({
      modelTopology: artifacts.modelTopology, format: artifacts.format, generatedBy: artifacts.generatedBy,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    }));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return file;
}

function tinyCnn(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv1' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv2' }));
  m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  m.add(tf.layers.dense({ units: 3, name: 'logits' }));
  return m;
}

function residualCnn(): tf.LayersModel {
  const x = tf.input({ shape: [8, 8, 3] });
  const a = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1' }).apply(x) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'c2' }).apply(a) as tf.SymbolicTensor;
  const s = tf.layers.add({ name: 'skip' }).apply([a, b]) as tf.SymbolicTensor;
  const g = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(s) as tf.SymbolicTensor;
  const y = tf.layers.dense({ units: 2, name: 'out' }).apply(g) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: y });
}

beforeAll(async () => {
  await initBackend();
});

describe('loadUserModel (LayersModel from disk)', () => {
  it('predicts like the original, hashes its weights and splits at every layer', async () => {
    const original = tinyCnn();
    const file = await saveToDir(original, 'tiny');
    const model = await loadUserModel({
      id: 'tiny', name: 'tiny', path: file, kind: 'layers', labels: ['a', 'b', 'c'], outputKind: 'softmax', inputSize: [16, 16],
      normalise: { scale: 2, offset: -1 },
    });
    expect(model.weightsHash).toBe(createHash('sha256').update(readFileSync(path.join(path.dirname(file), 'weights.bin'))).digest('hex'));
    expect(model.layers).toEqual(['conv1', 'pool1', 'conv2', 'gap', 'logits']);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = model.preprocess(tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 7) as tf.Tensor4D);
      expect(tf.min(x).dataSync()[0]).toBeLessThan(0);
      const y = model.predict(x);
      expect(tf.max(tf.abs(tf.sub(y, original.predict(x) as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-6);
      for (const layer of model.layers) {
        const { trunk, head } = model.split(layer);
        expect(tf.max(tf.abs(tf.sub(head(trunk(x)), y))).dataSync()[0]).toBeLessThanOrEqual(1e-5);
      }
      expect(model.activations(x, 'conv2').shape).toEqual([2, 7, 7, 6]);
      // Gradients flow through the rebuilt head (what Grad-CAM needs).
      const { trunk, head } = model.split('conv2');
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.slice(head(a), [0, 1], [-1, 1])))(trunk(x));
      expect(tf.sum(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    original.dispose();
  });

  it('splits a residual model only where no skip connection crosses', async () => {
    const original = residualCnn();
    const model = await loadUserModel({
      id: 'res', name: 'res', path: await saveToDir(original, 'res'), kind: 'layers', labels: null, outputKind: 'regression', inputSize: [8, 8],
    });
    // The add reads c1's output, so a split at c2 would lose it; at c1 both branches start in the head.
    expect(() => model.split('c2')).toThrow(/skip connection/);
    tf.tidy(() => {
      const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      for (const layer of ['c1', 'skip', 'gap']) {
        const { trunk, head } = model.split(layer);
        expect(tf.max(tf.abs(tf.sub(head(trunk(x)), model.predict(x)))).dataSync()[0]).toBeLessThanOrEqual(1e-5);
      }
    });
    model.dispose();
    original.dispose();
  });
});
