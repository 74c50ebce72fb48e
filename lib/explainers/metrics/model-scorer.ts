// Turns a ModelAdapter + resolved target into an ImageScorer for the perturbation metrics: the softmax /
// sigmoid probability for classifiers (§0.2: perturbation metrics use p_c), the raw value for regression.
import * as tf from '@tensorflow/tfjs';
import { selectScore } from '../targets';
import type { ModelAdapter, ResolvedTarget } from '../types';
import type { ImageScorer } from './deletion-insertion';

export function createModelScorer(model: ModelAdapter, target: ResolvedTarget): ImageScorer {
  const [h, w] = model.inputSize;
  const scoreTarget: ResolvedTarget = target.kind === 'class' ? { ...target, score: 'probability' } : target;
  return (images) =>
    tf.tidy(() => {
      const flat = new Float32Array(images.length * h * w * 3);
      images.forEach((img, i) => flat.set(img, i * h * w * 3));
      const x = model.preprocess(tf.tensor4d(flat, [images.length, h, w, 3]));
      return Array.from(selectScore(model.predict(x), model, scoreTarget).dataSync());
    });
}
