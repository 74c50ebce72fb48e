import 'server-only';
// The bytes behind a stimulus source reference, and their sha256 (part of the stimulus id). Library
// photos (faces:) are files every machine has; uploads are in the blob store, which with PostgreSQL is
// the database, so a worker on another machine reads the same photo the web server stored.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { findUploadKey, readUpload, uploadIdOf } from '@/lib/images/source-image-path';
import { getFaceLibrary } from '@/lib/faces/face-library';

const hashes = new Map<string, { mtimeMs: number; hash: string }>();

function parseRef(ref: string): { scheme: 'faces'; file: string } | { scheme: 'upload' } {
  const [scheme, rest = ''] = ref.split(/:(.*)/s);
  if (scheme === 'faces') {
    const dir = getFaceLibrary().dir;
    const full = path.resolve(dir, rest);
    if (!full.startsWith(path.resolve(dir) + path.sep)) throw new AppError('BAD_INPUT', `Image path escapes its directory: ${ref}`);
    return { scheme, file: full };
  }
  if (scheme === 'upload') return { scheme };
  throw new AppError('BAD_INPUT', `Unknown image reference "${ref}" (use faces:<file> or upload:<sha256>).`);
}

/** The photo's bytes. A missing library file rejects with the file system's ENOENT, a missing upload with NOT_FOUND. */
export async function readSourceBytes(ref: string): Promise<Buffer> {
  const parsed = parseRef(ref);
  if (parsed.scheme === 'upload') return (await readUpload({ ref })).bytes;
  // Paths are runtime data (the faces directory), not project files for the bundler to trace.
  return fs.promises.readFile(/* turbopackIgnore: true */ parsed.file);
}

/** sha256 of the source's bytes; library files are hashed once per path and modification time. */
export async function sourceHash(ref: string): Promise<string> {
  const parsed = parseRef(ref);
  if (parsed.scheme === 'upload') {
    // An upload is stored under the sha256 of its bytes (checked when it was stored), so its id is the
    // hash: only its existence is checked, rather than reading up to 15 MB from the store to hash again.
    await findUploadKey({ ref });
    return uploadIdOf(ref);
  }
  const file = parsed.file;
  let stat: fs.Stats;
  try {
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
