// Brings a database up to date with the project's own migration runner, recording each migration in
// Prisma's `_prisma_migrations` table so Prisma's real `migrate deploy` accepts the database later.
// Needed because the Prisma CLI's schema engine is a download that fails on offline machines.
// SQLite and PostgreSQL each have their own migration folder (same models, different SQL).
import path from 'node:path';
import { isPostgresqlUrl } from '@/lib/database-url';
import type { MigrateResult } from '@/lib/db-migrate-list';
import { migratePostgresql } from '@/lib/db-migrate-postgresql';
import { migrateSqlite } from '@/lib/db-migrate-sqlite';

export type { MigrateResult };

/** prisma/migrations for SQLite, prisma/postgresql/migrations for PostgreSQL. */
export function migrationsDirFor(url: string, root = process.cwd()): string {
  return isPostgresqlUrl(url) ? path.join(root, 'prisma', 'postgresql', 'migrations') : path.join(root, 'prisma', 'migrations');
}

export async function migrateDatabase(options: { url: string; migrationsDir?: string }): Promise<MigrateResult> {
  const migrationsDir = options.migrationsDir ?? migrationsDirFor(options.url);
  return isPostgresqlUrl(options.url) ? migratePostgresql({ url: options.url, migrationsDir }) : migrateSqlite({ url: options.url, migrationsDir });
}
