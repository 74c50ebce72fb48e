// A worker on another machine may not have the web server's faces directory. With PostgreSQL the web
// server shares each library photo it hashes for a stimulus through the database, and the worker reads
// it from there when its own copy is missing; with SQLite (one machine) nothing is shared.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from './helpers/test-db';
import { resetEnvForTests } from '@/lib/env';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { getBlobStore } from '@/lib/storage/blob-store';
import { libraryFaceKey, readSourceBytes, sourceHash } from '@/lib/stimuli/resolve-source';

let cleanup: () => Promise<void>;
const savedFaces = process.env.FACES_DIR;
beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
});
afterAll(async () => {
  if (savedFaces === undefined) delete process.env.FACES_DIR;
  else process.env.FACES_DIR = savedFaces;
  resetEnvForTests();
  await cleanup();
});

describe('library photos for workers on other machines', () => {
  it('reads a library photo the worker lacks from the database (PostgreSQL) or fails as missing (SQLite)', async () => {
    const library = getFaceLibrary();
    const file = library.files[0] ?? '';
    const ref = `faces:${file}`;
    const original = fs.readFileSync(path.join(library.dir, file));
    const hash = await sourceHash(ref); // the web server, building a stimulus spec

    // The worker's machine: a faces directory with one other photo and not this one.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'facexai-other-faces-'));
    fs.copyFileSync(path.join(library.dir, library.files[1] ?? ''), path.join(elsewhere, 'other.jpg'));
    process.env.FACES_DIR = elsewhere;
    resetEnvForTests();
    try {
      if (testDatabaseKind() === 'postgresql') {
        expect(await getBlobStore().has(libraryFaceKey(hash))).toBe(true);
        expect((await readSourceBytes(ref, hash)).equals(original)).toBe(true);
      } else {
        expect(await getBlobStore().has(libraryFaceKey(hash))).toBe(false);
        await expect(readSourceBytes(ref, hash)).rejects.toMatchObject({ code: 'ENOENT' });
      }
      // A different photo under the same name is never mistaken for the requested one.
      fs.copyFileSync(path.join(elsewhere, 'other.jpg'), path.join(elsewhere, file));
      const read = await readSourceBytes(ref, hash);
      expect(read.equals(original)).toBe(testDatabaseKind() === 'postgresql');
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
