// The migration that moves upload ownership into SourceImageOwner, on a database that already holds
// uploads: every upload's uploader becomes its first owner (with the file name they uploaded), no
// image row is lost, and the old columns are gone so nothing can read ownership from them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '@/lib/db-migrate';

const MIGRATION = '20261202030000_source_image_owners';
const migrationsDir = path.join(process.cwd(), 'prisma', 'migrations');

let dir: string;
let url: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facexai-migrate-'));
  url = `file:${path.join(dir, 'app.db')}`;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe(`migration ${MIGRATION}`, () => {
  it('turns each upload\'s uploader into its first owner and keeps every image', async () => {
    // The schema as it was before: every earlier migration only.
    const before = path.join(dir, 'before');
    for (const name of fs.readdirSync(migrationsDir).filter((n) => n < MIGRATION)) {
      fs.cpSync(path.join(migrationsDir, name), path.join(before, name), { recursive: true });
    }
    await migrateDatabase({ url, migrationsDir: before });

    const db = createClient({ url });
    try {
      await db.executeMultiple(`
        INSERT INTO "User" ("id", "email", "passwordHash", "role", "updatedAt") VALUES
          ('ua', 'a@m.test', 'x', 'researcher', CURRENT_TIMESTAMP),
          ('ub', 'b@m.test', 'x', 'researcher', CURRENT_TIMESTAMP);
        INSERT INTO "SourceImage" ("id", "originalName", "mimeType", "width", "height", "byteSize", "faceCount", "uploadedById", "createdAt") VALUES
          ('${'a'.repeat(64)}', 'a.jpg', 'image/jpeg', 10, 10, 100, 1, 'ua', '2026-11-30 10:00:00'),
          ('${'b'.repeat(64)}', 'b.png', 'image/png', 20, 20, 200, 2, 'ub', '2026-11-30 11:00:00'),
          ('${'c'.repeat(64)}', 'gone.jpg', 'image/jpeg', 30, 30, 300, 1, 'removed-user', '2026-11-30 12:00:00'),
          ('${'d'.repeat(64)}', NULL, 'image/webp', 40, 40, 400, 1, NULL, '2026-11-30 13:00:00');
      `);

      const result = await migrateDatabase({ url, migrationsDir });
      expect(result.applied).toContain(MIGRATION);

      const owners = await db.execute('SELECT "imageId", "ownerId", "originalName", "createdAt" FROM "SourceImageOwner" ORDER BY "imageId"');
      expect(owners.rows.map((r) => ({ ...r }))).toEqual([
        { imageId: 'a'.repeat(64), ownerId: 'ua', originalName: 'a.jpg', createdAt: '2026-11-30 10:00:00' },
        { imageId: 'b'.repeat(64), ownerId: 'ub', originalName: 'b.png', createdAt: '2026-11-30 11:00:00' },
      ]);
      // Images without a (remaining) uploader stay stored, for admins.
      const images = await db.execute('SELECT * FROM "SourceImage" ORDER BY "id"');
      expect(images.rows).toHaveLength(4);
      expect(images.columns.sort()).toEqual(['byteSize', 'createdAt', 'faceCount', 'height', 'id', 'mimeType', 'width']);
      expect((await db.execute('PRAGMA foreign_key_check')).rows).toEqual([]);
    } finally {
      db.close();
    }
  });
});
