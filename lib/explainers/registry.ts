// The one registry of explainers and the one entry point the rest of the app calls.
// To add a method, import it and append it to `builtIn` below — or call registerExplainer() from the
// module that defines it.
import type { ExplainContext, ExplanationResult, Explainer, ModelAdapter, TargetSpec } from './types';
import type * as tf from '@tensorflow/tfjs';
import { gradCam } from './methods/grad-cam';
import { gradCamPlusPlus } from './methods/grad-cam-pp';
import { gradient, gradientSource } from './methods/gradient';
import { explainerFromSource } from './methods/gradient-source';
import { integratedGradients } from './methods/integrated-gradients';
import { inversionLucid } from './methods/inversion-lucid';
import { inversionTv } from './methods/inversion-tv';
import { occlusion } from './methods/occlusion';
import { rise } from './methods/rise';
import { smoothGrad } from './methods/smoothgrad';
import { visualizationLucid } from './methods/visualization-lucid';
import { visualizationTv } from './methods/visualization-tv';

// Explainers are stored type-erased; explain() re-establishes the params type by parsing with the
// explainer's own schema, so an explainer never sees params its schema did not produce.
export type AnyExplainer = Explainer<Record<string, unknown>>;

function erase<P extends Record<string, unknown>>(explainer: Explainer<P>): AnyExplainer {
  return explainer as unknown as AnyExplainer;
}

const builtIn: AnyExplainer[] = [
  erase(occlusion),
  erase(gradient),
  erase(explainerFromSource(smoothGrad(gradientSource))),
  erase(integratedGradients),
  erase(gradCam),
  erase(gradCamPlusPlus),
  erase(rise),
  erase(inversionTv),
  erase(inversionLucid),
  erase(visualizationTv),
  erase(visualizationLucid),
];

const explainers = new Map<string, AnyExplainer>(builtIn.map((e) => [e.id, e]));

export function registerExplainer<P extends Record<string, unknown>>(explainer: Explainer<P>): void {
  if (explainers.has(explainer.id)) throw new Error(`Explainer '${explainer.id}' is already registered`);
  explainers.set(explainer.id, erase(explainer));
}

export function getExplainer(id: string): AnyExplainer {
  const explainer = explainers.get(id);
  if (!explainer) throw new Error(`Unknown explainer '${id}' (known: ${[...explainers.keys()].join(', ')})`);
  return explainer;
}

export function listExplainers(): AnyExplainer[] {
  return [...explainers.values()];
}

export interface ExplainOptions {
  model: ModelAdapter;
  /** Prepared face, pixel space [0,1], HWC RGB at the model's input size. */
  image: tf.Tensor3D;
  target: TargetSpec;
  method: string;
  /** Unparsed params; missing fields take the method's defaults. */
  params?: unknown;
  seed: number;
}

export async function explain(options: ExplainOptions, context?: ExplainContext): Promise<ExplanationResult> {
  const explainer = getExplainer(options.method);
  const params = explainer.params.parse(options.params ?? {});
  return explainer.explain(
    { model: options.model, image: options.image, target: options.target, seed: options.seed },
    params,
    context,
  );
}
