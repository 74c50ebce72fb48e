// The three face-api models as ModelAdapters: gender and age share face-api's AgeGenderNet
// (TinyXception trunk, heads fc/gender and fc/age); expression is FaceExpressionNet (4 dense blocks).
// Weights come from the files shipped in @vladmandic/face-api/model. faceApiRandomizer() gives copies
// with top blocks re-initialised, for the model-randomisation sanity check (EXPLAINERS.md §8.4).
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import seedrandom from 'seedrandom';
import type { RandomizeModel } from '../metrics/model-randomization';
import type { ModelAdapter } from '../types';
import {
  FACE_API_INPUT_SIZE, conv, denseBlock4, fullyConnected, mainBlock, poolFlatten, preprocessFaceApi,
  reductionBlock, separableConv,
} from './face-api-blocks';
import { faceApiOnnxModel, type FaceApiTrunk } from './face-api-onnx';
import { createStagedAdapter, type Stage } from './staged-adapter';
import { faceApiModelDir, loadWeightsFromDisk } from './weights-from-disk';

/** face-api's FACE_EXPRESSION_LABELS order (src/faceExpressionNet/FaceExpressions.ts). */
export const EXPRESSION_LABELS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'] as const;
/** AgeGenderNet reads softmax index 0 as the probability of 'male'. */
export const GENDER_LABELS = ['male', 'female'] as const;

const SIZE = [FACE_API_INPUT_SIZE, FACE_API_INPUT_SIZE] as const;

function tinyXceptionStages(w: tf.NamedTensorMap): Stage[] {
  return [
    { name: 'entry_flow/conv_in', apply: (x) => tf.relu(conv(x, w, 'entry_flow/conv_in', 2)) },
    { name: 'entry_flow/reduction_block_0', apply: (x) => reductionBlock(x, w, 'entry_flow/reduction_block_0', false) },
    { name: 'entry_flow/reduction_block_1', apply: (x) => reductionBlock(x, w, 'entry_flow/reduction_block_1') },
    { name: 'middle_flow/main_block_0', apply: (x) => mainBlock(x, w, 'middle_flow/main_block_0') },
    { name: 'middle_flow/main_block_1', apply: (x) => mainBlock(x, w, 'middle_flow/main_block_1') },
    { name: 'exit_flow/reduction_block', apply: (x) => reductionBlock(x, w, 'exit_flow/reduction_block') },
    { name: 'exit_flow/separable_conv', apply: (x) => tf.relu(separableConv(x, w, 'exit_flow/separable_conv', 1)) },
    { name: 'pool', apply: poolFlatten },
  ];
}

function expressionStages(w: tf.NamedTensorMap): Stage[] {
  return [
    { name: 'dense0', apply: (x) => denseBlock4(x, w, 'dense0', true) },
    { name: 'dense1', apply: (x) => denseBlock4(x, w, 'dense1') },
    { name: 'dense2', apply: (x) => denseBlock4(x, w, 'dense2') },
    { name: 'dense3', apply: (x) => denseBlock4(x, w, 'dense3') },
    { name: 'pool', apply: poolFlatten },
  ];
}

const release = (w: tf.NamedTensorMap) => () => tf.dispose(Object.values(w));

export type FaceApiKind = 'gender' | 'age' | 'expression';

interface FaceApiSpec {
  name: string;
  labels: readonly string[] | null;
  outputKind: 'softmax' | 'regression';
  manifest: string;
  stages: (w: tf.NamedTensorMap) => Stage[];
  /** The same trunk as an ONNX graph (face-api-onnx.ts). */
  onnxTrunk: FaceApiTrunk;
  lastConvLayer: string;
  /** Weight prefix of the fully connected head. */
  head: string;
}

const SPECS: Record<FaceApiKind, FaceApiSpec> = {
  gender: {
    name: 'face-api AgeGenderNet (gender head)', labels: GENDER_LABELS, outputKind: 'softmax',
    manifest: 'age_gender_model-weights_manifest.json', stages: tinyXceptionStages, onnxTrunk: 'tiny-xception',
    lastConvLayer: 'exit_flow/separable_conv', head: 'fc/gender',
  },
  age: {
    name: 'face-api AgeGenderNet (age head, years)', labels: null, outputKind: 'regression',
    manifest: 'age_gender_model-weights_manifest.json', stages: tinyXceptionStages, onnxTrunk: 'tiny-xception',
    lastConvLayer: 'exit_flow/separable_conv', head: 'fc/age',
  },
  expression: {
    name: 'face-api FaceExpressionNet', labels: EXPRESSION_LABELS, outputKind: 'softmax',
    manifest: 'face_expression_model-weights_manifest.json', stages: expressionStages, onnxTrunk: 'expression',
    lastConvLayer: 'dense3', head: 'fc',
  },
};

/** Layer names of a built-in net without loading its weights (stage closures are only built, not run). */
export function faceApiLayerNames(kind: FaceApiKind): string[] {
  return SPECS[kind].stages({}).map((s) => s.name);
}

/** The weights behind each loaded face-api adapter, so it can be randomised (sanity checks, §8.4). */
const sources = new WeakMap<ModelAdapter, { kind: FaceApiKind; tensors: tf.NamedTensorMap; hash: string }>();

function build(
  kind: FaceApiKind, tensors: tf.NamedTensorMap, hash: string, releaseWeights: () => void, name = SPECS[kind].name,
): ModelAdapter {
  const spec = SPECS[kind];
  const adapter = createStagedAdapter({
    id: kind, name, labels: spec.labels, outputKind: spec.outputKind,
    inputSize: SIZE, weightsHash: hash, preprocess: preprocessFaceApi, stages: spec.stages(tensors),
    lastConvLayer: spec.lastConvLayer,
    output: (a) => fullyConnected(a, tensors, spec.head), release: releaseWeights,
    exportOnnx: () => faceApiOnnxModel({ trunk: spec.onnxTrunk, head: spec.head, weights: tensors, name }),
  });
  sources.set(adapter, { kind, tensors, hash });
  return adapter;
}

async function load(kind: FaceApiKind, modelDir: string): Promise<ModelAdapter> {
  const { tensors, hash } = await loadWeightsFromDisk(path.join(modelDir, SPECS[kind].manifest));
  return build(kind, tensors, hash, release(tensors));
}

export function loadGenderModel(modelDir = faceApiModelDir()): Promise<ModelAdapter> {
  return load('gender', modelDir);
}

export function loadAgeModel(modelDir = faceApiModelDir()): Promise<ModelAdapter> {
  return load('age', modelDir);
}

export function loadExpressionModel(modelDir = faceApiModelDir()): Promise<ModelAdapter> {
  return load('expression', modelDir);
}

/**
 * Re-initialisation used for the model-randomisation sanity check: Keras' defaults, which is what the
 * face-api nets' layers were built with (no initialiser config ships with the weights, so the
 * "layer's own initialiser" of Adebayo et al. cannot be read back): Glorot-uniform for conv, depthwise,
 * pointwise and dense kernels (fans as Keras computes them: receptive field × in / × out channels) and
 * zeros for biases. Drawn from seedrandom, one stream per (seed, block), so a block gets the same
 * weights whichever other blocks are randomised with it.
 */
function reinitialise(name: string, shape: readonly number[], rng: () => number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  if (name.endsWith('/bias')) return new Float32Array(n);
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const fanIn = (shape.at(-2) ?? 1) * receptive;
  const fanOut = (shape.at(-1) ?? 1) * receptive;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: n }, () => (2 * rng() - 1) * limit);
}

export interface FaceApiRandomizer {
  /** Blocks with weights from the top (the fc head) down to the first conv; e.g. ['fc', 'dense3', …, 'dense0']. */
  blocksTopDown: readonly string[];
  /**
   * A copy of the model whose named blocks are re-initialised (see reinitialise) and whose other
   * weights are the original tensors, shared. Its dispose() frees only the new tensors; the original
   * must outlive it.
   */
  randomize: RandomizeModel;
}

/** Cascading / independent randomisation (EXPLAINERS.md §8.4) for a face-api model loaded here. */
export function faceApiRandomizer(model: ModelAdapter): FaceApiRandomizer {
  const source = sources.get(model);
  if (!source) throw new Error(`model '${model.id}' is not a face-api model loaded by face-api-nets; cannot randomise it`);
  const spec = SPECS[source.kind];
  const names = Object.keys(source.tensors);
  const owns = (block: string, weightName: string) => weightName.startsWith(`${block}/`);
  const stagesWithWeights = spec.stages(source.tensors).map((s) => s.name).filter((b) => names.some((n) => owns(b, n)));
  const blocksTopDown = [spec.head, ...stagesWithWeights.reverse()];
  const randomize: RandomizeModel = (blocks, seed) => {
    for (const b of blocks) {
      if (!blocksTopDown.includes(b)) throw new Error(`model '${model.id}' has no block '${b}'; blocks: ${blocksTopDown.join(', ')}`);
    }
    const fresh: tf.NamedTensorMap = {};
    for (const block of blocks) {
      const rng = seedrandom(`face-api-randomize:${seed}:${block}`);
      for (const n of names.filter((w) => owns(block, w))) {
        const t = source.tensors[n] as tf.Tensor;
        fresh[n] = tf.tensor(reinitialise(n, t.shape, rng), t.shape, 'float32');
      }
    }
    const tensors = { ...source.tensors, ...fresh };
    const tag = `randomised ${blocks.join(', ')}; seed ${seed}`;
    const hash = createHash('sha256').update(`${source.hash}\n${tag}`).digest('hex');
    return build(source.kind, tensors, hash, release(fresh), `${spec.name} [${tag}]`);
  };
  return { blocksTopDown, randomize };
}

/** The model with its top `topStages` blocks (fc head first) re-initialised with `seed`. */
export function randomizeFaceApiModel(model: ModelAdapter, options: { topStages: number; seed: number }): ModelAdapter {
  const { blocksTopDown, randomize } = faceApiRandomizer(model);
  if (!Number.isInteger(options.topStages) || options.topStages < 1 || options.topStages > blocksTopDown.length) {
    throw new Error(`topStages must be an integer in 1..${blocksTopDown.length}, got ${options.topStages}`);
  }
  return randomize(blocksTopDown.slice(0, options.topStages), options.seed);
}

/** Decade label for a predicted age in years, e.g. 43.2 → '40s' (under 10 → '0s'). */
export function ageDecadeLabel(years: number): string {
  if (!Number.isFinite(years)) throw new Error(`ageDecadeLabel: not a finite age: ${years}`);
  return `${Math.floor(Math.max(0, years) / 10) * 10}s`;
}
