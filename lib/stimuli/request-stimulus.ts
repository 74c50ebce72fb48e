import 'server-only';
// Asks for a stimulus: validates the request (model, target, method and its params, and that the photo
// has the requested face), computes the content address, and enqueues a job unless that exact
// stimulus exists or is already on its way.
// Idempotent: the same spec requested twice (even concurrently) computes once.
import { isUniqueViolation, withTransaction, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { listModels } from '@/lib/explainers/models/registry';
import { getExplainer } from '@/lib/explainers/registry';
import { builtInWeightsHash } from '@/lib/explainers/models/weights-hash';
import { checkSourceFace } from '@/lib/stimuli/check-source-face';
import { sourceHash } from '@/lib/stimuli/resolve-source';
import { stimulusId, stimulusSpecSchema, type StimulusSpec } from '@/lib/stimuli/stimulus-spec';

export interface StimulusRequest {
  ref: string;
  faceIndex?: number;
  model: string;
  target?: string;
  method: string;
  params?: Record<string, unknown>;
  seed?: number;
  render?: StimulusSpec['render'];
}

/** A validated request: the full spec, the method's image kind and the model's weights hash. */
export interface BuiltSpec { spec: StimulusSpec; kind: string; weightsHash: string }

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** The layer the parameters name (a visualisation objective's or the method's own), if any. */
function layerIn(params: Record<string, unknown>): string | null {
  const objective = params.objective;
  const named = objective !== null && typeof objective === 'object' && 'layer' in objective ? objective.layer : params.layer;
  return typeof named === 'string' ? named : null;
}

/** Validates and normalises a request into a full spec (params with their defaults filled in). */
export async function buildSpec(request: StimulusRequest): Promise<BuiltSpec> {
  const model = listModels().find((m) => m.id === request.model);
  if (!model) throw new AppError('BAD_INPUT', `Unknown model "${request.model}" (known: ${listModels().map((m) => m.id).join(', ')}).`);
  const target = request.target ?? 'predicted';
  if (target !== 'predicted' && !(model.labels ?? []).includes(target)) {
    throw new AppError('BAD_INPUT', `"${target}" is not a class of the ${model.id} model (use "predicted"${model.labels ? ` or one of ${model.labels.join(', ')}` : ''}).`);
  }
  let kind = 'face';
  let params: Record<string, unknown> = {};
  if (request.method !== 'face') {
    let explainer;
    try {
      explainer = getExplainer(request.method);
    } catch (e) {
      throw new AppError('BAD_INPUT', e instanceof Error ? e.message : String(e));
    }
    const parsed = explainer.params.safeParse(request.params ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new AppError('BAD_INPUT', `Invalid ${request.method} parameter ${i?.path.join('.') || ''}: ${i?.message ?? 'invalid'}`);
    }
    params = parsed.data;
    kind = explainer.kind;
    // A layer named in the parameters (visualisation objectives, inversion layers) is checked now,
    // when the model lists its layers, instead of failing later in the worker. A method whose own
    // default is the empty layer (CAM: "the last conv layer") keeps that meaning.
    const layer = layerIn(params);
    const defaults = explainer.params.safeParse({});
    const emptyIsDefault = layer === '' && defaults.success && layerIn(defaults.data) === '';
    if (layer !== null && !emptyIsDefault && model.layers && !model.layers.includes(layer)) {
      throw new AppError('BAD_INPUT', `Invalid ${request.method} parameter: "${layer}" is not a layer of the ${model.id} model (layers: ${model.layers.join(', ')}).`);
    }
  }
  const spec = stimulusSpecSchema.parse({
    source: { ref: request.ref, hash: await sourceHash(request.ref) },
    faceIndex: request.faceIndex ?? 0,
    model: model.id,
    target,
    method: request.method,
    params,
    seed: request.seed ?? 0,
    render: request.render,
  });
  return { spec, kind, weightsHash: builtInWeightsHash(model.id) };
}

/** Creates the stimulus and its job if new; requeues a failed or cancelled one. Runs inside `tx`. */
export async function enqueueSpec(tx: Tx, built: BuiltSpec, options: { studyId?: string; priority?: number } = {}): Promise<{ stimulusId: string; status: JobStatus }> {
  const id = stimulusId(built.spec, built.weightsHash);
  await tx.stimulus.upsert({
    where: { id },
    create: {
      id, spec: JSON.stringify(built.spec), kind: built.kind, modelId: built.spec.model, method: built.spec.method,
      weightsHash: built.weightsHash, sourceRef: built.spec.source.ref, sourceHash: built.spec.source.hash,
    },
    update: {},
  });
  const job = await tx.explanationJob.upsert({
    where: { stimulusId: id },
    create: { stimulusId: id, status: 'queued', priority: options.priority ?? 0 },
    update: {},
  });
  let status = job.status;
  if (status === 'failed' || status === 'cancelled') {
    await tx.explanationJob.update({ where: { id: job.id }, data: { status: 'queued', attempts: 0, error: null, progress: 0, message: null, queuedAt: new Date() } });
    status = 'queued';
  }
  if (options.studyId) {
    await tx.studyStimulus.upsert({ where: { studyId_stimulusId: { studyId: options.studyId, stimulusId: id } }, create: { studyId: options.studyId, stimulusId: id }, update: {} });
  }
  return { stimulusId: id, status: status as JobStatus };
}


export async function requestStimulus(options: { request: StimulusRequest; studyId?: string; priority?: number }) {
  const built = await buildSpec(options.request);
  // Checked against the photo itself, so a face that is not there is a 400 now, not a failed job later.
  await checkSourceFace({ ref: built.spec.source.ref, hash: built.spec.source.hash, faceIndex: built.spec.faceIndex });
  for (let attempt = 0; ; attempt++) {
    try {
      return await withTransaction((tx) => enqueueSpec(tx, built, options));
    } catch (e) {
      // Two identical requests raced to create the same row: the second simply sees the first's.
      if (isUniqueViolation(e) && attempt < 2) continue;
      throw e;
    }
  }
}
