import 'server-only';
// The bytes behind a stimulus source reference, and their sha256 (part of the stimulus id). Uploads are
// in the blob store, which with PostgreSQL is the database, so a worker on another machine reads the same
// photo the web server stored. Library photos (faces:) are files in FACES_DIR; with PostgreSQL the web
// server also puts each one it hashes for a stimulus into the store under its hash, so a worker on a
// machine without that faces directory (a GPU host with only the npm package's photos) still finds it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { databaseKind } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getBlobStore } from '@/lib/storage/blob-store';
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

/** Store key of a library photo shared through the database (content-addressed). */
export function libraryFaceKey(hash: string): string {
  return `library-faces/${hash}`;
}

/** PostgreSQL: make a library photo readable by workers elsewhere (once per photo; a no-op on SQLite). */
async function shareLibraryFace(hash: string, bytes: Buffer): Promise<void> {
  if (databaseKind() !== 'postgresql') return;
  const store = getBlobStore();
  if (!(await store.has(libraryFaceKey(hash)))) await store.put(libraryFaceKey(hash), bytes);
}

/**
 * The photo's bytes. A missing library file rejects with the file system's ENOENT, a missing upload with
 * NOT_FOUND. With `expectedHash` (the worker), a library photo that is missing here or differs from the
 * one requested is read from the shared store instead, when the web server put it there.
 */
export async function readSourceBytes(ref: string, expectedHash?: string): Promise<Buffer> {
  const parsed = parseRef(ref);
  if (parsed.scheme === 'upload') return (await readUpload({ ref })).bytes;
  // Paths are runtime data (the faces directory), not project files for the bundler to trace.
  const local = await fs.promises.readFile(/* turbopackIgnore: true */ parsed.file).catch((e: unknown) => e as Error);
  const matches = !(local instanceof Error) && (!expectedHash || createHash('sha256').update(local).digest('hex') === expectedHash);
  if (!matches && expectedHash && databaseKind() === 'postgresql') {
    const shared = await getBlobStore().get(libraryFaceKey(expectedHash));
    if (shared) return shared;
  }
  if (local instanceof Error) throw local;
  return local;
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
  const bytes = fs.readFileSync(/* turbopackIgnore: true */ file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  await shareLibraryFace(hash, bytes);
  hashes.set(file, { mtimeMs: stat.mtimeMs, hash });
  return hash;
}
