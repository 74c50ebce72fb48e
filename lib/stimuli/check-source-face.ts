import 'server-only';
// A request names a face by its index among the faces found in the photo (0 = largest). A photo with
// no face, or an index past the last face, fails the same way on every attempt in the worker, so it is
// refused when the request is made, with a message that says how many faces there are.
//
// The count is the one the worker will see: the same decoder, detector and confidence threshold as
// prepareFace. Uploads were counted when they were uploaded (SourceImage.faceCount), so checking one
// costs a row read. Library photos (faces:) are counted once per content hash and remembered in
// this process; detection on the request thread costs what an upload's check costs, and only the
// first request for a photo pays it.
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { initBackend } from '@/lib/explainers/backend';
import { decodeImage } from '@/lib/explainers/faces/decode-image';
import { detectFaces } from '@/lib/explainers/faces/detect-faces';
import { FacePrepError } from '@/lib/explainers/faces/face-prep-error';
import { readSourceBytes } from '@/lib/stimuli/resolve-source';

/** Counts are small numbers; the bound only stops a long-running server collecting them forever. */
const MAX_REMEMBERED = 1024;

// On globalThis, like the prepared-face cache: Next can load this module more than once per process.
const key = Symbol.for('face-xai.stimuli.source-face-counts');
const store = globalThis as unknown as Record<symbol, Map<string, Promise<number>> | undefined>;
const counts = () => (store[key] ??= new Map());

async function detectCount(ref: string): Promise<number> {
  const force = getEnv().TF_BACKEND;
  await initBackend(force ? { force } : {});
  try {
    const image = await decodeImage(await readSourceBytes(ref));
    return (await detectFaces(image)).length;
  } catch (e) {
    if (e instanceof FacePrepError) throw new AppError('BAD_INPUT', `${ref}: ${e.message}`);
    throw e;
  }
}

/** How many faces the photo behind `ref` (whose bytes hash to `hash`) has. */
export async function countSourceFaces(options: { ref: string; hash: string }): Promise<number> {
  if (options.ref.startsWith('upload:')) {
    const row = await getDb().sourceImage.findUnique({ where: { id: options.hash }, select: { faceCount: true } });
    if (row) return row.faceCount;
  }
  const cache = counts();
  let entry = cache.get(options.hash);
  if (!entry) {
    const created = detectCount(options.ref);
    // A failure is not remembered: the next request tries again.
    created.catch(() => {
      if (cache.get(options.hash) === created) cache.delete(options.hash);
    });
    cache.set(options.hash, created);
    if (cache.size > MAX_REMEMBERED) cache.delete(cache.keys().next().value as string);
    entry = created;
  }
  return entry;
}

/** Refuses (400) a request whose face index the photo does not have. */
export async function checkSourceFace(options: { ref: string; hash: string; faceIndex: number }): Promise<void> {
  const count = await countSourceFaces(options);
  if (count === 0) {
    throw new AppError('BAD_INPUT', `No face was found in ${options.ref}. Choose a photo in which a face is clearly visible and roughly front-facing.`);
  }
  if (options.faceIndex >= count) {
    const faces = count === 1 ? '1 face' : `${count} faces`;
    const use = count === 1 ? 'use 0' : `use 0 to ${count - 1}`;
    throw new AppError('BAD_INPUT', `The image ${options.ref} has ${faces}; faceIndex ${options.faceIndex} does not exist (faces are numbered from 0, largest first: ${use}).`);
  }
}
