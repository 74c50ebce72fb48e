// What the blob store holds under uploads/, by file name, for tests that check an upload left exactly
// one file behind. With SQLite it is the directory itself, temporary files included (a leftover must
// show); with PostgreSQL the StoredBlob keys, where a write is one row and nothing temporary exists.
import fs from 'node:fs';
import path from 'node:path';
import { databaseKind } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { getBlobStore } from '@/lib/storage/blob-store';

export async function storedUploadNames(): Promise<string[]> {
  if (databaseKind() === 'postgresql') return (await getBlobStore().list('uploads/')).map((k) => k.slice('uploads/'.length));
  const dir = path.join(getEnv().DATA_DIR, 'uploads');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}
