// Plumbing shared by the optimisation-based explainers (inversion, visualisation): seeded noise,
// cancellation, progress, target resolution and provenance. Kept here so each method file only
// holds its algorithm.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { resolveTarget } from '../targets';
import type { ExplainContext, ModelAdapter, Provenance, ResolvedTarget, TargetSpec } from '../types';

export type Rng = () => number;

export function createRng(seed: number, stream: string): Rng {
  // A named stream per purpose, so adding a random draw in one place does not shift the others.
  return seedrandom(`${seed}:${stream}`);
}

/** Standard normal draws (Box–Muller) from a seeded PRNG; Math.random would break determinism. */
export function fillNormal(rng: Rng, n: number, std = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = Math.max(rng(), 1e-12);
    const u2 = rng();
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

// One cancellation error and one version record for every method (shared with the saliency methods).
export { makeAbortError, throwIfAborted } from './common';
import { libraryVersions } from './common';

/**
 * TF.js CPU kernels are synchronous, so without yielding an abort() issued elsewhere could never be
 * observed mid-run. setImmediate where available (Node), else a macrotask.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** Monotone progress reporter that always ends at exactly 1. */
export function createProgress(context: ExplainContext | undefined): (fraction: number, message?: string) => void {
  let last = 0;
  return (fraction, message) => {
    const f = Math.min(1, Math.max(last, fraction));
    last = f;
    context?.onProgress?.(f, message);
  };
}

/**
 * Resolve the request's target on the clean face (targets.ts). Optimisation methods read logits / values,
 * so the score preference is always 'logit'.
 */
export function resolveTargetOnImage(model: ModelAdapter, image: tf.Tensor3D, spec: TargetSpec): ResolvedTarget {
  const x = tf.tidy(() => model.preprocess(image.expandDims(0) as tf.Tensor4D));
  try {
    return resolveTarget(model, x, spec, 'logit');
  } finally {
    x.dispose();
  }
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

export const runtimeVersions = libraryVersions;

export function buildProvenance(args: {
  method: string;
  params: Record<string, unknown>;
  seed: number;
  model: ModelAdapter;
  target: ResolvedTarget;
  space: string;
  startedAt: Date;
  notes?: Record<string, unknown>;
}): Provenance {
  return {
    method: args.method,
    params: args.params,
    seed: args.seed,
    model: { id: args.model.id, weightsHash: args.model.weightsHash },
    target: args.target,
    space: args.space,
    backend: tf.getBackend(),
    versions: runtimeVersions(),
    timings: { startedAt: args.startedAt.toISOString(), durationMs: Date.now() - args.startedAt.getTime() },
    ...(args.notes ? { notes: args.notes } : {}),
  };
}

/**
 * The last layer whose activation is spatial (rank 4): the "last convolutional features" the seed study
 * inverts. Probed with a grey image because adapters expose names, not shapes. Models without a
 * spatial layer (dense-only user models, analytic fixtures) fall back to the layer before the output,
 * never the output itself (inverting post-softmax outputs is a §6 pitfall).
 */
export function findLastSpatialLayer(model: ModelAdapter): string {
  const [h, w] = model.inputSize;
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const layer = model.layers[i];
    if (layer === undefined) continue;
    const rank = tf.tidy(() => model.activations(model.preprocess(tf.fill([1, h, w, 3], 0.5) as tf.Tensor4D), layer).rank);
    if (rank === 4) return layer;
  }
  const fallback = model.layers[Math.max(0, model.layers.length - 2)];
  if (fallback === undefined) throw new Error(`Model '${model.id}' exposes no layers to invert`);
  return fallback;
}
