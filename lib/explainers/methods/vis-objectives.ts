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
): BuiltObjective {
  switch (objective.type) {
    case 'target': {
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

/** Σ_b of the class's pre-softmax logit (Lucid class_logit), via targets.ts so sigmoid signs agree. */
function classObjective(model: ModelAdapter, target: ResolvedTarget): BuiltObjective {
  return {
    evaluate: (x) => tf.sum(selectScore(model.predict(x), model, target)) as tf.Scalar,
    description: `${target.sign === -1 ? '−' : ''}logit of class ${target.index} (${target.label}), pre-softmax`,
    dependsOn: 'the model and class only, not the face (compute once per model and class)',
  };
}

/**
 * The random stream of a visualisation's start image. Regression targets get one start per target
 * value: from a shared start the optimiser follows the same path for every age and stops at a
 * different point of it (it stops pulling once ŷ reaches t), so the decades' images were stages of
 * one trajectory and adjacent decades looked alike (SSIM 0.50–0.64). Class objectives pull in
 * different directions and keep the shared start, so a class's image does not depend on the others.
 */
export function startStream(base: string, objective: BuiltObjective): string {
  return objective.regressionTarget === undefined ? base : `${base}:target=${objective.regressionTarget}`;
}
