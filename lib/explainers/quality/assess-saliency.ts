// Quality of a saliency map (EXPLAINERS.md §8.1, deletion towards a blurred copy rather than the mean
// colour: see below): is it more faithful than a random pixel order (deletion AUC lower, insertion AUC
// higher than the mean over random orders), and does its mass fall on the face rather than the background? Faithfulness uses the raw signed map (most supporting pixels
// first), never the display-normalised one.
import { deletionCurve, gaussianBlur, insertionCurve, type ImageScorer } from '../metrics/deletion-insertion';
import { createRng } from '../methods/method-runtime';
import { attributionMassOnFace } from './face-mask';
import { buildReport, type QualityMeasure, type QualityReport } from './quality-report';
import { QUALITY_THRESHOLDS } from './quality-thresholds';

const T = QUALITY_THRESHOLDS.saliency;
/** The deletion substrate's blur (see assessSaliency): removes features at the scale of eyes and mouth. */
export const DELETION_BLUR = { klen: 31, sigma: 10 } as const;

export interface SaliencyInput {
  /** The aligned face at model input size, HWC in [0,1]. */
  image: Float32Array;
  shape: readonly [number, number];
  /** Raw map H×W×C as the method returned it (signed); channels are summed per pixel. */
  map: ArrayLike<number>;
  mapChannels: number;
  /** The explained score (probability of the explained class, or the regression value) of a batch. */
  score: ImageScorer;
  /** Face region mask H×W (1 = face), or null when no face was found on the aligned image. */
  faceMask: ArrayLike<number> | null;
  /** Random orders averaged for the baseline (their AUCs agree within ~1 %, so two suffice). */
  randomOrders?: number;
  seed?: number;
}

/** Per-pixel attribution: the sum over channels, so signs survive (occlusion's channels are equal). */
export function pixelAttribution(map: ArrayLike<number>, pixels: number, channels: number): Float32Array {
  const out = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += map[p * channels + c] ?? 0;
    out[p] = s;
  }
  return out;
}

function randomSaliency(n: number, rng: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng();
  return out;
}

export async function assessSaliency(input: SaliencyInput): Promise<QualityReport> {
  const started = Date.now();
  const [h, w] = input.shape;
  const hw = h * w;
  const attribution = pixelAttribution(input.map, hw, input.mapChannels);
  // 224 pixels per step as RISE's evaluation.py does (two rows at 112 px: 57 scores per curve instead of
  // 113, half the forward passes for a curve that is smooth at this scale; the worker measures every map
  // and six curves cost ~15 s at one row per step on the age model). Insertion starts from a blur of
  // klen 7 σ 2.5 ([rec] at 112).
  //
  // Deletion substrate: a heavily blurred copy of the face (σ 10, klen 31), not EXPLAINERS.md §8.1's mean
  // colour. §8.1 assumes the mean colour carries no class evidence; measured, it does on these nets: the
  // gender net reads any uniform image as male (p = 0.999) and the expression net reads grey as neutral
  // (0.77), so deleting towards it adds evidence for one class, and maps of faces of that class cannot
  // beat random order whatever they show (expression occlusion ratios of 7.7 and 5.1 on two faces). The
  // blurred copy removes the detail a map points at without adding a colour the model reads as a class
  // (the perturbation of Fong & Vedaldi 2017; RISE's own insertion start). README "Stimulus quality".
  const step = Math.max(1, Math.min(224, Math.round(hw / 56)));
  const substrate = gaussianBlur(input.image, [h, w, 3], DELETION_BLUR.klen, DELETION_BLUR.sigma);
  const blurred = gaussianBlur(input.image, [h, w, 3], 7, 2.5);
  const common = { channels: 3, step, score: input.score, batchSize: 32 };
  const del = await deletionCurve({ ...common, image: input.image, substrate, saliency: attribution });
  const ins = await insertionCurve({ ...common, image: input.image, blurred, saliency: attribution });
  const orders = input.randomOrders ?? 2;
  const rng = createRng(input.seed ?? 0, 'quality-random-order');
  let delRandom = 0;
  let insRandom = 0;
  for (let k = 0; k < orders; k++) {
    const random = randomSaliency(hw, rng);
    delRandom += (await deletionCurve({ ...common, image: input.image, substrate, saliency: random })).auc / orders;
    insRandom += (await insertionCurve({ ...common, image: input.image, blurred, saliency: random })).auc / orders;
  }
  // Ratios need a positive baseline; regression scores (years) and probabilities both are.
  const delRatio = delRandom > 0 ? del.auc / delRandom : NaN;
  const insRatio = insRandom > 0 ? ins.auc / insRandom : NaN;
  const measures: QualityMeasure[] = [
    {
      id: 'deletionRatio', label: 'Deletion AUC ÷ random-order AUC', value: delRatio, threshold: `< ${T.maxDeletionRatio}`,
      pass: Number.isFinite(delRatio) && delRatio < T.maxDeletionRatio,
      detail: `deletion AUC ${del.auc.toFixed(3)}, random order ${delRandom.toFixed(3)} (mean of ${orders}); pixels deleted towards a blurred copy (σ ${DELETION_BLUR.sigma})`,
    },
    {
      id: 'insertionRatio', label: 'Insertion AUC ÷ random-order AUC', value: insRatio, threshold: `≥ ${T.minInsertionRatio}`,
      pass: Number.isFinite(insRatio) && insRatio >= T.minInsertionRatio,
      detail: `insertion AUC ${ins.auc.toFixed(3)}, random order ${insRandom.toFixed(3)} (mean of ${orders})`,
    },
  ];
  if (input.faceMask) {
    const mass = attributionMassOnFace(attribution, input.faceMask);
    measures.push({
      id: 'faceConcentration', label: 'Attribution on the face ÷ face area share', value: mass.concentration,
      threshold: `≥ ${T.minFaceConcentration}`, pass: mass.concentration >= T.minFaceConcentration,
      detail: `${(mass.share * 100).toFixed(0)} % of |attribution| on the face, which covers ${(mass.areaShare * 100).toFixed(0)} % of the image`,
    });
  } else {
    measures.push({
      id: 'faceConcentration', label: 'Attribution on the face ÷ face area share', value: null, threshold: `≥ ${T.minFaceConcentration}`,
      pass: false, detail: 'no face landmarks were found on the aligned face, so the face region is unknown',
    });
  }
  return buildReport('saliency', measures, Date.now() - started);
}
