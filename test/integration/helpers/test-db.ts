// A real, migrated database per test file. SQLite (a file in a temp directory) by default; with
// TEST_POSTGRES_URL=postgresql://user@host:port/db (an existing database used only to create others),
// a fresh PostgreSQL database per test file, dropped afterwards: `npm run test:postgresql`.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase } from '@/lib/db-migrate';
import { resetEnvForTests } from '@/lib/env';
import { resetDb } from '@/lib/db';

/** Which database this test run uses: `postgresql` when TEST_POSTGRES_URL is set. */
export function testDatabaseKind(): 'sqlite' | 'postgresql' {
  return process.env.TEST_POSTGRES_URL ? 'postgresql' : 'sqlite';
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new empty PostgreSQL database next to TEST_POSTGRES_URL's; returns its URL and a drop function. */
export async function createPostgresqlDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new URL(process.env.TEST_POSTGRES_URL ?? '');
  const name = `facexai_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
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
