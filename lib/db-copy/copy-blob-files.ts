import 'server-only';
// The files a SQLite deployment keeps under DATA_DIR (stimuli, the visualisation cache, uploads) as
// StoredBlob rows, for a PostgreSQL target whose servers and workers read them from the database. Keys
// are the files' DATA_DIR-relative paths, as the database store names them (lib/storage).
import type { Tx } from '@/lib/db';
import { BLOB_FOLDERS } from '@/lib/storage/blob-key';
import { FilesystemBlobStore } from '@/lib/storage/filesystem-blob-store';

/** Rows per insert, and bytes per insert: uploads are up to 15 MB each. */
const MAX_ROWS = 200;
const MAX_BYTES = 32 * 1024 * 1024;

export async function listBlobFiles(dataDir: string): Promise<string[]> {
  const store = new FilesystemBlobStore(dataDir);
  const keys: string[] = [];
  for (const folder of Object.values(BLOB_FOLDERS)) keys.push(...(await store.list(`${folder}/`)));
  return keys;
}

/**
 * Inserts each file as a row, skipping keys the target already has (the source database's own
 * StoredBlob rows, copied as a table). Returns how many rows it added.
 */
export async function copyBlobFiles(options: { tx: Tx; dataDir: string; keys: readonly string[]; onCopied: (n: number) => void }): Promise<number> {
  const store = new FilesystemBlobStore(options.dataDir);
  const existing = new Set((await options.tx.storedBlob.findMany({ select: { key: true } })).map((r) => r.key));
  let batch: { key: string; bytes: Uint8Array<ArrayBuffer>; size: number }[] = [];
  let batchBytes = 0;
  let added = 0;
  const flush = async () => {
    if (!batch.length) return;
    added += (await options.tx.storedBlob.createMany({ data: batch })).count;
    options.onCopied(batch.length);
    batch = [];
    batchBytes = 0;
  };
  for (const key of options.keys) {
    if (existing.has(key)) {
      options.onCopied(1);
      continue;
    }
    const bytes = await store.get(key);
    if (!bytes) throw new Error(`${store.filePath(key)} disappeared during the copy; stop the servers and workers and copy again.`);
    batch.push({ key, bytes: new Uint8Array(bytes), size: bytes.length });
    batchBytes += bytes.length;
    if (batch.length >= MAX_ROWS || batchBytes >= MAX_BYTES) await flush();
  }
  await flush();
  return added;
}
