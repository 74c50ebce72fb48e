// Reads a TF.js weights manifest and its .bin shards from disk (no fetch in Node) and hashes the
// exact bytes, so every explanation's provenance names the weights that produced it.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';

const weightEntrySchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  quantization: z
    .object({
      dtype: z.enum(['uint8', 'uint16', 'float16']),
      scale: z.number().optional(),
      min: z.number().optional(),
    })
    .optional(),
});
export const weightsManifestSchema = z.array(z.object({ paths: z.array(z.string()).min(1), weights: z.array(weightEntrySchema) }));

export interface DiskWeights {
  tensors: tf.NamedTensorMap;
  /** sha256 (hex) of the concatenated .bin shards, in manifest order. */
  hash: string;
}

/** Directory holding face-api's pretrained weights (shipped inside the npm package). */
export function faceApiModelDir(): string {
  // Resolved at run time from the app root so bundlers do not rewrite the path.
  const req = createRequire(path.join(process.cwd(), 'package.json'));
  return path.join(path.dirname(req.resolve('@vladmandic/face-api/package.json')), 'model');
}

/** Raw bytes + decoded specs of a manifest's shards; shared by weight loading and user models. */
export async function readWeightShards(manifestPath: string, groups: z.infer<typeof weightsManifestSchema>) {
  const dir = path.dirname(manifestPath);
  const buffers = await Promise.all(groups.flatMap((g) => g.paths.map((p) => readFile(path.join(dir, p)))));
  const hash = createHash('sha256');
  for (const b of buffers) hash.update(b);
  const bytes = Buffer.concat(buffers);
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const specs = groups.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[];
  return { data, specs, hash: hash.digest('hex') };
}

export async function loadWeightsFromDisk(manifestPath: string): Promise<DiskWeights> {
  const groups = weightsManifestSchema.parse(JSON.parse(await readFile(manifestPath, 'utf8')));
  const { data, specs, hash } = await readWeightShards(manifestPath, groups);
  // decodeWeights also dequantises the uint8 weights exactly as face-api's own loader does.
  return { tensors: tf.io.decodeWeights(data, specs), hash };
}

/** Looks up a weight by name with a clear error instead of an undefined deep inside a conv. */
export function weight<R extends tf.Rank>(tensors: tf.NamedTensorMap, name: string, rank: number): tf.Tensor<R> {
  const t = tensors[name];
  if (!t) throw new Error(`weights: missing tensor '${name}'`);
  if (t.rank !== rank) throw new Error(`weights: '${name}' has rank ${t.rank}, expected ${rank}`);
  return t as tf.Tensor<R>;
}
