// The Adam loop shared by both feature-visualisation explainers (Lucid render_vis: Adam(0.05)).
import * as tf from '@tensorflow/tfjs';
import type { ExplainContext, ExplanationResult, ModelAdapter, ResolvedTarget } from '../types';
import type { BuiltObjective } from './vis-objectives';
import { affineSample, drawTransform, type Transforms } from './vis-transforms';
import { buildProvenance, createProgress, type Rng, throwIfAborted, yieldToEventLoop } from './method-runtime';
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

/**
 * Both visualisation methods: run the loop on the method's parameterisation and package the image
 * with its provenance (the objective, what it depends on, its trace, plus the method's own notes).
 */
export async function optimiseVisualization(options: {
  methodId: string;
  params: Record<string, unknown> & Pick<VisLoopOptions, 'transforms' | 'lambdaTV' | 'beta' | 'steps' | 'learningRate' | 'traceEvery'>;
  seed: number;
  model: ModelAdapter;
  target: ResolvedTarget;
  objective: BuiltObjective;
  startedAt: Date;
  variables: tf.Variable[];
  render: () => tf.Tensor4D;
  rng: Rng;
  notes: Record<string, unknown>;
  context?: ExplainContext;
}): Promise<ExplanationResult> {
  const { params, objective, model } = options;
  const result = await runVisualizationLoop({
    variables: options.variables,
    render: options.render,
    preprocess: (x) => model.preprocess(x),
    objective,
    transforms: params.transforms,
    lambdaTV: params.lambdaTV,
    beta: params.beta,
    steps: params.steps,
    learningRate: params.learningRate,
    traceEvery: params.traceEvery,
    rng: options.rng,
    ...(options.context ? { context: options.context } : {}),
  });
  return {
    kind: 'visualization',
    data: result.image,
    shape: result.shape,
    provenance: buildProvenance({
      method: options.methodId,
      params,
      seed: options.seed,
      model,
      target: options.target,
      space: 'pixel',
      startedAt: options.startedAt,
      notes: {
        dependsOn: objective.dependsOn,
        perModelAndClass: true,
        objective: objective.description,
        ...(objective.regressionTarget !== undefined ? { regressionTarget: objective.regressionTarget } : {}),
        ...options.notes,
        objectiveTrace: result.objectiveTrace,
      },
    }),
  };
}
