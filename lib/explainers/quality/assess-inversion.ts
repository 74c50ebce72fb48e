// Quality of a feature inversion (EXPLAINERS.md §6 "Correct output"): does it reproduce the layer's
// features, does a face detector find a face in it, does the model read it as it read the face, and does
// it keep the face's structure? A low feature error alone is not enough (the 7×7 layer's colour cloud).
import { ssim } from '../metrics/ssim';
import type { ModelAdapter } from '../types';
import { detectFaceInImage } from './detect-face-in-image';
import { buildReport, type QualityMeasure, type QualityReport } from './quality-report';
import { QUALITY_THRESHOLDS } from './quality-thresholds';
import { labelOf, readPrediction } from './read-prediction';

const T = QUALITY_THRESHOLDS.inversion;

export interface InversionInput {
  model: ModelAdapter;
  /** The aligned face at model input size, HWC in [0,1]. */
  original: ArrayLike<number>;
  /** The inversion at model input size, HWC in [0,1]. */
  inversion: ArrayLike<number>;
  /** ‖Φ(x*) − Φ0‖² / ‖Φ0‖², as the method computed it. */
  featureError: number;
}

export async function assessInversion(input: InversionInput): Promise<QualityReport> {
  const started = Date.now();
  const { model } = input;
  const [h, w] = model.inputSize;
  const measures: QualityMeasure[] = [];
  measures.push({
    id: 'featureError', label: 'Feature reconstruction error (normalised)', value: input.featureError,
    threshold: `≤ ${T.maxFeatureError}`, pass: Number.isFinite(input.featureError) && input.featureError <= T.maxFeatureError,
  });
  const face = await detectFaceInImage(input.inversion, w, h, { luminance: true, detectors: ['ssd', 'tiny'] });
  measures.push({
    id: 'faceDetected', label: 'Face detector finds a face (best score of two detectors)', value: face.score,
    threshold: `≥ ${T.minFaceScore}`, pass: face.score >= T.minFaceScore,
    detail: `SSD MobileNet ${(face.scores.ssd ?? 0).toFixed(2)}, Tiny Face Detector ${(face.scores.tiny ?? 0).toFixed(2)}`,
  });
  const before = readPrediction(model, input.original);
  const after = readPrediction(model, input.inversion);
  if (before.value !== null && after.value !== null) {
    const diff = Math.abs(after.value - before.value);
    measures.push({
      id: 'predictionPreserved', label: 'Age difference, inversion vs face (years)', value: diff,
      threshold: `≤ ${T.maxAgeDifference}`, pass: diff <= T.maxAgeDifference,
      detail: `face ${labelOf(model, before)}, inversion ${labelOf(model, after)}`,
    });
  } else {
    const same = before.classIndex === after.classIndex;
    measures.push({
      id: 'predictionPreserved', label: 'Model predicts the same class on the inversion', value: same,
      threshold: 'yes', pass: same, detail: `face ${labelOf(model, before)}, inversion ${labelOf(model, after)}`,
    });
  }
  const similarity = ssim(input.original, input.inversion, [h, w, 3], { dataRange: 1 });
  measures.push({
    id: 'ssim', label: 'Structural similarity to the face (SSIM)', value: similarity,
    threshold: `≥ ${T.minSsim}`, pass: similarity >= T.minSsim,
  });
  return buildReport('inversion', measures, Date.now() - started);
}
