// The explainer contract (see ../shared/ARCHITECTURE.md "lib/explainers: the contract").
// Models and methods are written against these types so any method runs on any registered model,
// including analytic test models and a researcher's own TF.js network.
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';

/** How a model's raw output vector should be read. */
export type OutputKind = 'softmax' | 'sigmoid' | 'regression';

export interface ModelAdapter {
  /** Registry id, e.g. 'gender', 'age', 'expression'. */
  readonly id: string;
  /** Human-readable name for provenance and UI. */
  readonly name: string;
  /** Class labels for classifiers (index order of the logits); null for regression outputs. */
  readonly labels: readonly string[] | null;
  readonly outputKind: OutputKind;
  /** Input height and width in pixels (channels are always 3, RGB). */
  readonly inputSize: readonly [number, number];
  /** sha256 of the weights (hex); analytic models hash their parameters. */
  readonly weightsHash: string;
  /** Named layer taps, from input to output, usable with activations() and split(). */
  readonly layers: readonly string[];
  /**
   * Optional: the default layer for CAM methods, the last conv block after its activation
   * (EXPLAINERS.md §3.1). When absent, CAM methods take the last layer in `layers` with a 4-D activation.
   */
  readonly lastConvLayer?: string;
  /**
   * Pixel space [0,1], NHWC RGB → model-input space. Baselines and fill values are given in pixel space
   * and passed through this (EXPLAINERS.md §0.1).
   */
  preprocess(xPix: tf.Tensor4D): tf.Tensor4D;
  /**
   * Model-input space → raw outputs [batch, k]: pre-softmax logits for classifiers, the value itself
   * (years) for regression. Inference mode: no batch coupling, so gradients of Σ_b F(x_b) are per-example.
   */
  predict(x: tf.Tensor4D): tf.Tensor2D;
  /** Activation of a named layer for model-input x. */
  activations(x: tf.Tensor4D, layer: string): tf.Tensor;
  /** Split at a layer: head(trunk(x)) equals predict(x) to within 1e-5. */
  split(layer: string): { trunk: (x: tf.Tensor4D) => tf.Tensor; head: (a: tf.Tensor) => tf.Tensor2D };
  /**
   * Optional: the serialised ONNX model of predict() (input `x`: model-input space NHWC [batch, H, W, 3];
   * output `y`: raw outputs [batch, k]), built from the same weights. Forward-only work (occlusion, RISE,
   * deletion/insertion scoring) then runs on onnxruntime when it loads (forward-runtime.ts).
   */
  exportOnnx?(): Uint8Array;
  /** Release weights. */
  dispose(): void;
}

/**
 * Which scalar F(x) a method explains (EXPLAINERS.md §0.2).
 * - 'predicted': argmax of the clean input (classifiers) or the prediction itself (regression),
 *   resolved once on the clean input and kept fixed for every perturbed evaluation.
 * - 'class': a given class index of a classifier.
 * - 'regression': the regression output times sign (sign −1 asks "what lowers the age").
 */
export type TargetSpec =
  | { kind: 'predicted' }
  | { kind: 'class'; index: number }
  | { kind: 'regression'; sign: 1 | -1 };

/** The target after resolution on the clean input; stored with every result. */
export interface ResolvedTarget {
  kind: 'class' | 'regression';
  /** Class index (classifiers) or output index 0 (regression). */
  index: number;
  /** Class label, or e.g. 'age' for regression. */
  label: string;
  sign: 1 | -1;
  /**
   * Whether F is the logit / raw value or the probability (perturbation methods may use p_c).
   * 'log-odds' is the logit of a two-way softmax, z_c − z_other: see targets.ts.
   */
  score: 'logit' | 'log-odds' | 'probability' | 'value';
}

export interface ExplainRequest {
  model: ModelAdapter;
  /** The prepared face in pixel space [0,1], HWC RGB, at the model's input size. */
  image: tf.Tensor3D;
  target: TargetSpec;
  seed: number;
}

export interface ExplainContext {
  /** Called with progress in [0,1] (monotone, ends at 1). */
  onProgress?: (fraction: number, message?: string) => void;
  /** Cancels long methods; they reject with an AbortError-like Error named 'AbortError'. */
  signal?: AbortSignal;
}

export type ExplanationKind = 'saliency' | 'inversion' | 'visualization';

export interface Provenance {
  method: string;
  params: Record<string, unknown>;
  seed: number;
  model: { id: string; weightsHash: string };
  target: ResolvedTarget;
  /** Space in which the map is expressed, e.g. 'model-input' or 'pixel'. */
  space: string;
  backend: string;
  /**
   * Forward-only methods: which runtime computed the model's outputs (onnxruntime or TF.js, and why
   * TF.js when onnxruntime was wanted). Absent for methods that run everything on TF.js.
   */
  forwardRuntime?: ForwardRuntimeRecord;
  versions: Record<string, string>;
  timings: { startedAt: string; durationMs: number };
  /** Extra method-specific facts (e.g. IG convergence delta; "per model and class, not per face"). */
  notes?: Record<string, unknown>;
}

/** The runtime that computed a forward pass, as recorded in provenance (forward-runtime.ts). */
export interface ForwardRuntimeRecord {
  runtime: 'onnx' | 'tfjs';
  /** e.g. 'onnxruntime-node 1.30.0 (cpu, 2 threads)' or '@tensorflow/tfjs 4.22.0 (wasm)'. */
  library: string;
  /** Why TF.js ran although onnxruntime was allowed (no ONNX export, binding absent, native TF backend). */
  fallbackReason?: string;
}

export interface ExplanationResult {
  kind: ExplanationKind;
  /**
   * Raw map, row-major [height, width, channels]. Saliency: attribution per pixel/channel (raw, never
   * normalised). Inversion/visualisation: an image in pixel space [0,1].
   */
  data: Float32Array;
  shape: [number, number, number];
  provenance: Provenance;
}

export interface Explainer<P extends Record<string, unknown> = Record<string, unknown>> {
  readonly id: string;
  readonly kind: ExplanationKind;
  /** Citation of the method's paper. */
  readonly paper: string;
  /** zod schema with defaults from EXPLAINERS.md; parse({}) gives the defaults. */
  readonly params: z.ZodType<P>;
  explain(request: ExplainRequest, params: P, context?: ExplainContext): Promise<ExplanationResult>;
}
