import 'server-only';
// Files that more than one process reads or writes: generated stimulus PNGs, the class-level
// visualisation cache and uploaded source photos. With SQLite every process runs on one machine and the
// files stay where they always were, under DATA_DIR; with PostgreSQL web servers and explanation workers
// on different machines share nothing but the database, so the files live in it (StoredBlob rows).
// Keys are DATA_DIR-relative paths ("stimuli-store/<id>.png"), so both stores name a file the same way
// and `npm run db:copy` can turn a DATA_DIR into rows key for key.
import { databaseKind } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { DatabaseBlobStore } from '@/lib/storage/database-blob-store';
import { FilesystemBlobStore } from '@/lib/storage/filesystem-blob-store';
import type { BlobStore } from '@/lib/storage/blob-key';

export type { BlobStore } from '@/lib/storage/blob-key';

/**
 * The store of this deployment, chosen by DATABASE_URL like the database itself. Made per call (it holds
 * no state): tests switch DATA_DIR and DATABASE_URL between files.
 */
export function getBlobStore(): BlobStore {
  return databaseKind() === 'postgresql' ? new DatabaseBlobStore() : new FilesystemBlobStore(getEnv().DATA_DIR);
}
