// Aligned faces reused across jobs of one worker. A study asks for several explanations of the same
// face (occlusion, inversion, visualisation, the face itself), and each job used to decode the photo
// and run face detection again. Entries are keyed by the photo's content hash, face index and output
// size, so a changed photo never hits; the cache is small and bounded, and evicted tensors are freed.
import * as tf from '@tensorflow/tfjs';
import { prepareFace, type PreparedFace } from '@/lib/explainers/faces/prepare-face';

const MAX_ENTRIES = 8;

type Entry = Promise<PreparedFace>;
type CacheState = { entries: Map<string, Entry>; hits: number; misses: number };
// On globalThis, like the model registry: Next can load this module more than once per process.
const key = Symbol.for('face-xai.stimuli.prepared-faces');
const store = globalThis as unknown as Record<symbol, CacheState | undefined>;
function state(): CacheState {
  return (store[key] ??= { entries: new Map(), hits: 0, misses: 0 });
}

/**
 * The aligned face of `bytes` (whose sha256 is `hash`) at `size`. The returned `face` tensor is the
 * caller's to dispose (a clone of the cached one).
 */
export async function getPreparedFace(options: { bytes: Buffer; hash: string; faceIndex: number; size: readonly [number, number] }): Promise<PreparedFace> {
  const s = state();
  const id = `${options.hash}:${options.faceIndex}:${options.size.join('x')}`;
  let entry = s.entries.get(id);
  if (entry) {
    s.hits++;
    s.entries.delete(id); // re-insert: most recently used last
  } else {
    s.misses++;
    const created = prepareFace({ image: options.bytes, faceIndex: options.faceIndex, size: options.size });
    // A failure (no face, bad index) is not cached: the next request tries again. Only this entry is
    // dropped, never a newer one cached under the same id after it was evicted.
    created.catch(() => {
      if (s.entries.get(id) === created) s.entries.delete(id);
    });
    entry = created;
  }
  s.entries.set(id, entry);
  while (s.entries.size > MAX_ENTRIES) {
    const [oldest, evicted] = s.entries.entries().next().value as [string, Entry];
    s.entries.delete(oldest);
    evicted.then((p) => p.face.dispose(), () => undefined);
  }
  const prepared = await entry;
  return { ...prepared, face: tf.clone(prepared.face) };
}

/** Hits and misses so far, and how many faces are held (tests and diagnostics). */
export function preparedFaceCacheStats(): { hits: number; misses: number; size: number } {
  const s = state();
  return { hits: s.hits, misses: s.misses, size: s.entries.size };
}

/** Frees every cached face (tests; a worker shutting down). */
export async function clearPreparedFaces(): Promise<void> {
  const s = state();
  const entries = [...s.entries.values()];
  s.entries.clear();
  for (const e of entries) await e.then((p) => p.face.dispose(), () => undefined);
}
