import 'server-only';
// The file behind a stimulus source reference, and the sha256 of its bytes (part of the stimulus id).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { sourceImagePath } from '@/lib/images/source-image-path';
import { getFaceLibrary } from '@/lib/faces/face-library';

const hashes = new Map<string, { mtimeMs: number; hash: string }>();

export function sourcePath(ref: string): string {
  const [scheme, rest = ''] = ref.split(/:(.*)/s);
  if (scheme === 'faces') {
    const dir = getFaceLibrary().dir;
    const full = path.resolve(dir, rest);
    if (!full.startsWith(path.resolve(dir) + path.sep)) throw new AppError('BAD_INPUT', `Image path escapes its directory: ${ref}`);
    return full;
  }
  if (scheme === 'upload') return sourceImagePath({ ref });
  throw new AppError('BAD_INPUT', `Unknown image reference "${ref}" (use faces:<file> or upload:<sha256>).`);
}

/** sha256 of the source file, cached per path and modification time. */
export function sourceHash(ref: string): string {
  const file = sourcePath(ref);
  let stat: fs.Stats;
  try {
    // Paths are runtime data (faces and upload directories), not project files for the bundler to trace.
    stat = fs.statSync(/* turbopackIgnore: true */ file);
  } catch {
    throw new AppError('NOT_FOUND', `Image not found: ${ref}`);
  }
  const cached = hashes.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs) return cached.hash;
  const hash = createHash('sha256').update(fs.readFileSync(/* turbopackIgnore: true */ file)).digest('hex');
  hashes.set(file, { mtimeMs: stat.mtimeMs, hash });
  return hash;
}
