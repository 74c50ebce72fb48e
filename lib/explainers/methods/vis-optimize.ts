// The Adam loop shared by both feature-visualisation explainers (Lucid render_vis: Adam(0.05)).
import * as tf from '@tensorflow/tfjs';
import type { ExplainContext } from '../types';
import type { BuiltObjective } from './vis-objectives';
import { affineSample, drawTransform, type Transforms } from './vis-transforms';
import { createProgress, type Rng, throwIfAborted, yieldToEventLoop } from './method-runtime';
import { totalVariationBeta } from './tv-regularizer';

export interface VisLoopOptions {
  variables: tf.Variable[];
  /** Parameters → pixel image [1,h,w,3] in [0,1]. */
  render: () => tf.Tensor4D;
  preprocess: (x: tf.Tensor4D) => tf.Tensor4D;
  objective: BuiltObjective;
  transforms: Transforms | null;
  /** Weight on TV_β(x)/(H·W) in pixel units; 0 disables it. */
  lambdaTV: number;
  beta: number;
  steps: number;
  learningRate: number;
  traceEvery: number;
  rng: Rng;
  context?: ExplainContext;
}

export interface VisLoopResult {
  image: Float32Array;
  shape: [number, number, number];
  /** Objective (untransformed image) every traceEvery steps, including step 0 and the end. */
  objectiveTrace: { step: number; objective: number }[];
}

function objectiveOf(opts: VisLoopOptions): number {
  return tf.tidy(() => opts.objective.evaluate(opts.preprocess(opts.render())).dataSync()[0] ?? NaN);
}

export async function runVisualizationLoop(opts: VisLoopOptions): Promise<VisLoopResult> {
  const progress = createProgress(opts.context);
  const signal = opts.context?.signal;
  const optimizer = tf.train.adam(opts.learningRate);
  const trace: { step: number; objective: number }[] = [{ step: 0, objective: objectiveOf(opts) }];
  try {
    for (let step = 1; step <= opts.steps; step++) {
      throwIfAborted(signal);
      const draw = opts.transforms ? drawTransform(opts.rng, opts.transforms) : null;
      const fill = opts.transforms?.fill ?? 0.5;
      tf.tidy(() => {
        optimizer.minimize(
          () => {
            const img = opts.render();
            const seen = draw ? affineSample(img, [draw], fill) : img;
            let loss = tf.neg(opts.objective.evaluate(opts.preprocess(seen)));
            if (opts.lambdaTV > 0) {
              const [, h, w] = img.shape;
              loss = tf.add(loss, tf.mul(opts.lambdaTV / (h * w), totalVariationBeta(img, opts.beta)));
            }
            return loss as tf.Scalar;
          },
          false,
          opts.variables,
        );
      });
      if (step % opts.traceEvery === 0 || step === opts.steps) trace.push({ step, objective: objectiveOf(opts) });
      progress(step / opts.steps, 'optimising');
      if (step % 10 === 0) await yieldToEventLoop();
    }
    throwIfAborted(signal);
    const img = tf.tidy(() => opts.render());
    const [, h, w, c] = img.shape;
    const image = new Float32Array(await img.data());
    img.dispose();
    progress(1, 'done');
    return { image, shape: [h, w, c], objectiveTrace: trace };
  } finally {
    optimizer.dispose();
  }
}
