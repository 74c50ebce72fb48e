// Both blob stores against real storage: files under a data directory, and StoredBlob rows in the test
// database (SQLite, or PostgreSQL with TEST_POSTGRES_URL). They must behave the same, key for key, since
// the deployment picks one by DATABASE_URL and db:copy turns one into the other.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from './helpers/test-db';
import { getDb } from '@/lib/db';
import { getBlobStore } from '@/lib/storage/blob-store';
import { DatabaseBlobStore } from '@/lib/storage/database-blob-store';
import { FilesystemBlobStore } from '@/lib/storage/filesystem-blob-store';
import type { BlobStore } from '@/lib/storage/blob-key';
import { readStimulusFile, writeStimulusFile } from '@/lib/stimuli/stimulus-store';

let cleanup: () => Promise<void>;
let dir = '';

beforeAll(async () => {
  ({ cleanup, dir } = await createTestDatabase());
});
afterAll(async () => cleanup());

// Every byte value, so an encoding slip (text, base64, a lost NUL) shows.
const allBytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));

const stores: [string, () => BlobStore][] = [
  ['filesystem', () => new FilesystemBlobStore(path.join(dir, 'fs-store'))],
  ['database', () => new DatabaseBlobStore()],
];

describe.each(stores)('%s blob store', (_name, make) => {
  it('stores, replaces, lists and deletes bytes exactly', async () => {
    const store = make();
    expect(await store.get('uploads/a.jpg')).toBeNull();
    expect(await store.has('uploads/a.jpg')).toBe(false);
    await store.put('uploads/a.jpg', allBytes);
    expect((await store.get('uploads/a.jpg'))?.equals(allBytes)).toBe(true);
    expect(await store.has('uploads/a.jpg')).toBe(true);
    // Idempotent, and a second write replaces the first whole (the class cache rewrites its entries).
    await store.put('uploads/a.jpg', allBytes);
    await store.put('uploads/a.jpg', Buffer.from('second'));
    expect((await store.get('uploads/a.jpg'))?.toString()).toBe('second');
    await store.put('uploads/A.png', Buffer.alloc(0));
    expect((await store.get('uploads/A.png'))?.length).toBe(0);
    await store.put('uploads/ab.webp', Buffer.from('x'));
    await store.put('stimuli-store/a.png', Buffer.from('y'));
    expect(await store.list('uploads/')).toEqual(['uploads/A.png', 'uploads/a.jpg', 'uploads/ab.webp'].sort());
    // A name prefix matches exactly (case included), never another folder.
    expect(await store.list('uploads/a.')).toEqual(['uploads/a.jpg']);
    expect(await store.list('uploads/a')).toEqual(['uploads/a.jpg', 'uploads/ab.webp']);
    expect(await store.list('nothing/')).toEqual([]);
    await store.delete('uploads/a.jpg');
    await store.delete('uploads/a.jpg');
    expect(await store.get('uploads/a.jpg')).toBeNull();
    expect(await store.list('uploads/')).toEqual(['uploads/A.png', 'uploads/ab.webp']);
  });

  it('refuses keys that could leave their folder or name a temporary file', async () => {
    const store = make();
    for (const key of ['../app.db', 'uploads/../../app.db', 'uploads/.a.tmp', 'uploads', 'uploads/a/b', '/etc/passwd', 'Uploads/a']) {
      await expect(store.put(key, allBytes), key).rejects.toMatchObject({ code: 'BAD_INPUT' });
      await expect(store.get(key), key).rejects.toMatchObject({ code: 'BAD_INPUT' });
    }
    await expect(store.list('../')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('takes concurrent writes of one key without an error', async () => {
    const store = make();
    await Promise.all(Array.from({ length: 6 }, () => store.put('visualization-cache/k.png', allBytes)));
    expect((await store.get('visualization-cache/k.png'))?.equals(allBytes)).toBe(true);
  });
});

describe('the deployment\'s store', () => {
  it('keeps files where they always were with SQLite, and in StoredBlob rows with PostgreSQL', async () => {
    const id = 'c'.repeat(64);
    const hash = await writeStimulusFile(id, allBytes);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await readStimulusFile(id))?.equals(allBytes)).toBe(true);
    expect(await readStimulusFile('not-an-id')).toBeNull();
    const file = path.join(dir, 'stimuli-store', `${id}.png`);
    const row = await getDb().storedBlob.findUnique({ where: { key: `stimuli-store/${id}.png` } });
    if (testDatabaseKind() === 'postgresql') {
      expect(fs.existsSync(file)).toBe(false);
      expect(row?.size).toBe(allBytes.length);
      expect(Buffer.from(row?.bytes ?? []).equals(allBytes)).toBe(true);
    } else {
      expect(fs.readFileSync(file).equals(allBytes)).toBe(true);
      // No temporary file left beside it.
      expect(fs.readdirSync(path.dirname(file))).toEqual([`${id}.png`]);
      expect(row).toBeNull();
    }
    // (With PostgreSQL the database store's tests above wrote into the same table: list by this id.)
    expect(await getBlobStore().list(`stimuli-store/${id}`)).toEqual([`stimuli-store/${id}.png`]);
  });
});
