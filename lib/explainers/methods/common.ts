// Plumbing shared by every method: input preparation, progress/cancellation checkpoints, provenance.
import * as tf from '@tensorflow/tfjs';
import type { ExplainContext, ExplainRequest, ForwardRuntimeRecord, ModelAdapter, Provenance, ResolvedTarget } from '../types';

export function makeAbortError(): Error {
  const error = new Error('Explanation was cancelled');
  error.name = 'AbortError';
  return error;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw makeAbortError();
}

/**
 * Monotone progress plus a cancellation point. Awaiting a macrotask between batches is what lets an
 * abort (or any other event) be delivered while a long synchronous-looking loop runs.
 */
export class Progress {
  private last = 0;
  constructor(private readonly context: ExplainContext | undefined) {
    throwIfAborted(context?.signal);
  }
  async step(fraction: number, message?: string): Promise<void> {
    this.last = Math.min(1, Math.max(this.last, fraction));
    this.context?.onProgress?.(this.last, message);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    throwIfAborted(this.context?.signal);
  }
  /** Sub-range [from, to] of the overall progress, for nested loops (e.g. SmoothGrad around IG). */
  scoped(from: number, to: number): (fraction: number) => Promise<void> {
    return (fraction) => this.step(from + (to - from) * Math.min(1, Math.max(0, fraction)));
  }
  done(message?: string): void {
    this.last = 1;
    this.context?.onProgress?.(1, message);
  }
}

export interface PreparedInput {
  /** Clean pixel-space image [1,H,W,3]. */
  pixels: tf.Tensor4D;
  /** The same image in model-input space [1,H,W,3]; attributions are taken w.r.t. this. */
  x: tf.Tensor4D;
  height: number;
  width: number;
  channels: number;
}

export function prepareInput(model: ModelAdapter, image: tf.Tensor3D): PreparedInput {
  const [h, w, c] = image.shape;
  const [mh, mw] = model.inputSize;
  if (h !== mh || w !== mw || c !== 3) {
    throw new Error(`Image is ${h}×${w}×${c}; model '${model.id}' expects ${mh}×${mw}×3 (prepare the face first)`);
  }
  const pixels = tf.tidy(() => image.toFloat().expandDims(0) as tf.Tensor4D);
  const x = tf.tidy(() => model.preprocess(pixels));
  return { pixels, x, height: h, width: w, channels: c };
}

export function libraryVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const [name, version] of Object.entries(tf.version)) versions[name] = String(version);
  return versions;
}

export function buildProvenance(args: {
  method: string;
  params: Record<string, unknown>;
  request: ExplainRequest;
  target: ResolvedTarget;
  space: string;
  startedAt: number;
  /** Forward-only methods: the runtime that computed the model's outputs (forward-runtime.ts). */
  forwardRuntime?: ForwardRuntimeRecord;
  notes?: Record<string, unknown>;
}): Provenance {
  return {
    method: args.method,
    params: args.params,
    seed: args.request.seed,
    model: { id: args.request.model.id, weightsHash: args.request.model.weightsHash },
    target: args.target,
    space: args.space,
    backend: tf.getBackend(),
    ...(args.forwardRuntime ? { forwardRuntime: args.forwardRuntime } : {}),
    versions: libraryVersions(),
    timings: { startedAt: new Date(args.startedAt).toISOString(), durationMs: Date.now() - args.startedAt },
    ...(args.notes ? { notes: args.notes } : {}),
  };
}

/** Split [0, total) into consecutive chunks of at most `size`; the last chunk is simply shorter (never padded). */
export function chunkRanges(total: number, size: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < total; start += size) ranges.push([start, Math.min(total, start + size)]);
  return ranges;
}
