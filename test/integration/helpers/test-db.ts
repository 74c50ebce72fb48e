// A real, migrated database per test file. SQLite (a file in a temp directory) by default; with
// TEST_POSTGRES_URL=postgresql://user@host:port/db (an existing database used only to create others),
// a fresh PostgreSQL database per test file, dropped afterwards: `npm run test:postgresql`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPostgresqlDatabase as createPostgresqlDatabaseOn } from '@/lib/db-create-postgresql';
import { migrateDatabase } from '@/lib/db-migrate';
import { resetEnvForTests } from '@/lib/env';
import { resetDb } from '@/lib/db';

/** Which database this test run uses: `postgresql` when TEST_POSTGRES_URL is set. */
export function testDatabaseKind(): 'sqlite' | 'postgresql' {
  return process.env.TEST_POSTGRES_URL ? 'postgresql' : 'sqlite';
}

/** A new empty PostgreSQL database next to TEST_POSTGRES_URL's; returns its URL and a drop function. */
export function createPostgresqlDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  return createPostgresqlDatabaseOn(process.env.TEST_POSTGRES_URL ?? '', 'facexai_test');
}

/** `kind`: SQLite even in a PostgreSQL run, for tests whose subject is a SQLite database (db:copy's source). */
export async function createTestDatabase(options: { kind?: 'sqlite' | 'postgresql' } = {}): Promise<{ dir: string; url: string; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facexai-test-'));
  const postgresql = (options.kind ?? testDatabaseKind()) === 'postgresql' ? await createPostgresqlDatabase() : null;
  const url = postgresql ? postgresql.url : `file:${path.join(dir, 'test.db')}`;
  process.env.DATA_DIR = dir;
  process.env.DATABASE_URL = url;
  process.env.STIMULI_DIR = path.join(dir, 'stimuli');
  resetEnvForTests();
  await resetDb();
  await migrateDatabase({ url });
  return {
    dir,
    url,
    cleanup: async () => {
      await resetDb();
      await postgresql?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
