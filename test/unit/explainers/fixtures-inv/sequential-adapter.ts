// Small ModelAdapters built from named blocks with explicit weights, so tests know every parameter and
// can re-initialise top blocks (cascading randomisation, EXPLAINERS.md §8.4) reproducibly.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import type { ModelAdapter, OutputKind } from '@/lib/explainers/types';

export interface BlockSpec {
  name: string;
  /** Parameter shapes and how to draw them (the block's "own initialiser"). */
  params: Record<string, { shape: number[]; init: (rng: () => number, shape: number[]) => Float32Array }>;
  apply: (a: tf.Tensor, p: Record<string, tf.Tensor>) => tf.Tensor;
}

export interface SequentialFixture {
  adapter: ModelAdapter;
  /** Weights per block, as plain arrays (for bitwise comparisons). */
  weights: Record<string, Record<string, Float32Array>>;
  /** A copy whose named blocks are re-drawn from their initialisers with `seed`; others bitwise kept. */
  randomize: (blocks: readonly string[], seed: number) => SequentialFixture;
}

export function glorotUniform(rng: () => number, shape: number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const fanOut = shape[shape.length - 1] ?? 1;
  const fanIn = n / fanOut;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rng() * 2 - 1) * limit;
  return out;
}

export function zerosInit(_rng: () => number, shape: number[]): Float32Array {
  return new Float32Array(shape.reduce((a, b) => a * b, 1));
}

export function buildSequential(opts: {
  id: string;
  labels: readonly string[] | null;
  outputKind: OutputKind;
  inputSize: [number, number];
  preprocess: (x: tf.Tensor4D) => tf.Tensor4D;
  blocks: BlockSpec[];
  seed?: number;
  weights?: Record<string, Record<string, Float32Array>>;
}): SequentialFixture {
  const rng = seedrandom(String(opts.seed ?? 1));
  const weights: Record<string, Record<string, Float32Array>> = {};
  const tensors: Record<string, Record<string, tf.Tensor>> = {};
  for (const b of opts.blocks) {
    weights[b.name] = {};
    tensors[b.name] = {};
    for (const [k, spec] of Object.entries(b.params)) {
      const given = opts.weights?.[b.name]?.[k];
      const arr = given ? Float32Array.from(given) : spec.init(rng, spec.shape);
      weights[b.name]![k] = arr;
      tensors[b.name]![k] = tf.tensor(arr, spec.shape);
    }
  }
  const names = opts.blocks.map((b) => b.name);
  const runRange = (a: tf.Tensor, from: number, to: number): tf.Tensor => {
    let out = a;
    for (let i = from; i < to; i++) {
      const b = opts.blocks[i]!;
      out = b.apply(out, tensors[b.name]!);
    }
    return out;
  };
  const indexOf = (layer: string): number => {
    const i = names.indexOf(layer);
    if (i < 0) throw new Error(`unknown layer ${layer}`);
    return i;
  };
  let hash = 0;
  for (const b of names) for (const arr of Object.values(weights[b]!)) for (const v of arr) hash = (hash * 31 + Math.round(v * 1e6)) | 0;
  const adapter: ModelAdapter = {
    id: opts.id,
    name: opts.id,
    labels: opts.labels,
    outputKind: opts.outputKind,
    inputSize: opts.inputSize,
    weightsHash: `fixture-${(hash >>> 0).toString(16)}`,
    layers: names,
    preprocess: opts.preprocess,
    predict: (x) => tf.tidy(() => runRange(x, 0, names.length) as tf.Tensor2D),
    activations: (x, layer) => tf.tidy(() => runRange(x, 0, indexOf(layer) + 1)),
    split: (layer) => {
      const i = indexOf(layer);
      return {
        trunk: (x) => runRange(x, 0, i + 1),
        head: (a) => runRange(a, i + 1, names.length) as tf.Tensor2D,
      };
    },
    dispose: () => {
      for (const b of names) for (const t of Object.values(tensors[b]!)) t.dispose();
    },
  };
  return {
    adapter,
    weights,
    randomize: (blocks, seed) => {
      const r = seedrandom(`reinit:${seed}`);
      const next: Record<string, Record<string, Float32Array>> = {};
      for (const b of opts.blocks) {
        next[b.name] = {};
        for (const [k, spec] of Object.entries(b.params)) {
          next[b.name]![k] = blocks.includes(b.name) ? spec.init(r, spec.shape) : weights[b.name]![k]!;
        }
      }
      return buildSequential({ ...opts, weights: next });
    },
  };
}
