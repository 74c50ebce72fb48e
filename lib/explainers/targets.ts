// Target resolution and the scalar F(x) every method explains (EXPLAINERS.md §0.2).
// The target is resolved once on the clean input and then held fixed for every perturbed or
// interpolated evaluation, so a method never silently switches class mid-explanation.
import * as tf from '@tensorflow/tfjs';
import type { ModelAdapter, ResolvedTarget, TargetSpec } from './types';

/** Gradient and CAM methods explain the logit; perturbation methods may explain the probability. */
export type ScorePreference = 'logit' | 'probability';

/** A single sigmoid logit read as two classes: index 1 ↔ s, index 0 ↔ −s (§0.2 "Gender"). */
function isBinarySigmoid(model: ModelAdapter, width: number): boolean {
  return model.outputKind === 'sigmoid' && width === 1 && model.labels?.length === 2;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

/**
 * Resolve a TargetSpec on the clean model-space input `x` (batch 1).
 * `prefer` is only honoured for classifiers; regression targets are always the raw value.
 */
export function resolveTarget(
  model: ModelAdapter,
  x: tf.Tensor4D,
  spec: TargetSpec,
  prefer: ScorePreference,
): ResolvedTarget {
  if (x.shape[0] !== 1) throw new Error(`resolveTarget expects one clean input, got batch ${x.shape[0]}`);
  const out = tf.tidy(() => model.predict(x));
  const width = out.shape[1];
  const row = out.dataSync();
  out.dispose();

  if (model.outputKind === 'regression') {
    if (spec.kind === 'class') throw new Error(`Model '${model.id}' is a regression model; use a 'predicted' or 'regression' target`);
    const sign = spec.kind === 'regression' ? spec.sign : 1;
    return { kind: 'regression', index: 0, label: model.labels?.[0] ?? model.id, sign, score: 'value' };
  }
  if (spec.kind === 'regression') throw new Error(`Model '${model.id}' is a classifier; use a 'predicted' or 'class' target`);

  const binary = isBinarySigmoid(model, width);
  const classCount = binary ? 2 : width;
  let index: number;
  if (spec.kind === 'class') {
    if (!Number.isInteger(spec.index) || spec.index < 0 || spec.index >= classCount) {
      throw new Error(`Class index ${spec.index} out of range for '${model.id}' (${classCount} classes)`);
    }
    index = spec.index;
  } else {
    index = binary ? ((row[0] ?? 0) > 0 ? 1 : 0) : argmax(row);
  }
  const sign: 1 | -1 = binary && index === 0 ? -1 : 1;
  const score = prefer === 'logit' && isTwoWaySoftmax(model, width) ? 'log-odds' : prefer;
  return { kind: 'class', index, label: model.labels?.[index] ?? `class ${index}`, sign, score };
}

/**
 * A two-way softmax is a sigmoid on s = z_1 − z_0: adding a constant to both logits changes no
 * prediction, so z_c alone is not evidence for class c against the other. Its logit score is the
 * log-odds z_c − z_other (= F_male = s, F_female = −s of the single-sigmoid rule in EXPLAINERS.md
 * §0.2), which also makes the maps of the two classes exact negatives (property C4). Measured on
 * the gender model: Grad-CAM on z_c alone deleted worse than random order (ratio 1.8–2.6).
 */
function isTwoWaySoftmax(model: ModelAdapter, width: number | undefined): boolean {
  return model.outputKind === 'softmax' && width === 2;
}

/**
 * F per batch element from raw outputs [batch, k]. The logit is picked with a one-hot product rather
 * than gather: gather's gradient needs UnsortedSegmentSum, which the wasm backend does not register.
 */
export function selectScore(outputs: tf.Tensor2D, model: ModelAdapter, target: ResolvedTarget): tf.Tensor1D {
  return tf.tidy(() => {
    const width = outputs.shape[1];
    if (target.kind === 'regression') {
      return pickColumn(outputs, 0, width).mul(target.sign) as tf.Tensor1D;
    }
    if (isBinarySigmoid(model, width)) {
      // F_male = s, F_female = −s; probabilities σ(±s) = σ(s), 1 − σ(s).
      const signed = pickColumn(outputs, 0, width).mul(target.sign) as tf.Tensor1D;
      return target.score === 'probability' ? tf.sigmoid(signed) : signed;
    }
    if (target.score === 'log-odds') {
      const other = target.index === 0 ? 1 : 0;
      return tf.sub(pickColumn(outputs, target.index, width), pickColumn(outputs, other, width)) as tf.Tensor1D;
    }
    if (target.score === 'probability') {
      const probs = model.outputKind === 'softmax' ? tf.softmax(outputs) : tf.sigmoid(outputs);
      return pickColumn(probs as tf.Tensor2D, target.index, width);
    }
    return pickColumn(outputs, target.index, width);
  });
}

function pickColumn(values: tf.Tensor2D, index: number, width: number): tf.Tensor1D {
  if (index < 0 || index >= width) throw new Error(`Output column ${index} out of range (width ${width})`);
  const oneHot = new Float32Array(width);
  oneHot[index] = 1;
  return tf.sum(tf.mul(values, tf.tensor1d(oneHot)), 1) as tf.Tensor1D;
}

/** F(x) for a batch of model-space inputs: one scalar per example. */
export function makeScoreFn(model: ModelAdapter, target: ResolvedTarget): (x: tf.Tensor4D) => tf.Tensor1D {
  return (x) => tf.tidy(() => selectScore(model.predict(x), model, target));
}
