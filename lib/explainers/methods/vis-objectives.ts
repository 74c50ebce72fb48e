// Objectives for activation maximisation (EXPLAINERS.md §7.1, Lucid/Lucent objectives.py). Every
// objective is returned as a value to MAXIMISE; the optimiser minimises its negative (sign pitfall, §7).
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { selectScore } from '../targets';
import type { ModelAdapter, ResolvedTarget } from '../types';

export const visObjectiveSchema = z.discriminatedUnion('type', [
  /** The request's resolved target: its class logit, or for regression −(ŷ − t)² with t = value or the face's prediction. */
  z.object({ type: z.literal('target'), value: z.number().optional() }),
  z.object({ type: z.literal('class'), index: z.number().int().min(0) }),
  z.object({ type: z.literal('channel'), layer: z.string(), channel: z.number().int().min(0) }),
  z.object({
    type: z.literal('neuron'),
    layer: z.string(),
    channel: z.number().int().min(0),
    x: z.number().int().min(0).optional(),
    y: z.number().int().min(0).optional(),
  }),
  /** DeepDream: mean(A²) over the layer. */
  z.object({ type: z.literal('layer'), layer: z.string() }),
]);
export type VisObjective = z.infer<typeof visObjectiveSchema>;

export interface BuiltObjective {
  /** Model-input batch → scalar to maximise. */
  evaluate: (modelInput: tf.Tensor4D) => tf.Scalar;
  /** Human-readable definition for provenance. */
  description: string;
  /** The regression target value actually used (only for regression targets). */
  regressionTarget?: number;
  /** What the result depends on besides the model (provenance; caching per model and class). */
  dependsOn: string;
  /** Releases tensors the objective keeps between steps (called once the optimisation ends). */
  dispose?: () => void;
}

function requireLayer(model: ModelAdapter, layer: string): void {
  if (!model.layers.includes(layer)) throw new Error(`Unknown layer '${layer}' for model '${model.id}'`);
}

/** One channel of the last axis by slice: gather's gradient needs UnsortedSegmentSum (absent on wasm). */
function sliceChannel(a: tf.Tensor, channel: number): tf.Tensor {
  const last = a.rank - 1;
  if (channel >= (a.shape[last] ?? 0)) throw new Error(`Channel ${channel} out of range (${a.shape[last]} channels)`);
  const begin = a.shape.map((_, i) => (i === last ? channel : 0));
  const size = a.shape.map((_, i) => (i === last ? 1 : -1));
  return tf.slice(a, begin, size);
}

/**
 * `predictedValue` is the model's output on the request's face; it is the default regression target
 * (ARCHITECTURE.md: "an image optimised so the age output reaches the predicted age"). `resolveClass`
 * turns an explicit class index into a ResolvedTarget (so a binary sigmoid's index 0 reads −s).
 */
export function buildObjective(
  objective: VisObjective,
  model: ModelAdapter,
  target: ResolvedTarget,
  predictedValue: () => number,
  resolveClass: (index: number) => ResolvedTarget,
  regression?: RegressionEvidence,
): BuiltObjective {
  switch (objective.type) {
    case 'target': {
      if (target.kind === 'regression' && regression && regression.evidenceWeight > 0) {
        return regressionEvidenceObjective(model, objective.value ?? predictedValue(), regression, objective.value === undefined);
      }
      if (target.kind === 'regression') {
        const t = objective.value ?? predictedValue();
        return {
          evaluate: (x) => {
            const value = selectScore(model.predict(x), model, { ...target, sign: 1 });
            return tf.neg(tf.mean(tf.square(tf.sub(value, t)))) as tf.Scalar;
          },
          description: `−(ŷ − ${t})² (squared error towards the target value)`,
          regressionTarget: t,
          dependsOn:
            objective.value === undefined
              ? 'the model and the target value (the predicted value on the request face), not the face pixels'
              : 'the model and the given target value, not the face',
        };
      }
      return classObjective(model, { ...target, score: 'logit' });
    }
    case 'class':
      return classObjective(model, resolveClass(objective.index));
    case 'channel':
      requireLayer(model, objective.layer);
      return {
        evaluate: (x) => {
          const a = model.split(objective.layer).trunk(x);
          return tf.mean(sliceChannel(a, objective.channel)) as tf.Scalar;
        },
        description: `mean of channel ${objective.channel} of ${objective.layer}`,
        dependsOn: 'the model and channel only, not the face',
      };
    case 'neuron':
      requireLayer(model, objective.layer);
      return {
        evaluate: (x) => {
          const a = model.split(objective.layer).trunk(x);
          if (a.rank !== 4) throw new Error(`Neuron objective needs a spatial layer; ${objective.layer} has rank ${a.rank}`);
          const [, h, w] = a.shape as number[];
          // Lucent _extract_act_pos: centre = (W//2, H//2), the lower-right of the central 2×2 when even.
          const yy = objective.y ?? Math.floor((h ?? 1) / 2);
          const xx = objective.x ?? Math.floor((w ?? 1) / 2);
          return tf.sum(a.slice([0, yy, xx, objective.channel], [-1, 1, 1, 1])) as tf.Scalar;
        },
        description: `activation of ${objective.layer}[y, x, ${objective.channel}] at the centre unless given`,
        dependsOn: 'the model and neuron only, not the face',
      };
    case 'layer':
      requireLayer(model, objective.layer);
      return {
        evaluate: (x) => tf.mean(tf.square(model.split(objective.layer).trunk(x))) as tf.Scalar,
        description: `DeepDream mean(A²) of ${objective.layer}`,
        dependsOn: 'the model and layer only, not the face',
      };
  }
}

/**
 * A regression target with evidence (visualisation of an age group): the squared error towards t, in units
 * of `sigma`, plus `evidenceWeight` × E, where E = Σ_k (w_k h_k)² / Σ_k w_k² is the energy of the head's
 * input features h weighted by the head's weights w (the gradient of the output with respect to h at a
 * grey image; exact for the face-api age head, which is linear). The squared error alone stops pulling
 * once the estimate reaches t, so images of neighbouring age groups stayed near the same faint start
 * (SSIM 0.52–0.65 between decades, measured 2026-12-01); the evidence term asks for strong age features
 * that still add up to t, which differ per target.
 */
export interface RegressionEvidence {
  evidenceWeight: number;
  sigma: number;
}

function regressionEvidenceObjective(model: ModelAdapter, t: number, options: RegressionEvidence, fromPrediction: boolean): BuiltObjective {
  const headLayer = model.layers[model.layers.length - 1];
  if (headLayer === undefined) throw new Error(`Model '${model.id}' exposes no layers`);
  const { trunk, head } = model.split(headLayer);
  const [h, w] = model.inputSize;
  // Built lazily inside the first evaluate (which runs in the optimiser's tidy), then kept.
  let weights: tf.Tensor | null = null;
  let weightNorm2 = 1;
  const headWeights = (): tf.Tensor => {
    if (!weights) {
      weights = tf.keep(tf.tidy(() => {
        const grey = trunk(model.preprocess(tf.fill([1, h, w, 3], 0.5) as tf.Tensor4D));
        return tf.grad((features: tf.Tensor) => tf.sum(head(features)))(grey);
      }));
      weightNorm2 = Math.max(tf.tidy(() => tf.sum(tf.square(weights as tf.Tensor)).dataSync()[0] ?? 0), 1e-12);
    }
    return weights;
  };
  return {
    evaluate: (x) => {
      const features = trunk(x);
      const value = head(features);
      const error = tf.mean(tf.square(tf.div(tf.sub(value, t), options.sigma)));
      const energy = tf.div(tf.sum(tf.square(tf.mul(features, headWeights()))), weightNorm2 * (x.shape[0] ?? 1));
      return tf.add(tf.neg(error), tf.mul(options.evidenceWeight, energy)) as tf.Scalar;
    },
    description: `−((ŷ − ${t}) / ${options.sigma})² + ${options.evidenceWeight} · Σ(w⊙h)²/Σw² at ${headLayer} (age-group evidence)`,
    regressionTarget: t,
    dependsOn: fromPrediction
      ? 'the model and the target value (the predicted value on the request face), not the face pixels'
      : 'the model and the given target value, not the face',
    dispose: () => {
      weights?.dispose();
      weights = null;
    },
  };
}

/** Σ_b of the class's pre-softmax logit (Lucid class_logit), via targets.ts so sigmoid signs agree. */
function classObjective(model: ModelAdapter, target: ResolvedTarget): BuiltObjective {
  return {
    evaluate: (x) => tf.sum(selectScore(model.predict(x), model, target)) as tf.Scalar,
    description: `${target.sign === -1 ? '−' : ''}logit of class ${target.index} (${target.label}), pre-softmax`,
    dependsOn: 'the model and class only, not the face (compute once per model and class)',
  };
}
