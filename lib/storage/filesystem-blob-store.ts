// Blobs as files under a data directory (the SQLite deployment: one machine, DATA_DIR/<key>). Writes go
// to a temporary file in the same folder and are renamed into place, so a reader never sees half a file
// and a crash leaves at most a stray ".<name>.<random>.tmp" (never listed: keys cannot start with a dot).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { checkBlobKey, checkBlobPrefix, isBlobKey, type BlobStore } from '@/lib/storage/blob-key';

const isMissing = (e: unknown) => typeof e === 'object' && e !== null && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR');

export class FilesystemBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  /** The file a key names (DATA_DIR/stimuli-store/<id>.png, …): the paths the app has always used. */
  filePath(key: string): string {
    // Paths are runtime data under DATA_DIR, not project files for the bundler to trace.
    return path.join(/* turbopackIgnore: true */ this.dir, checkBlobKey(key));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.filePath(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await fs.writeFile(tmp, bytes, { flag: 'wx' });
      await fs.rename(tmp, file);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.filePath(key));
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async has(key: string): Promise<boolean> {
    const stat = await fs.stat(this.filePath(key)).catch((e: unknown) => {
      if (isMissing(e)) return null;
      throw e;
    });
    return stat?.isFile() ?? false;
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.filePath(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const { folder, name } = checkBlobPrefix(prefix);
    const entries = await fs.readdir(path.join(/* turbopackIgnore: true */ this.dir, folder), { withFileTypes: true }).catch((e: unknown) => {
      if (isMissing(e)) return [];
      throw e;
    });
    return entries
      .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name.startsWith(name))
      .map((e) => `${folder}/${e.name}`)
      .filter(isBlobKey)
      .sort();
  }
}
