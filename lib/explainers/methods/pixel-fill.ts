// Baselines and fill values are specified in pixel space and mapped through model.preprocess
// (EXPLAINERS.md §0.1): "0" in model space is the dataset mean colour, not black.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ModelAdapter } from '../types';

/** A grey level in [0,1] (0 = black) or 'blur', a Gaussian-blurred copy of the face. */
export const pixelFillSchema = z.union([z.number().min(0).max(1), z.literal('blur')]);
export type PixelFill = z.infer<typeof pixelFillSchema>;

/** Separable Gaussian blur of an HWC image with edge clamping; radius 3σ. */
export function gaussianBlur(data: Float32Array, h: number, w: number, c: number, sigma: number): Float32Array {
  if (sigma <= 0) return Float32Array.from(data);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let i = -radius; i <= radius; i++) total += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] ?? 0) / total;
  const pass = (src: Float32Array, alongRows: boolean): Float32Array => {
    const dst = new Float32Array(src.length);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          let acc = 0;
          for (let k = -radius; k <= radius; k++) {
            const yy = alongRows ? y : Math.min(h - 1, Math.max(0, y + k));
            const xx = alongRows ? Math.min(w - 1, Math.max(0, x + k)) : x;
            acc += (kernel[k + radius] ?? 0) * (src[(yy * w + xx) * c + ch] ?? 0);
          }
          dst[(y * w + x) * c + ch] = acc;
        }
      }
    }
    return dst;
  };
  return pass(pass(data, true), false);
}

/** The fill/baseline image in model-input space, [1,H,W,C], for a clean pixel image [1,H,W,C]. */
export function fillInModelSpace(
  model: ModelAdapter,
  pixels: tf.Tensor4D,
  fill: PixelFill,
  blurSigma: number,
): tf.Tensor4D {
  const [, h, w, c] = pixels.shape;
  if (fill === 'blur') {
    const blurred = gaussianBlur(pixels.dataSync() as Float32Array, h, w, c, blurSigma);
    return tf.tidy(() => model.preprocess(tf.tensor4d(blurred, [1, h, w, c])));
  }
  return tf.tidy(() => model.preprocess(tf.fill([1, h, w, c], fill) as tf.Tensor4D));
}
