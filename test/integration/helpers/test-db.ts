// A real, migrated SQLite database file per test file, in a temp directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabase } from '@/lib/db-migrate';
import { resetEnvForTests } from '@/lib/env';
import { resetDb } from '@/lib/db';

export async function createTestDatabase(): Promise<{ dir: string; url: string; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facexai-test-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  process.env.DATA_DIR = dir;
  process.env.DATABASE_URL = url;
  process.env.STIMULI_DIR = path.join(dir, 'stimuli');
  resetEnvForTests();
  await resetDb();
  await migrateDatabase({ url, migrationsDir: path.join(process.cwd(), 'prisma', 'migrations') });
  return {
    dir,
    url,
    cleanup: async () => {
      await resetDb();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
