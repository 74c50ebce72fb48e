// The model's reading of an image, shared by the assessors: class probabilities (softmax or the binary
// sigmoid read as two classes) or the regression value.
import * as tf from '@tensorflow/tfjs';
import type { ModelAdapter } from '../types';

export interface ModelReading {
  /** Argmax class index, or null for regression. */
  classIndex: number | null;
  /** Probabilities per class (empty for regression). */
  probabilities: number[];
  /** Regression value (years for age), or null for classifiers. */
  value: number | null;
}

export function readPrediction(model: ModelAdapter, pixels: ArrayLike<number>): ModelReading {
  const [h, w] = model.inputSize;
  const raw = tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(pixels), [1, h, w, 3]);
    const out = model.predict(model.preprocess(x));
    if (model.outputKind === 'softmax') return tf.softmax(out);
    if (model.outputKind === 'sigmoid' && out.shape[1] === 1) {
      const s = tf.sigmoid(out);
      return tf.concat([tf.sub(1, s), s], 1);
    }
    return out;
  });
  const values = Array.from(raw.dataSync());
  raw.dispose();
  if (model.outputKind === 'regression') return { classIndex: null, probabilities: [], value: values[0] ?? NaN };
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return { classIndex: best, probabilities: values, value: null };
}

export function labelOf(model: ModelAdapter, reading: ModelReading): string {
  if (reading.value !== null) return `${reading.value.toFixed(1)} years`;
  return model.labels?.[reading.classIndex ?? 0] ?? String(reading.classIndex);
}
