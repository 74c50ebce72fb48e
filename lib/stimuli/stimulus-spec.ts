// A stimulus is fully described by its spec; its id is the sha256 of the spec plus the model's weights
// hash and the face preparation's version. The same request therefore never computes twice, and a
// changed model or face alignment never serves a stale image.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FACE_PREPARATION_VERSION } from '@/lib/explainers/faces/face-preparation-version';

const sha256Hex = z.string().regex(/^[a-f0-9]{64}$/, 'must be a sha256 hex digest');

export const renderOptionsSchema = z.object({
  /** Output side in pixels; the 112 px model input is upscaled for display. */
  size: z.number().int().min(64).max(1024).default(224),
  /** Saliency display: heat map over the face with its colour scale, or the heat map alone. */
  mode: z.enum(['overlay', 'heatmap']).default('overlay'),
  /** 'auto': the method's own display (lib/explainers/render/display-for-method.ts; occlusion is signed). */
  display: z.enum(['auto', 'sum-abs', 'max-abs', 'diverging', 'min-max']).default('auto'),
});

export const stimulusSpecSchema = z.object({
  /** "faces:<file>" or "upload:<sha256>", plus the sha256 of the file's bytes. */
  source: z.object({ ref: z.string().regex(/^(faces|upload):[A-Za-z0-9._/-]+$/), hash: sha256Hex }),
  faceIndex: z.number().int().min(0).default(0),
  model: z.string().min(1).max(64),
  /** 'predicted' or a class label of the model. */
  target: z.string().min(1).max(64).default('predicted'),
  /** An explainer id, or 'face' for the aligned face itself (the image a question shows). */
  method: z.string().min(1).max(64),
  params: z.record(z.string(), z.unknown()).default({}),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  render: renderOptionsSchema.default({ size: 224, mode: 'overlay', display: 'auto' }),
});
export type StimulusSpec = z.infer<typeof stimulusSpecSchema>;
export type StimulusSpecInput = z.input<typeof stimulusSpecSchema>;

/** JSON with object keys sorted at every level, so equal specs always hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function stimulusId(spec: StimulusSpec, weightsHash: string): string {
  return createHash('sha256').update(canonicalJson({ spec, weightsHash, facePreparation: FACE_PREPARATION_VERSION })).digest('hex');
}
