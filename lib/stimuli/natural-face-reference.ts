// Natural faces for the quality report's unit measure: a unit's visualisation is compared with the most
// that unit responds to any real face (EXPLAINERS.md §7 V1). The faces are the face library's photos
// (FACES_DIR, else the npm samples), aligned at the model's input size once per process and kept as
// plain arrays (no tensors held); the per-unit maxima are memoised.
import fs from 'node:fs';
import path from 'node:path';
import { prepareFace } from '@/lib/explainers/faces/prepare-face';
import { unitActivations } from '@/lib/explainers/quality/assess-visualization';
import type { ModelAdapter } from '@/lib/explainers/types';
import { getFaceLibrary } from '@/lib/faces/face-library';

/** Enough faces for a stable maximum at a few seconds' alignment cost per worker. */
const MAX_FACES = 48;

type State = { faces: Map<string, Promise<Float32Array[]>>; maxima: Map<string, number> };
const key = Symbol.for('face-xai.stimuli.natural-faces');
const store = globalThis as unknown as Record<symbol, State | undefined>;
const state = (): State => (store[key] ??= { faces: new Map(), maxima: new Map() });

export function loadNaturalFaces(size: readonly [number, number]): Promise<Float32Array[]> {
  const id = size.join('x');
  const s = state();
  let entry = s.faces.get(id);
  if (!entry) {
    entry = (async () => {
      const library = getFaceLibrary();
      const out: Float32Array[] = [];
      for (const file of library.files.slice(0, MAX_FACES)) {
        try {
          const prepared = await prepareFace({ image: fs.readFileSync(path.join(library.dir, file)), size });
          out.push(Float32Array.from(prepared.face.dataSync()));
          prepared.face.dispose();
        } catch {
          // A photo without a detectable face is simply not part of the reference.
        }
      }
      return out;
    })();
    entry.catch(() => s.faces.delete(id));
    s.faces.set(id, entry);
  }
  return entry;
}

/** The unit's largest mean activation over the natural faces, or null when there are none. */
export async function unitReferenceMax(model: ModelAdapter, layer: string, channel: number): Promise<number | null> {
  const id = `${model.id}:${model.weightsHash}:${layer}:${channel}`;
  const s = state();
  const known = s.maxima.get(id);
  if (known !== undefined) return known;
  const faces = await loadNaturalFaces(model.inputSize);
  if (!faces.length) return null;
  let max = -Infinity;
  for (let i = 0; i < faces.length; i += 16) {
    for (const v of unitActivations(model, faces.slice(i, i + 16), layer, channel)) max = Math.max(max, v);
  }
  s.maxima.set(id, max);
  return max;
}
