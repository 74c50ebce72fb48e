// A researcher's own TF.js network as a ModelAdapter: a LayersModel (taps and splits by layer name)
// or a GraphModel (forward passes and node taps only). Loaded from a model.json on disk through a
// small fs IOHandler, because tf.io's file:// handler exists only in tfjs-node.
import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ModelAdapter, OutputKind } from '../types';
import { readWeightShards, weightsManifestSchema } from './weights-from-disk';

const modelJsonSchema = z.looseObject({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: weightsManifestSchema,
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
});

/** Loads model.json + shards from disk; `hash` is filled with the sha256 of the shards on load. */
export function fileIOHandler(modelJsonPath: string): tf.io.IOHandler & { hash: string | null } {
  const handler = {
    hash: null as string | null,
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = modelJsonSchema.parse(JSON.parse(await readFile(modelJsonPath, 'utf8')));
      const { data, specs, hash } = await readWeightShards(modelJsonPath, json.weightsManifest);
      handler.hash = hash;
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: data,
        ...(json.format !== undefined ? { format: json.format } : {}),
        ...(json.generatedBy !== undefined ? { generatedBy: json.generatedBy } : {}),
        ...(json.convertedBy != null ? { convertedBy: json.convertedBy } : {}),
      };
    },
  };
  return handler;
}

export interface UserModelOptions {
  id: string;
  name: string;
  /** Path to model.json. */
  path: string;
  kind: 'layers' | 'graph';
  labels: readonly string[] | null;
  /** How to read the output; give pre-softmax logits for classifiers if the model has them. */
  outputKind: OutputKind;
  inputSize: readonly [number, number];
  /** Pixel space [0,1] → the model's input space, as x·scale + offset (default: identity). */
  normalise?: { scale: number; offset: number };
}

function asTensor2D(y: tf.Tensor | tf.Tensor[], id: string): tf.Tensor2D {
  if (Array.isArray(y)) throw new Error(`model '${id}' has several outputs; one [batch, k] output is expected`);
  if (y.rank !== 2) throw new Error(`model '${id}' output has shape [${y.shape}]; [batch, k] expected`);
  return y as tf.Tensor2D;
}

export async function loadUserModel(options: UserModelOptions): Promise<ModelAdapter> {
  const handler = fileIOHandler(options.path);
  const { scale, offset } = options.normalise ?? { scale: 1, offset: 0 };
  const base = {
    id: options.id, name: options.name, labels: options.labels, outputKind: options.outputKind, inputSize: options.inputSize,
    preprocess: (xPix: tf.Tensor4D) => tf.tidy(() => tf.add(tf.mul(xPix, scale), offset) as tf.Tensor4D),
  };
  if (options.kind === 'graph') {
    const model = await tf.loadGraphModel(handler);
    return {
      ...base, weightsHash: handler.hash ?? '', layers: [],
      predict: (x) => asTensor2D(model.execute(x), options.id),
      activations: (x, node) => model.execute(x, node) as tf.Tensor,
      split: () => {
        throw new Error(`model '${options.id}' is a GraphModel: split() needs a LayersModel (layer methods unavailable)`);
      },
      dispose: () => model.dispose(),
    };
  }
  const model = await tf.loadLayersModel(handler);
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.name);
  const apply = (m: tf.LayersModel, x: tf.Tensor) => m.apply(x, { training: false }) as tf.Tensor;
  const trunks = new Map<string, tf.LayersModel>();
  const heads = new Map<string, tf.LayersModel>();
  const trunkModel = (layer: string) => {
    let m = trunks.get(layer);
    if (!m) {
      m = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).getOutputAt(0) as tf.SymbolicTensor });
      trunks.set(layer, m);
    }
    return m;
  };
  const headModel = (layer: string) => {
    let m = heads.get(layer);
    if (!m) {
      m = rebuildHead(model, layer);
      heads.set(layer, m);
    }
    return m;
  };
  return {
    ...base, weightsHash: handler.hash ?? '', layers,
    predict: (x) => asTensor2D(apply(model, x), options.id),
    activations: (x, layer) => apply(trunkModel(layer), x),
    split: (layer) => {
      const head = headModel(layer);
      const trunk = trunkModel(layer);
      return { trunk: (x) => apply(trunk, x), head: (a) => asTensor2D(apply(head, a), options.id) };
    },
    // Sub-models share the original's layers; disposing the original releases the weights once.
    dispose: () => model.dispose(),
  };
}

/**
 * head: A → outputs, re-applying the layers downstream of `layer` to a fresh tf.input (EXPLAINERS.md
 * §0.4). Refuses a split that a skip connection crosses, because head(trunk(x)) would then be wrong.
 */
export function rebuildHead(model: tf.LayersModel, layer: string): tf.LayersModel {
  const split = model.getLayer(layer);
  // Node 0 is the layer's use in the original graph; earlier splits add nodes by re-applying it.
  const splitOut = split.getOutputAt(0) as tf.SymbolicTensor;
  const input = tf.input({ shape: splitOut.shape.slice(1) as number[] });
  const mapped = new Map<number, tf.SymbolicTensor>([[splitOut.id, input]]);
  const order = model.layers;
  for (const l of order.slice(order.indexOf(split) + 1)) {
    const node = l.inboundNodes[0];
    if (!node) continue;
    const ins = node.inputTensors.map((t) => {
      const m = mapped.get(t.id);
      if (!m) throw new Error(`cannot split at '${layer}': layer '${l.name}' also reads '${t.name}' from before the split (skip connection)`);
      return m;
    });
    const out = l.apply(ins.length === 1 ? ins[0] as tf.SymbolicTensor : ins) as tf.SymbolicTensor;
    mapped.set((l.getOutputAt(0) as tf.SymbolicTensor).id, out);
  }
  const outputs = model.outputs.map((o) => {
    const m = mapped.get(o.id);
    if (!m) throw new Error(`cannot split at '${layer}': output '${o.name}' does not depend on it`);
    return m;
  });
  return tf.model({ inputs: input, outputs });
}
