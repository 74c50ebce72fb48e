// A ModelAdapter for networks written as a chain of named stages (our re-implementations of the
// face-api nets, analytic test models). Each stage boundary is a tap and a valid split point, because
// the stages are whole blocks: no skip connection crosses a boundary.
import * as tf from '@tensorflow/tfjs';
import type { ModelAdapter, OutputKind } from '../types';

export interface Stage {
  name: string;
  apply: (x: tf.Tensor) => tf.Tensor;
}

export interface StagedModelSpec {
  id: string;
  name: string;
  labels: readonly string[] | null;
  outputKind: OutputKind;
  inputSize: readonly [number, number];
  weightsHash: string;
  preprocess: (xPix: tf.Tensor4D) => tf.Tensor4D;
  /** Default CAM layer: the last conv block after its activation. */
  lastConvLayer?: string;
  /** Tapped stages, input to output. */
  stages: readonly Stage[];
  /** Last-tap activation → raw outputs [batch, k]. */
  output: (a: tf.Tensor) => tf.Tensor2D;
  /** Releases the weights. */
  release: () => void;
  /** The ONNX model of predict(), when the network has one (face-api-onnx.ts). */
  exportOnnx?: () => Uint8Array;
}

export function createStagedAdapter(spec: StagedModelSpec): ModelAdapter {
  let disposed = false;
  const names = spec.stages.map((s) => s.name);
  const alive = () => {
    if (disposed) throw new Error(`model '${spec.id}' was disposed`);
  };
  const indexOf = (layer: string): number => {
    const i = names.indexOf(layer);
    if (i < 0) throw new Error(`model '${spec.id}' has no layer '${layer}'; layers: ${names.join(', ')}`);
    return i;
  };
  const run = (x: tf.Tensor, from: number, to: number): tf.Tensor => {
    let out = x;
    for (const stage of spec.stages.slice(from, to)) out = stage.apply(out);
    return out;
  };
  // tidy frees the intermediates when called eagerly; inside tf.grad the tape keeps what it needs.
  const trunk = (upTo: number) => (x: tf.Tensor4D) => {
    alive();
    return tf.tidy(() => run(x, 0, upTo + 1));
  };
  const head = (after: number) => (a: tf.Tensor) => {
    alive();
    return tf.tidy(() => spec.output(run(a, after + 1, names.length)));
  };
  if (spec.lastConvLayer !== undefined) indexOf(spec.lastConvLayer);
  const exportOnnx = spec.exportOnnx;
  return {
    id: spec.id,
    name: spec.name,
    labels: spec.labels,
    outputKind: spec.outputKind,
    inputSize: spec.inputSize,
    weightsHash: spec.weightsHash,
    layers: names,
    ...(spec.lastConvLayer !== undefined ? { lastConvLayer: spec.lastConvLayer } : {}),
    preprocess: (xPix) => tf.tidy(() => spec.preprocess(xPix)),
    predict: (x) => head(-1)(x),
    activations: (x, layer) => trunk(indexOf(layer))(x),
    ...(exportOnnx
      ? {
          exportOnnx: () => {
            alive();
            return exportOnnx();
          },
        }
      : {}),
    split: (layer) => {
      const i = indexOf(layer);
      return { trunk: trunk(i), head: head(i) };
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      spec.release();
    },
  };
}
