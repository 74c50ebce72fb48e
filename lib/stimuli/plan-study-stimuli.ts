import 'server-only';
// Which stimuli a study needs: for each image-choice item with `explain`, its aligned face (it carries
// the prediction) and one generated image per generated option; for intruder and coherency items with
// `explain`, one per generated option or gallery image. Keys are "<itemId>/<option or image value>" or
// "<itemId>/context".
import { allItems, type Study } from '@/lib/studies/study-schema';
import { buildSpec, type BuiltSpec, type StimulusRequest } from '@/lib/stimuli/request-stimulus';
import { stimulusId } from '@/lib/stimuli/stimulus-spec';
import { AppError, isAppError } from '@/lib/errors';

export interface PlannedStimulus {
  key: string;
  request: StimulusRequest;
}

export function planStudyStimuli(study: Study): PlannedStimulus[] {
  const planned: PlannedStimulus[] = [];
  for (const item of allItems(study)) {
    if ((item.type !== 'image-choice' && item.type !== 'intruder' && item.type !== 'coherency') || !item.explain) continue;
    const base = { ref: item.explain.image, model: item.explain.model, target: item.explain.target, faceIndex: item.explain.faceIndex };
    // The face is always generated for image-choice: it carries the prediction {prediction} shows.
    if (item.type === 'image-choice') planned.push({ key: `${item.id}/context`, request: { ...base, method: 'face' } });
    for (const o of item.type === 'coherency' ? item.images : item.options) {
      if (!o.generate) continue;
      planned.push({ key: `${item.id}/${o.value}`, request: { ...base, method: o.generate.method, params: o.generate.params, seed: o.generate.seed } });
    }
  }
  return planned;
}

/** Validates every planned request (model, target, method, params, image) before anything is stored. */
export async function buildStudySpecs(study: Study, label: string): Promise<{ key: string; built: BuiltSpec }[]> {
  // One at a time, in plan order: the first invalid request is the one reported, as before.
  const out: { key: string; built: BuiltSpec }[] = [];
  for (const p of planStudyStimuli(study)) {
    try {
      out.push({ key: p.key, built: await buildSpec(p.request) });
    } catch (e) {
      if (isAppError(e)) throw new AppError(e.code, `${label}: item "${p.key.split('/')[0]}": ${e.message}`);
      throw e;
    }
  }
  return out;
}

/**
 * The stimulus ids a study would use, without enqueueing anything: a draft's images exist only if the
 * preview (or an earlier publish) requested exactly these specs, so they are found by content address.
 */
export async function plannedStimulusMap(study: Study, label: string): Promise<Record<string, string>> {
  return Object.fromEntries((await buildStudySpecs(study, label)).map((s) => [s.key, stimulusId(s.built.spec, s.built.weightsHash)]));
}
