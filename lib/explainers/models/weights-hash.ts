// The weights hash of a model without loading TensorFlow: sha256 of the .bin shards in manifest order,
// exactly what the model adapters report as weightsHash. The web process uses it to name stimuli.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { faceApiManifestFor } from './face-api-manifests';

const manifestSchema = z.array(z.object({ paths: z.array(z.string()).min(1) }));
const cache = new Map<string, string>();

export function hashWeightsManifest(manifestPath: string): string {
  const cached = cache.get(manifestPath);
  if (cached) return cached;
  const groups = manifestSchema.parse(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
  const hash = createHash('sha256');
  for (const p of groups.flatMap((g) => g.paths)) hash.update(fs.readFileSync(path.join(path.dirname(manifestPath), p)));
  const hex = hash.digest('hex');
  cache.set(manifestPath, hex);
  return hex;
}

/** Weights hash of a built-in model id ('gender', 'age', 'expression'). */
export function builtInWeightsHash(modelId: string): string {
  return hashWeightsManifest(faceApiManifestFor(modelId));
}
