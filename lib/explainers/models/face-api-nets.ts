// The three face-api models as ModelAdapters: gender and age share face-api's AgeGenderNet
// (TinyXception trunk, heads fc/gender and fc/age); expression is FaceExpressionNet (4 dense blocks).
// Weights come from the files shipped in @vladmandic/face-api/model.
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import type { ModelAdapter } from '../types';
import {
  FACE_API_INPUT_SIZE, conv, denseBlock4, fullyConnected, mainBlock, poolFlatten, preprocessFaceApi,
  reductionBlock, separableConv,
} from './face-api-blocks';
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

export async function loadGenderModel(modelDir = faceApiModelDir()): Promise<ModelAdapter> {
  const { tensors, hash } = await loadWeightsFromDisk(path.join(modelDir, 'age_gender_model-weights_manifest.json'));
  return createStagedAdapter({
    id: 'gender', name: 'face-api AgeGenderNet (gender head)', labels: GENDER_LABELS, outputKind: 'softmax',
    inputSize: SIZE, weightsHash: hash, preprocess: preprocessFaceApi, stages: tinyXceptionStages(tensors),
    lastConvLayer: 'exit_flow/separable_conv',
    output: (a) => fullyConnected(a, tensors, 'fc/gender'), release: release(tensors),
  });
}

export async function loadAgeModel(modelDir = faceApiModelDir()): Promise<ModelAdapter> {
  const { tensors, hash } = await loadWeightsFromDisk(path.join(modelDir, 'age_gender_model-weights_manifest.json'));
  return createStagedAdapter({
    id: 'age', name: 'face-api AgeGenderNet (age head, years)', labels: null, outputKind: 'regression',
    inputSize: SIZE, weightsHash: hash, preprocess: preprocessFaceApi, stages: tinyXceptionStages(tensors),
    lastConvLayer: 'exit_flow/separable_conv',
    output: (a) => fullyConnected(a, tensors, 'fc/age'), release: release(tensors),
  });
}

export async function loadExpressionModel(modelDir = faceApiModelDir()): Promise<ModelAdapter> {
  const { tensors, hash } = await loadWeightsFromDisk(path.join(modelDir, 'face_expression_model-weights_manifest.json'));
  return createStagedAdapter({
    id: 'expression', name: 'face-api FaceExpressionNet', labels: EXPRESSION_LABELS, outputKind: 'softmax',
    inputSize: SIZE, weightsHash: hash, preprocess: preprocessFaceApi, stages: expressionStages(tensors),
    lastConvLayer: 'dense3',
    output: (a) => fullyConnected(a, tensors, 'fc'), release: release(tensors),
  });
}

/** Decade label for a predicted age in years, e.g. 43.2 → '40s' (under 10 → '0s'). */
export function ageDecadeLabel(years: number): string {
  if (!Number.isFinite(years)) throw new Error(`ageDecadeLabel: not a finite age: ${years}`);
  return `${Math.floor(Math.max(0, years) / 10) * 10}s`;
}
