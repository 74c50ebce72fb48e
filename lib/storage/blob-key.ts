// The interface both blob stores implement, and the one rule for keys. No `server-only`: the db:copy
// script and tests use the filesystem store directly.
import { AppError } from '@/lib/errors';

/**
 * The folders files are kept in (DATA_DIR/<folder> with SQLite, key prefixes with PostgreSQL). db:copy
 * copies exactly these; a new kind of shared file gets its folder here.
 */
export const BLOB_FOLDERS = { stimuli: 'stimuli-store', classCache: 'visualization-cache', uploads: 'uploads' } as const;

export interface BlobStore {
  /** Stores the bytes under `key`, replacing what was there (keys are content addresses or cache keys). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when nothing is stored under `key`. */
  get(key: string): Promise<Buffer | null>;
  has(key: string): Promise<boolean>;
  /** Removes the entry; nothing happens when there is none. */
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix` ("uploads/", "uploads/<sha256>."), sorted. */
  list(prefix: string): Promise<string[]>;
}

/**
 * "<folder>/<name>": one folder level, names of letters, digits, '.', '_' and '-' that do not start with
 * a dot. The filesystem store joins the key to DATA_DIR, so a key can never leave its folder, and the
 * dot rule keeps the stores' temporary files (".<name>.<random>.tmp") out of every key space.
 */
const keyPattern = /^[a-z0-9-]+\/[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export function isBlobKey(key: string): boolean {
  return keyPattern.test(key) && key.length <= 300;
}

export function checkBlobKey(key: string): string {
  if (!isBlobKey(key)) throw new AppError('BAD_INPUT', `Not a stored-file key: ${key.slice(0, 80)}`);
  return key;
}

/** A list prefix: a folder ("uploads/") or a folder and the start of a name ("uploads/<sha256>."). */
export function checkBlobPrefix(prefix: string): { folder: string; name: string } {
  const m = /^([a-z0-9-]+)\/([A-Za-z0-9_-][A-Za-z0-9._-]*)?$/.exec(prefix);
  if (!m?.[1]) throw new AppError('BAD_INPUT', `Not a stored-file prefix: ${prefix.slice(0, 80)}`);
  return { folder: m[1], name: m[2] ?? '' };
}
