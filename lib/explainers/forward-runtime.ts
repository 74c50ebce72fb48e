// The runtime for forward-only work (occlusion, RISE, the deletion/insertion scoring of the quality report):
// onnxruntime-node on an ONNX graph of the model built from the same weights (models/face-api-onnx.ts)
// when its native binding loads, else the model's own TF.js predict(). Gradient methods stay on TF.js.
// onnxruntime runs the face nets 3–5× faster per core than tfjs-backend-wasm under Node (issue #15;
// `npm run bench:explainers` prints both) and can use more than one core.
//
// Choice ('auto' unless configured; callers pass FORWARD_RUNTIME / ONNX_THREADS from lib/env.ts):
// - 'tfjs': always TF.js.
// - 'onnx': onnxruntime, or throw (a forced runtime never silently runs elsewhere).
// - 'auto': onnxruntime when the model has an ONNX export, the binding loads and the TF.js backend is not
//   the native TensorFlow one (tfjs-node's own kernels, possibly on a GPU, are kept); else TF.js, with
//   the reason recorded in provenance and logged once.
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { selectScore } from './targets';
import type { ForwardRuntimeRecord, ModelAdapter, ResolvedTarget } from './types';

export const forwardRuntimeChoiceSchema = z.enum(['auto', 'onnx', 'tfjs']);
export type ForwardRuntimeChoice = z.infer<typeof forwardRuntimeChoiceSchema>;

export interface ForwardRuntimeConfig {
  runtime: ForwardRuntimeChoice;
  /** onnxruntime's intra-op threads per session (per explanation worker). */
  threads: number;
  /**
   * Largest batch handed to onnxruntime in one run; bigger batches are run in pieces of this size.
   * Unlike TF.js on wasm, batching bought nothing on the 2-core reference machine (512 KiB L2 per core; a
   * face's largest activation, 56×56×32 floats, is 400 KB): measured 2026-12-02 at load average ~5, the
   * bare forward took 2.3–4.4 ms per face at batch 1 and 4.4–7.0 at batch 32 (age and expression, 1 and 2
   * threads, interleaved), and whole occlusion maps took the same time at batch 1, 8 and 64 within the
   * noise. One face per run also keeps the memory small. Not yet measured on an idle machine.
   */
  batch: number;
}

const DEFAULT_CONFIG: ForwardRuntimeConfig = { runtime: 'auto', threads: 1, batch: 1 };

// The parts of onnxruntime-node's API used here. Typed locally: the package is an optional dependency,
// so the project must type-check where it is not installed.
interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}
interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor | undefined>>;
}
interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
  env: { versions?: { node?: string } };
}

interface State {
  config: ForwardRuntimeConfig;
  ort: Promise<{ ort: OrtModule; version: string } | { error: string }> | null;
  /** One session per model adapter (and thread count: a new config starts a new map). */
  sessions: WeakMap<ModelAdapter, Promise<OrtSession>>;
  logged: Set<string>;
}

const stateKey = Symbol.for('face-xai.explainers.forward-runtime');
const globalState = globalThis as unknown as Record<symbol, State | undefined>;
function state(): State {
  let s = globalState[stateKey];
  if (!s) {
    s = { config: { ...DEFAULT_CONFIG }, ort: null, sessions: new WeakMap(), logged: new Set() };
    globalState[stateKey] = s;
  }
  return s;
}

const configSchema = z.object({
  runtime: forwardRuntimeChoiceSchema.optional(),
  threads: z.number().int().min(1).max(64).optional(),
  batch: z.number().int().min(1).max(4096).optional(),
});

/** Sets the runtime choice and thread count for this process (thread); sessions are rebuilt on change. */
export function configureForwardRuntime(options: Partial<ForwardRuntimeConfig>): ForwardRuntimeConfig {
  const parsed = configSchema.parse(options);
  const s = state();
  const next: ForwardRuntimeConfig = {
    runtime: parsed.runtime ?? s.config.runtime, threads: parsed.threads ?? s.config.threads, batch: parsed.batch ?? s.config.batch,
  };
  if (next.threads !== s.config.threads) s.sessions = new WeakMap();
  s.config = next;
  return next;
}

export function forwardRuntimeConfig(): ForwardRuntimeConfig {
  return { ...state().config };
}

const ORT_PACKAGE = 'onnxruntime-node';

// An optional dependency (its install script, which fetches CUDA files, is skipped: package.json
// allowScripts); the ignore comments keep Turbopack from bundling the native package.
const importOrt = (): Promise<unknown> => import(/* turbopackIgnore: true */ /* webpackIgnore: true */ ORT_PACKAGE);
let ortImporter = importOrt;

function loadOrt(): NonNullable<State['ort']> {
  const s = state();
  s.ort ??= (async () => {
    try {
      const mod = (await ortImporter()) as OrtModule & { default?: OrtModule };
      const ort = mod.InferenceSession ? mod : mod.default;
      if (!ort?.InferenceSession) throw new Error('the module has no InferenceSession');
      return { ort, version: ort.env.versions?.node ?? packageVersion() };
    } catch (error) {
      return { error: `${ORT_PACKAGE} did not load: ${firstLine(error)}` };
    }
  })();
  return s.ort;
}

function packageVersion(): string {
  try {
    const req = createRequire(path.join(process.cwd(), 'package.json'));
    return String((req(`${ORT_PACKAGE}/package.json`) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

function sessionFor(ort: OrtModule, model: ModelAdapter, exportOnnx: () => Uint8Array, threads: number): Promise<OrtSession> {
  const s = state();
  let p = s.sessions.get(model);
  if (!p) {
    p = ort.InferenceSession.create(exportOnnx(), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // No busy-waiting between ops: on a shared 2-core machine a spinning pool took the CPU from the other
      // worker and from HTTP requests (2 spinning threads ran ~2× slower per face than 1 under load).
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    const sessions = s.sessions;
    p.catch(() => sessions.delete(model));
    sessions.set(model, p);
  }
  return p;
}

/** A model-input-space batch as plain data, row-major NHWC. */
export interface Batch {
  data: Float32Array;
  shape: readonly [number, number, number, number];
}

export interface ForwardRunner {
  readonly record: ForwardRuntimeRecord;
  /** Raw outputs of model.predict for a model-input-space batch: row-major [batch, width]. */
  predict(x: tf.Tensor4D | Batch): Promise<{ values: Float32Array; width: number }>;
  /**
   * The target's score per example (targets.ts selectScore on the raw outputs). A Batch given as plain
   * data goes to onnxruntime without a copy through TF.js.
   */
  score(x: tf.Tensor4D | Batch, target: ResolvedTarget): Promise<Float32Array>;
}

const isTensor = (x: tf.Tensor4D | Batch): x is tf.Tensor4D => x instanceof tf.Tensor;

function batchShape(x: tf.Tensor4D | Batch): readonly [number, number, number, number] {
  if (isTensor(x)) return x.shape;
  if (x.data.length !== x.shape.reduce((a, b) => a * b, 1)) throw new Error(`batch data has ${x.data.length} values for shape [${x.shape.join(', ')}]`);
  return x.shape;
}

function read(t: tf.Tensor): Float32Array {
  // Read outside tidy: tidy walks a returned typed array element by element.
  const values = t.dataSync() as Float32Array;
  t.dispose();
  return values;
}

function tfjsRunner(model: ModelAdapter, fallbackReason?: string): ForwardRunner {
  const record: ForwardRuntimeRecord = {
    runtime: 'tfjs', library: `@tensorflow/tfjs ${tf.version.tfjs} (${tf.getBackend()})`, ...(fallbackReason ? { fallbackReason } : {}),
  };
  const asTensor = (x: tf.Tensor4D | Batch): tf.Tensor4D => (isTensor(x) ? x : tf.tensor4d(x.data, [...batchShape(x)]));
  return {
    record,
    predict: (x) => {
      const out = tf.tidy(() => model.predict(asTensor(x)));
      const width = out.shape[1];
      return Promise.resolve({ values: read(out), width });
    },
    score: (x, target) => Promise.resolve(read(tf.tidy(() => selectScore(model.predict(asTensor(x)), model, target)))),
  };
}

function onnxRunner(ort: OrtModule, version: string, session: OrtSession, model: ModelAdapter, config: ForwardRuntimeConfig): ForwardRunner {
  const { threads, batch } = config;
  const run = async (data: Float32Array, shape: readonly [number, number, number, number]) => {
    const n = shape[0];
    const y = (await session.run({ x: new ort.Tensor('float32', data, shape) })).y;
    if (!y || !(y.data instanceof Float32Array) || y.dims.length !== 2 || y.dims[0] !== n) {
      throw new Error(`onnxruntime: unexpected output for model '${model.id}': dims [${y?.dims.join(', ') ?? ''}]`);
    }
    return { values: y.data, width: y.dims[1] ?? 0 };
  };
  const predict = async (x: tf.Tensor4D | Batch) => {
    const [n, h, w, c] = batchShape(x);
    const data = isTensor(x) ? (x.dataSync() as Float32Array) : x.data;
    if (n <= batch) return run(data, [n, h, w, c]);
    // Runs of `batch` images (views, no copies): see ForwardRuntimeConfig.batch.
    const image = h * w * c;
    const parts: Float32Array[] = [];
    let width = 0;
    for (let from = 0; from < n; from += batch) {
      const count = Math.min(batch, n - from);
      const out = await run(data.subarray(from * image, (from + count) * image), [count, h, w, c]);
      parts.push(out.values);
      width = out.width;
    }
    const values = new Float32Array(n * width);
    parts.forEach((p, i) => values.set(p, i * batch * width));
    return { values, width };
  };
  return {
    record: { runtime: 'onnx', library: `${ORT_PACKAGE} ${version} (cpu, ${threads} thread${threads === 1 ? '' : 's'}, batch ${batch})` },
    predict,
    score: async (x, target) => {
      const { values, width } = await predict(x);
      return read(tf.tidy(() => selectScore(tf.tensor2d(values, [values.length / width, width]), model, target)));
    },
  };
}

/** TF.js instead of onnxruntime; unexpected reasons are logged once per process (all go into provenance). */
function fallback(model: ModelAdapter, reason: string, expected = false): ForwardRunner {
  const s = state();
  if (!expected && !s.logged.has(reason)) {
    s.logged.add(reason);
    console.info(`[explainers] forward-only work on TF.js (first seen for model '${model.id}'): ${reason}`);
  }
  return tfjsRunner(model, reason);
}

/**
 * The runner for `model`'s forward-only work under the current configuration. Throws only when
 * onnxruntime was forced and cannot run this model.
 */
export async function forwardRunner(model: ModelAdapter): Promise<ForwardRunner> {
  const config = state().config;
  const { runtime } = config;
  if (runtime === 'tfjs') return tfjsRunner(model, 'forward runtime forced to tfjs');
  const refuse = (reason: string, expected = false): ForwardRunner => {
    if (runtime === 'onnx') throw new Error(`forward runtime 'onnx' was forced but cannot run model '${model.id}': ${reason}`);
    return fallback(model, reason, expected);
  };
  if (runtime === 'auto' && tf.getBackend() === 'tensorflow') return fallback(model, 'the native TensorFlow backend is active', true);
  const exportOnnx = model.exportOnnx?.bind(model);
  // User models and test fixtures have no export: TF.js is their runtime, nothing to warn about.
  if (!exportOnnx) return refuse('the model has no ONNX export', true);
  const loaded = await loadOrt();
  if ('error' in loaded) return refuse(loaded.error);
  try {
    const created = await sessionFor(loaded.ort, model, exportOnnx, config.threads);
    return onnxRunner(loaded.ort, loaded.version, created, model, config);
  } catch (error) {
    return refuse(`onnxruntime could not load the model's graph: ${firstLine(error)}`);
  }
}

/**
 * Tests: back to the defaults with no cached sessions; `importOrt` stands in for loading onnxruntime-node
 * (e.g. one that throws, as on a machine where the optional package did not install).
 */
export function resetForwardRuntimeForTests(options: { importOrt?: () => Promise<unknown> } = {}): void {
  const s = state();
  s.sessions = new WeakMap();
  s.config = { ...DEFAULT_CONFIG };
  s.ort = null;
  s.logged.clear();
  ortImporter = options.importOrt ?? importOrt;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
