// Computes one stimulus from its spec: prepare the face, predict, explain, render to PNG. Runs in an
// explanation worker (thread or process), never in a request handler.
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '@/lib/explainers/models/registry';
import { ageDecadeLabel } from '@/lib/explainers/models/face-api-nets';
import { explain } from '@/lib/explainers/registry';
import { backendInfo } from '@/lib/explainers/backend';
import { toRgbBytes } from '@/lib/explainers/render/image';
import type { ModelAdapter, TargetSpec } from '@/lib/explainers/types';
import { readSourceBytes } from '@/lib/stimuli/resolve-source';
import { canonicalJson, type StimulusSpec } from '@/lib/stimuli/stimulus-spec';
import { classCacheFile, readClassCache, writeClassCache } from '@/lib/stimuli/stimulus-store';
import { renderAndAssess, toPng } from '@/lib/stimuli/render-and-assess';
import type { QualityReport } from '@/lib/explainers/quality/quality-report';
import { getPreparedFace } from '@/lib/stimuli/prepared-face-cache';
import { FACE_PREPARATION_VERSION } from '@/lib/explainers/faces/face-preparation-version';
import { OUTSIDE_FILL } from '@/lib/explainers/faces/prepare-face';
import { isAppError } from '@/lib/errors';
import { FacePrepError } from '@/lib/explainers/faces/face-prep-error';
import { PermanentJobError } from '@/lib/stimuli/permanent-job-error';

export interface Prediction {
  model: string;
  /** Class label, or the age decade (e.g. "40s"). */
  label: string;
  value?: number;
  probabilities?: Record<string, number>;
}

export interface GeneratedStimulus {
  png: Buffer;
  provenance: Record<string, unknown>;
  prediction: Prediction;
  /** Quality report computed right after generation (lib/explainers/quality); null for the face itself. */
  quality?: QualityReport | null;
}

type Progress = (fraction: number, message?: string) => void;

function predictFace(model: ModelAdapter, face: tf.Tensor3D): Prediction {
  const out = tf.tidy(() => model.predict(model.preprocess(face.expandDims(0) as tf.Tensor4D)));
  const values = Array.from(out.dataSync());
  out.dispose();
  if (!model.labels) return { model: model.id, label: ageDecadeLabel(values[0] ?? NaN), value: values[0] ?? NaN };
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const probabilities = Object.fromEntries(model.labels.map((l, i) => [l, (exps[i] ?? 0) / sum]));
  const best = values.indexOf(max);
  return { model: model.id, label: model.labels[best] ?? String(best), probabilities };
}

/** 43.2 → 45: the centre of the decade the prediction label names (ageDecadeLabel). */
export function ageGroupCentre(years: number): number {
  return Math.floor(Math.max(0, years) / 10) * 10 + 5;
}

function targetFor(model: ModelAdapter, spec: StimulusSpec, prediction: Prediction): TargetSpec {
  if (!model.labels) return { kind: 'regression', sign: 1 };
  const label = spec.target === 'predicted' ? prediction.label : spec.target;
  return { kind: 'class', index: model.labels.indexOf(label) };
}

/** The source photo's bytes; a reference that no longer resolves to a file fails the same way every time. */
async function readSource(ref: string, hash: string): Promise<Buffer> {
  try {
    return await readSourceBytes(ref, hash);
  } catch (e) {
    if (isAppError(e)) throw new PermanentJobError(e.message, { cause: e });
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') throw new PermanentJobError(`The source image ${ref} no longer exists.`, { cause: e });
    throw e;
  }
}

/** Face preparation is deterministic for given bytes: no face, or no such face index, will not change on a retry. */
function permanentIfFacePrep(e: unknown): never {
  if (e instanceof FacePrepError) throw new PermanentJobError(e.message, { cause: e });
  throw e;
}

export async function generateStimulus(options: { spec: StimulusSpec; onProgress: Progress; signal: AbortSignal }): Promise<GeneratedStimulus> {
  const { spec, onProgress, signal } = options;
  const bytes = await readSource(spec.source.ref, spec.source.hash);
  if (createHash('sha256').update(bytes).digest('hex') !== spec.source.hash) {
    throw new PermanentJobError(`The source image ${spec.source.ref} changed after this stimulus was requested; request it again.`);
  }
  onProgress(0.02, 'preparing the face');
  const model = await loadModel(spec.model);
  const prepared = await getPreparedFace({ bytes, hash: spec.source.hash, faceIndex: spec.faceIndex, size: model.inputSize }).catch(permanentIfFacePrep);
  const face = prepared.face;
  try {
    const prediction = predictFace(model, face);
    const base = {
      spec, model: { id: model.id, weightsHash: model.weightsHash }, prediction, backend: backendInfo().name,
      // `preparation`: how the face was aligned (its version is also part of the stimulus id).
      face: { box: prepared.box, angleDeg: prepared.angleDeg, faceIndex: prepared.faceIndex, faceCount: prepared.faceCount, preparation: FACE_PREPARATION_VERSION, outsideFill: OUTSIDE_FILL },
    };
    if (spec.method === 'face') {
      const display = await getPreparedFace({ bytes, hash: spec.source.hash, faceIndex: spec.faceIndex, size: [spec.render.size, spec.render.size] }).catch(permanentIfFacePrep);
      const [h, w] = display.face.shape;
      const pixels = display.face.dataSync();
      display.face.dispose();
      const png = await toPng(toRgbBytes(pixels, w, h), spec.render.size);
      onProgress(1, 'done');
      return { png, prediction, provenance: { ...base, method: 'face', versions: backendInfo().versions } };
    }
    const target = targetFor(model, spec, prediction);
    const isVisualization = spec.method.startsWith('visualization');
    // Feature visualisation depends on the model and class, not on the face: compute it once per class
    // and reuse it (for age, once per predicted decade).
    // Age's target objective is pinned to the centre of this face's predicted decade: participants read
    // "in their 40s", so the image shows what the model reads as that age group (and a year near a
    // decade's edge cannot push the image into the next one). A channel, neuron or layer objective does
    // not depend on the face and is left as the researcher wrote it.
    const objectiveType = (spec.params as { objective?: { type?: unknown } }).objective?.type;
    const params = isVisualization && !model.labels && (objectiveType === undefined || objectiveType === 'target') ? { ...spec.params, objective: { type: 'target', value: ageGroupCentre(prediction.value ?? 0) } } : spec.params;
    const classKey = isVisualization
      ? createHash('sha256').update(canonicalJson({ model: model.id, weightsHash: model.weightsHash, method: spec.method, params, seed: spec.seed, target, render: spec.render })).digest('hex')
      : null;
    if (classKey) {
      const cache = classCacheFile(classKey);
      const cached = await readClassCache(cache);
      if (cached) {
        onProgress(1, 'reused the visualisation of this class');
        return { png: cached.png, prediction, quality: cached.quality, provenance: { ...base, explanation: cached.explanation, reusedFrom: classKey, sharedAcross: 'every face with the same model, class and parameters' } };
      }
    }
    const result = await explain(
      { model, image: face, target, method: spec.method, params, seed: spec.seed },
      { onProgress: (f, m) => onProgress(0.05 + 0.9 * f, m), signal },
    );
    onProgress(0.96, 'measuring quality');
    const { png, quality, display } = await renderAndAssess({ model, face: Float32Array.from(face.dataSync()), result, render: spec.render, seed: spec.seed });
    const explanation = { ...result.provenance, kind: result.kind, shape: result.shape, ...(Object.keys(display).length ? { display } : {}) };
    if (classKey) await writeClassCache(classCacheFile(classKey), { png, explanation, quality });
    onProgress(1, 'done');
    return {
      png, prediction, quality,
      provenance: { ...base, explanation, ...(classKey ? { classKey, sharedAcross: 'every face with the same model, class and parameters' } : {}) },
    };
  } finally {
    face.dispose();
  }
}
