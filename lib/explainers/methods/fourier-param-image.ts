// The Lucid image parameterisation (EXPLAINERS.md §7.3), shared by the Lucid-style visualisation and the
// Lucid-style inversion: a trainable spectrum scaled by 1/f^decay, inverse real DFT by matMul, Lucid's
// /4, colour recorrelation, sigmoid squash. Or plain pixels through a sigmoid, for comparison.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { decorrelatedToRgb } from './color-decorrelation';
import { createIrfft2, halfWidth, spectrumScale } from './fourier-image';
import { createRng, fillNormal } from './method-runtime';

/** Lucid's magic constant: irfft2 output is divided by 4 before colour recorrelation. */
const FFT_MAGIC = 4;

/** The parameterisation's own knobs, shared by the methods that use it (Lucid defaults). */
export const paramImageSchemaShape = {
  /** Parameterisation: 'fft' (Lucid default) or plain 'pixel' (for comparison; gives adversarial noise). */
  parameterization: z.enum(['fft', 'pixel']).default('fft'),
  decorrelate: z.boolean().default(true),
  decayPower: z.number().min(0).default(1),
  /** Standard deviation of the initial spectrum / pixel parameters (Lucid sd = 0.01). */
  initStd: z.number().min(0).default(0.01),
};

export interface ParamImage {
  variable: tf.Variable;
  /** Parameters → pixel image [1,h,w,3] in [0,1]. */
  render: () => tf.Tensor4D;
  description: string;
  dispose: () => void;
}

export function createParamImage(options: {
  size: readonly [number, number];
  parameterization: 'fft' | 'pixel';
  decorrelate: boolean;
  decayPower: number;
  initStd: number;
  seed: number;
  /** Named random stream for the initial parameters (keeps existing methods' draws unchanged). */
  stream: string;
}): ParamImage {
  const [h, w] = options.size;
  const wf = halfWidth(w);
  const fft = options.parameterization === 'fft';
  // Spectrum (re, im) per channel as one variable [2, 3, h, wf]; pixel: [1, h, w, 3].
  const shape = fft ? [2, 3, h, wf] : [1, h, w, 3];
  const size = shape.reduce((a, b) => a * b, 1);
  const init = tf.tensor(fillNormal(createRng(options.seed, options.stream), size, options.initStd), shape);
  const variable = tf.variable(init);
  init.dispose();
  const irfft = fft ? createIrfft2(h, w) : null;
  const scale = fft ? tf.tensor2d(spectrumScale(h, w, options.decayPower), [h, wf]) : null;
  const render = (): tf.Tensor4D => {
    let dec: tf.Tensor4D;
    if (irfft && scale) {
      const scaled = tf.mul(variable, scale);
      const re = scaled.slice([0, 0, 0, 0], [1, 3, h, wf]).reshape([3, h, wf]) as tf.Tensor3D;
      const im = scaled.slice([1, 0, 0, 0], [1, 3, h, wf]).reshape([3, h, wf]) as tf.Tensor3D;
      const planes = irfft.apply(re, im); // [3, h, w]
      dec = tf.div(tf.transpose(planes, [1, 2, 0]).expandDims(0), FFT_MAGIC) as tf.Tensor4D;
    } else {
      dec = variable as unknown as tf.Tensor4D;
    }
    const rgb = options.decorrelate ? decorrelatedToRgb(dec) : dec;
    // With the sigmoid squash no colour mean is added (Lucid adds one only when sigmoid=False).
    return tf.sigmoid(rgb) as tf.Tensor4D;
  };
  return {
    variable,
    render,
    description: fft
      ? 'sigmoid(recorrelate(irfft2_ortho(spectrum / max(f, 1/max(h,w))^decay) / 4)), irfft2 by real matMul'
      : 'sigmoid(recorrelate(p))',
    dispose: () => {
      variable.dispose();
      irfft?.dispose();
      scale?.dispose();
    },
  };
}
