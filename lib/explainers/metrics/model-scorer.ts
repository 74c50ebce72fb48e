// Turns a ModelAdapter + resolved target into an ImageScorer for the perturbation metrics: the softmax /
// sigmoid probability for classifiers (§0.2: perturbation metrics use p_c), the raw value for regression.
// The forward passes run on the forward-only runtime (onnxruntime when it loads, else TF.js:
// ../forward-runtime.ts); preprocessing is the adapter's own, on TF.js.
import * as tf from '@tensorflow/tfjs';
import { forwardRunner, type ForwardRunner } from '../forward-runtime';
import type { ForwardRuntimeRecord, ModelAdapter, ResolvedTarget } from '../types';
import type { ImageScorer } from './deletion-insertion';

export interface ModelScorer {
  (images: Float32Array[]): Promise<number[]>;
  /** The runtime that scored the images so far (null before the first call), for provenance. */
  readonly runtime: ForwardRuntimeRecord | null;
}

export function createModelScorer(model: ModelAdapter, target: ResolvedTarget): ModelScorer & ImageScorer {
  const [h, w] = model.inputSize;
  const scoreTarget: ResolvedTarget = target.kind === 'class' ? { ...target, score: 'probability' } : target;
  let runner: Promise<ForwardRunner> | null = null;
  let record: ForwardRuntimeRecord | null = null;
  const score = async (images: Float32Array[]): Promise<number[]> => {
    runner ??= forwardRunner(model);
    const r = await runner;
    record = r.record;
    const flat = new Float32Array(images.length * h * w * 3);
    images.forEach((img, i) => flat.set(img, i * h * w * 3));
    const x = tf.tidy(() => model.preprocess(tf.tensor4d(flat, [images.length, h, w, 3])));
    try {
      return Array.from(await r.score(x, scoreTarget));
    } finally {
      x.dispose();
    }
  };
  return Object.defineProperty(score, 'runtime', { get: () => record, enumerable: true }) as ModelScorer;
}
