// The database is chosen by DATABASE_URL alone, and the PostgreSQL schema never drifts from SQLite's.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isPostgresqlUrl } from '@/lib/database-url';
import { migrationsDirFor } from '@/lib/db-migrate';
import { getEnv, resetEnvForTests } from '@/lib/env';
// @ts-expect-error: plain ESM script without types (scripts/prisma-schemas.mjs)
import { derivePostgresqlSchema, POSTGRESQL_SCHEMA, SQLITE_SCHEMA } from '../../../scripts/prisma-schemas.mjs';

const saved = process.env.DATABASE_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  resetEnvForTests();
});

describe('database choice', () => {
  it('reads postgres:// and postgresql:// as PostgreSQL and everything else as SQLite', () => {
    expect(isPostgresqlUrl('postgresql://u@h:5432/db')).toBe(true);
    expect(isPostgresqlUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresqlUrl('file:data/app.db')).toBe(false);
    expect(migrationsDirFor('postgresql://u@h/db', '/r')).toBe(path.join('/r', 'prisma', 'postgresql', 'migrations'));
    expect(migrationsDirFor('file:x.db', '/r')).toBe(path.join('/r', 'prisma', 'migrations'));
  });

  it('refuses a DATABASE_URL of another kind, naming the variable and the accepted forms', () => {
    process.env.DATABASE_URL = 'mysql://u@h/db';
    resetEnvForTests();
    expect(() => getEnv()).toThrow(/DATABASE_URL.*file:<path> \(SQLite\) or postgresql:\/\//s);
  });

  it('keeps prisma/postgresql/schema.prisma equal to its derivation from prisma/schema.prisma', () => {
    const derived = derivePostgresqlSchema(fs.readFileSync(SQLITE_SCHEMA, 'utf8')) as string;
    expect(fs.readFileSync(POSTGRESQL_SCHEMA, 'utf8'), 'run `node scripts/prisma-schemas.mjs` after editing prisma/schema.prisma').toBe(derived);
    expect(derived).toContain('provider = "postgresql"');
  });

  it('has a PostgreSQL table for every model', () => {
    const models = [...fs.readFileSync(SQLITE_SCHEMA, 'utf8').matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
    const dir = migrationsDirFor('postgresql://x', process.cwd());
    const sql = fs.readdirSync(dir).map((d) => fs.readFileSync(path.join(dir, d, 'migration.sql'), 'utf8')).join('\n');
    for (const model of models) expect(sql, `no CREATE TABLE "${model}" in prisma/postgresql/migrations`).toContain(`CREATE TABLE "${model}"`);
  });
});
