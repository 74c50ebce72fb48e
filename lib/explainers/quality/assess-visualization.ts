// Quality of a feature visualisation (EXPLAINERS.md §7 "Correct output", issue #10): does the model read
// the image as its target (class probability and argmax; for age, the predicted age inside the target
// decade; for a unit, its activation relative to the most any natural face reaches), and does the image
// have structure at all (not flat, not saturated)? Distinctness from the other targets' visualisations is
// a set-level measure (assess-distinctness.ts).
import * as tf from '@tensorflow/tfjs';
import { ageDecadeLabel } from '../models/face-api-nets';
import type { ModelAdapter, ResolvedTarget } from '../types';
import { measureImageStructure } from './image-structure';
import { buildReport, type QualityMeasure, type QualityReport } from './quality-report';
import { QUALITY_THRESHOLDS } from './quality-thresholds';
import { labelOf, readPrediction } from './read-prediction';

const T = QUALITY_THRESHOLDS.visualization;

/** What the visualisation was optimised for, as recorded by the method. */
export type VisualizationGoal =
  | { kind: 'class'; index: number; label: string }
  | { kind: 'age'; years: number }
  | { kind: 'unit'; layer: string; channel: number; description: string };

export interface VisualizationInput {
  model: ModelAdapter;
  /** The visualisation at model input size, HWC in [0,1]. */
  image: ArrayLike<number>;
  goal: VisualizationGoal;
  /**
   * For unit goals: the unit's largest mean activation over natural faces (the face library), or null
   * when no reference faces are available (the measure is then reported without a verdict).
   */
  unitReference?: number | null;
}

/** Mean activation of one channel of a layer on a batch of [0,1] images (channel-last activations). */
export function unitActivations(model: ModelAdapter, images: readonly ArrayLike<number>[], layer: string, channel: number): number[] {
  const [h, w] = model.inputSize;
  return tf.tidy(() => {
    const flat = new Float32Array(images.length * h * w * 3);
    images.forEach((img, i) => flat.set(Float32Array.from(img), i * h * w * 3));
    const a = model.activations(model.preprocess(tf.tensor4d(flat, [images.length, h, w, 3])), layer);
    const last = a.rank - 1;
    const begin = a.shape.map((_, i) => (i === last ? channel : 0));
    const size = a.shape.map((_, i) => (i === last ? 1 : -1));
    const axes = a.shape.map((_, i) => i).slice(1);
    return Array.from(tf.mean(tf.slice(a, begin, size), axes).dataSync());
  });
}

/** The goal a method's provenance records: its resolved target and objective. */
export function goalFromProvenance(target: ResolvedTarget, objective: { type?: string; layer?: string; channel?: number; index?: number } | undefined, regressionTarget: number | undefined, model: ModelAdapter): VisualizationGoal {
  if ((objective?.type === 'channel' || objective?.type === 'neuron') && objective.layer !== undefined && objective.channel !== undefined) {
    return { kind: 'unit', layer: objective.layer, channel: objective.channel, description: `${objective.layer} channel ${objective.channel}` };
  }
  if (target.kind === 'regression') return { kind: 'age', years: regressionTarget ?? NaN };
  const index = objective?.type === 'class' && objective.index !== undefined ? objective.index : target.index;
  return { kind: 'class', index, label: model.labels?.[index] ?? String(index) };
}

export function goalKey(goal: VisualizationGoal): string {
  if (goal.kind === 'class') return `class ${goal.label}`;
  if (goal.kind === 'age') return `age ${ageDecadeLabel(goal.years)}`;
  return goal.description;
}

export function assessVisualization(input: VisualizationInput): QualityReport {
  const started = Date.now();
  const { model, goal } = input;
  const measures: QualityMeasure[] = [];
  if (goal.kind === 'class') {
    const reading = readPrediction(model, input.image);
    const p = reading.probabilities[goal.index] ?? 0;
    measures.push({
      id: 'targetProbability', label: `Model's probability of ${goal.label}`, value: p,
      threshold: `≥ ${T.minTargetProbability}`, pass: p >= T.minTargetProbability,
    });
    const assigned = reading.classIndex === goal.index;
    measures.push({
      id: 'assignedToTarget', label: 'Model assigns the image to its own target', value: assigned, threshold: 'yes', pass: assigned,
      detail: `model reads it as ${labelOf(model, reading)}`,
    });
  } else if (goal.kind === 'age') {
    const reading = readPrediction(model, input.image);
    const age = reading.value ?? NaN;
    const inside = Number.isFinite(age) && Number.isFinite(goal.years) && ageDecadeLabel(age) === ageDecadeLabel(goal.years);
    measures.push({
      id: 'targetAge', label: `Model's age estimate (target ${ageDecadeLabel(goal.years)})`, value: age,
      threshold: `inside the ${ageDecadeLabel(goal.years)}`, pass: inside,
    });
  } else {
    const [activation] = unitActivations(model, [input.image], goal.layer, goal.channel);
    const reference = input.unitReference ?? null;
    const ratio = reference !== null && reference > 0 ? (activation ?? 0) / reference : null;
    measures.push({
      id: 'relativeActivation', label: `Unit activation ÷ its maximum over natural faces`, value: ratio,
      threshold: `≥ ${T.minRelativeActivation}`, pass: ratio !== null && ratio >= T.minRelativeActivation,
      detail: reference === null
        ? 'no natural faces were available for the reference'
        : `activation ${(activation ?? 0).toFixed(3)}, natural-face maximum ${reference.toFixed(3)}`,
    });
  }
  const structure = measureImageStructure(input.image);
  measures.push({
    id: 'pixelStd', label: 'Pixel standard deviation (0–1 scale)', value: structure.pixelStd,
    threshold: `≥ ${T.minPixelStd}`, pass: structure.pixelStd >= T.minPixelStd,
  });
  measures.push({
    id: 'saturatedShare', label: 'Share of saturated pixels', value: structure.saturatedShare,
    threshold: `≤ ${T.maxSaturatedShare}`, pass: structure.saturatedShare <= T.maxSaturatedShare,
  });
  return buildReport('visualization', measures, Date.now() - started);
}
