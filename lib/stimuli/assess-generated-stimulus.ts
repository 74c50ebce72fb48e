// The worker's quality step: right after an explanation is computed, measure the image participants will
// see (lib/explainers/quality) and return the report stored with the stimulus. The face mask for saliency
// maps comes from the landmarks of the aligned face; the unit reference from the face library.
import { z } from 'zod';
import { createModelScorer } from '@/lib/explainers/metrics/model-scorer';
import { assessInversion } from '@/lib/explainers/quality/assess-inversion';
import { assessSaliency } from '@/lib/explainers/quality/assess-saliency';
import { assessVisualization, goalFromProvenance } from '@/lib/explainers/quality/assess-visualization';
import { detectFaceInImage } from '@/lib/explainers/quality/detect-face-in-image';
import { faceRegionPolygon, rasterizePolygon } from '@/lib/explainers/quality/face-mask';
import type { QualityReport } from '@/lib/explainers/quality/quality-report';
import type { ExplanationResult, ModelAdapter } from '@/lib/explainers/types';
import { unitReferenceMax } from '@/lib/stimuli/natural-face-reference';

export interface AssessOptions {
  model: ModelAdapter;
  /** The aligned face at model input size, HWC in [0,1]. */
  face: Float32Array;
  result: ExplanationResult;
  /** The image as displayed (the inversion after its contrast stretch), HWC in [0,1] at model size. */
  displayed: Float32Array;
  seed: number;
}

/** The face region of an aligned face as a 0/1 mask at its own size, or null if no face is found. */
export async function alignedFaceMask(face: Float32Array, width: number, height: number): Promise<Uint8Array | null> {
  const found = await detectFaceInImage(face, width, height);
  return found.landmarks ? rasterizePolygon(faceRegionPolygon(found.landmarks), width, height) : null;
}

/** The objective fields a visualisation's provenance records (vis-objectives.ts); other params are ignored. */
const recordedObjectiveSchema = z.object({
  objective: z.object({ type: z.string(), layer: z.string().optional(), channel: z.number().optional(), index: z.number().optional() }).optional(),
});

export async function assessGeneratedStimulus(options: AssessOptions): Promise<QualityReport> {
  const { model, result } = options;
  const [h, w] = model.inputSize;
  const provenance = result.provenance;
  if (result.kind === 'saliency') {
    const score = createModelScorer(model, provenance.target);
    const report = await assessSaliency({
      image: options.face,
      shape: [h, w],
      map: result.data,
      mapChannels: result.shape[2],
      score,
      faceMask: await alignedFaceMask(options.face, w, h),
      seed: options.seed,
    });
    // The deletion/insertion curves ran on the forward-only runtime: record which one with the report.
    return score.runtime ? { ...report, forwardRuntime: score.runtime } : report;
  }
  if (result.kind === 'inversion') {
    const error = provenance.notes?.normalizedReconstructionError;
    return assessInversion({ model, original: options.face, inversion: options.displayed, featureError: typeof error === 'number' ? error : NaN });
  }
  const regressionTarget = provenance.notes?.regressionTarget;
  const goal = goalFromProvenance(provenance.target, recordedObjectiveSchema.safeParse(provenance.params).data?.objective, typeof regressionTarget === 'number' ? regressionTarget : undefined, model);
  const unitReference = goal.kind === 'unit' ? await unitReferenceMax(model, goal.layer, goal.channel) : undefined;
  return assessVisualization({ model, image: options.displayed, goal, ...(unitReference !== undefined ? { unitReference } : {}) });
}
