// Resolves a study's image reference ("faces:<file>" or "stimuli:<path>") to a file on disk,
// refusing anything that would leave its directory.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { getEnv } from '@/lib/env';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { AppError } from '@/lib/errors';
import { sourcePath } from '@/lib/stimuli/resolve-source';
import { allItems, type ImageRef, type Study } from '@/lib/studies/study-schema';

const CONTENT_TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };

export function resolveImagePath(ref: ImageRef): string {
  if (ref.startsWith('upload:')) return sourcePath(ref);
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

/** Image references that do not resolve to a readable file (checked when a study is published). */
export function missingImages(study: Study): string[] {
  return studyImageRefs(study).filter((ref) => {
    try {
      return !fs.statSync(resolveImagePath(ref)).isFile();
    } catch {
      return true;
    }
  });
}
