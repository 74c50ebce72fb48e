// Resolves a study's image reference to its bytes: "faces:<file>" and "stimuli:<path>" are files on disk
// (refusing anything that would leave its directory), "upload:<sha256>" is in the blob store
// (lib/storage/blob-store.ts), which with PostgreSQL is the database rather than this machine's disk.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { getEnv } from '@/lib/env';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { AppError } from '@/lib/errors';
import { findUploadKey } from '@/lib/images/source-image-path';
import { getBlobStore } from '@/lib/storage/blob-store';
import { allItems, type ImageRef, type Study } from '@/lib/studies/study-schema';

const CONTENT_TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };

/**
 * The file of a `faces:` or `stimuli:` reference. Uploads have no file of their own on every deployment
 * (they may be database rows): they throw BAD_INPUT here and are read with readImageRef.
 */
export function resolveImagePath(ref: ImageRef): string {
  if (ref.startsWith('upload:')) throw new AppError('BAD_INPUT', `An uploaded image has no file path; read it with readImageRef: ${ref}`);
  const [scheme, rel = ''] = ref.split(/:(.*)/s);
  const base = scheme === 'faces' ? getFaceLibrary().dir : getEnv().STIMULI_DIR;
  const full = path.resolve(base, rel);
  if (!full.startsWith(path.resolve(base) + path.sep)) throw new AppError('BAD_INPUT', `Image path escapes its directory: ${ref}`);
  return full;
}

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** A short opaque id for an image reference, used in URLs instead of the path itself. */
export function imageId(ref: ImageRef): string {
  return createHash('sha256').update(ref).digest('hex').slice(0, 20);
}

/** Every image a study shows (context images and options). */
export function studyImageRefs(study: Study): ImageRef[] {
  const refs = new Set<ImageRef>();
  for (const item of allItems(study)) {
    if (item.type === 'image-choice' && item.context?.src) refs.add(item.context.src);
    if (item.type === 'image-choice' || item.type === 'intruder') for (const o of item.options) if (o.src) refs.add(o.src);
    if (item.type === 'coherency') for (const g of item.images) if (g.src) refs.add(g.src);
  }
  return [...refs];
}

/**
 * The image's bytes and content type (from its name's extension), or null when its file cannot be read.
 * A reference that resolves to nothing throws as resolving always did: BAD_INPUT for a path that leaves
 * its directory, NOT_FOUND for an upload nobody stored.
 */
export async function readImageRef(ref: ImageRef): Promise<{ bytes: Buffer; contentType: string } | null> {
  if (ref.startsWith('upload:')) {
    const key = await findUploadKey({ ref });
    const bytes = await getBlobStore().get(key).catch(() => null);
    return bytes ? { bytes, contentType: contentTypeFor(key) } : null;
  }
  const file = resolveImagePath(ref);
  const bytes = await fs.promises.readFile(/* turbopackIgnore: true */ file).catch(() => null);
  return bytes ? { bytes, contentType: contentTypeFor(file) } : null;
}

async function imageExists(ref: ImageRef): Promise<boolean> {
  try {
    if (ref.startsWith('upload:')) return (await findUploadKey({ ref })) !== '';
    return (await fs.promises.stat(/* turbopackIgnore: true */ resolveImagePath(ref))).isFile();
  } catch {
    return false;
  }
}

/** Image references that do not resolve to a readable file (checked when a study is published). */
export async function missingImages(study: Study): Promise<string[]> {
  const refs = studyImageRefs(study);
  const exists = await Promise.all(refs.map(imageExists));
  return refs.filter((_, i) => !exists[i]);
}
