// The model registry: the rest of the app asks for models by id. Loading is cached per process
// (globalThis, because Next gives route handlers and instrumentation separate module instances).
import type { ModelAdapter, OutputKind } from '../types';
import { faceApiLayerNames, loadAgeModel, loadExpressionModel, loadGenderModel } from './face-api-nets';

export interface ModelEntry {
  id: string;
  name: string;
  outputKind: OutputKind;
  labels: readonly string[] | null;
  /** Layer names, when known before loading (built-in nets), so requests naming a layer are checked early. */
  layers?: readonly string[];
  load: () => Promise<ModelAdapter>;
}

interface RegistryState {
  entries: Map<string, ModelEntry>;
  loaded: Map<string, Promise<ModelAdapter>>;
}

const key = Symbol.for('face-xai.explainers.models');
const globalStore = globalThis as unknown as Record<symbol, RegistryState | undefined>;

function state(): RegistryState {
  let s = globalStore[key];
  if (!s) {
    s = { entries: new Map(), loaded: new Map() };
    for (const e of BUILT_IN) s.entries.set(e.id, e);
    globalStore[key] = s;
  }
  return s;
}

const BUILT_IN: ModelEntry[] = [
  { id: 'gender', name: 'face-api AgeGenderNet (gender head)', outputKind: 'softmax', labels: ['male', 'female'], layers: faceApiLayerNames('gender'), load: () => loadGenderModel() },
  { id: 'age', name: 'face-api AgeGenderNet (age head, years)', outputKind: 'regression', labels: null, layers: faceApiLayerNames('age'), load: () => loadAgeModel() },
  {
    id: 'expression', name: 'face-api FaceExpressionNet', outputKind: 'softmax',
    labels: ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'], layers: faceApiLayerNames('expression'), load: () => loadExpressionModel(),
  },
];

/** Registers a model (e.g. a researcher's own TF.js network via loadUserModel). Ids are unique. */
export function registerModel(entry: ModelEntry): void {
  const s = state();
  if (s.entries.has(entry.id)) throw new Error(`model id '${entry.id}' is already registered`);
  s.entries.set(entry.id, entry);
}

export function listModels(): Omit<ModelEntry, 'load'>[] {
  return [...state().entries.values()].map(({ id, name, outputKind, labels, layers }) => ({ id, name, outputKind, labels, ...(layers ? { layers } : {}) }));
}

/** Loads (once) and returns the model; a failed load is not cached, so it can be retried. */
export function loadModel(id: string): Promise<ModelAdapter> {
  const s = state();
  const cached = s.loaded.get(id);
  if (cached) return cached;
  const entry = s.entries.get(id);
  if (!entry) return Promise.reject(new Error(`unknown model '${id}'; known: ${[...s.entries.keys()].join(', ')}`));
  const promise = entry.load().then(
    (model) => {
      if (model.id !== id) throw new Error(`model registered as '${id}' reports id '${model.id}'`);
      return model;
    },
  );
  promise.catch(() => s.loaded.delete(id));
  s.loaded.set(id, promise);
  return promise;
}

/** Disposes a loaded model's weights and forgets it (tests, memory pressure). */
export async function unloadModel(id: string): Promise<void> {
  const s = state();
  const p = s.loaded.get(id);
  if (!p) return;
  s.loaded.delete(id);
  (await p).dispose();
}
