import 'server-only';
// Blobs as StoredBlob rows (the PostgreSQL deployment: web servers and workers on several machines share
// only the database). One row per key; a write replaces the row in one statement, so a reader sees the
// old bytes or the new ones, never a mix, as with the filesystem store's rename.
import { getDb, isUniqueViolation, type Db } from '@/lib/db';
import { checkBlobKey, checkBlobPrefix, type BlobStore } from '@/lib/storage/blob-key';

export class DatabaseBlobStore implements BlobStore {
  /** `db`: a client other than the shared one (tests, db:copy); by default getDb() at each call. */
  constructor(private readonly client?: Pick<Db, 'storedBlob'>) {}

  private get db(): Pick<Db, 'storedBlob'> {
    return this.client ?? getDb();
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    checkBlobKey(key);
    const data = { bytes: new Uint8Array(bytes), size: bytes.byteLength };
    try {
      await this.db.storedBlob.upsert({ where: { key }, create: { key, ...data }, update: data });
    } catch (e) {
      // Two writers of a new key at once: the loser's insert meets the winner's row. Keys are content
      // addresses or cache keys of the same computation, so the winner's bytes are as good as ours.
      if (!isUniqueViolation(e)) throw e;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    const row = await this.db.storedBlob.findUnique({ where: { key: checkBlobKey(key) }, select: { bytes: true } });
    return row ? Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : null;
  }

  async has(key: string): Promise<boolean> {
    return (await this.db.storedBlob.count({ where: { key: checkBlobKey(key) } })) > 0;
  }

  async delete(key: string): Promise<void> {
    await this.db.storedBlob.deleteMany({ where: { key: checkBlobKey(key) } });
  }

  async list(prefix: string): Promise<string[]> {
    checkBlobPrefix(prefix);
    const rows = await this.db.storedBlob.findMany({ where: { key: { startsWith: prefix } }, select: { key: true }, orderBy: { key: 'asc' } });
    // Prisma's startsWith is a LIKE, which SQLite compares without regard to case: keep exact matches only.
    return rows.map((r) => r.key).filter((k) => k.startsWith(prefix));
  }
}
