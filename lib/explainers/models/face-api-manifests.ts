// Which face-api weight manifest each built-in model reads (no TensorFlow import, so the web process
// can hash weights cheaply).
import { createRequire } from 'node:module';
import path from 'node:path';

const MANIFESTS: Record<string, string> = {
  gender: 'age_gender_model-weights_manifest.json',
  age: 'age_gender_model-weights_manifest.json',
  expression: 'face_expression_model-weights_manifest.json',
};

export function faceApiManifestFor(modelId: string): string {
  const file = MANIFESTS[modelId];
  if (!file) throw new Error(`no built-in weights for model '${modelId}'`);
  const req = createRequire(path.join(process.cwd(), 'package.json'));
  return path.join(path.dirname(req.resolve('@vladmandic/face-api/package.json')), 'model', file);
}
