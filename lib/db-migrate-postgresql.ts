// PostgreSQL: applies prisma/postgresql/migrations/*/migration.sql in order, each in one transaction
// (PostgreSQL's DDL is transactional), recorded in Prisma's `_prisma_migrations` table like the SQLite
// runner. Several web servers and workers may start at once against one database: a transaction-level
// advisory lock makes them take turns, so each migration is applied exactly once.
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { listMigrations, type MigrateResult } from '@/lib/db-migrate-list';

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** An arbitrary constant naming this project's migration lock (pg_advisory_xact_lock takes a bigint). */
const MIGRATION_LOCK = 7_316_220_461;

export async function migratePostgresql(options: { url: string; migrationsDir: string }): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(MIGRATIONS_TABLE);
      const done = new Set(
        (await client.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL'))
          .rows.map((r) => r.migration_name),
      );
      const applied: string[] = [];
      for (const { name, sql } of listMigrations(options.migrationsDir)) {
        if (done.has(name)) continue;
        // All pending migrations share one transaction: a failure leaves the database as it was.
        try {
          await client.query(sql);
        } catch (e) {
          throw new Error(`Migration ${name} failed on PostgreSQL: ${e instanceof Error ? e.message : String(e)}`);
        }
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), createHash('sha256').update(sql).digest('hex'), name],
        );
        applied.push(name);
      }
      await client.query('COMMIT');
      return { applied, alreadyApplied: done.size };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  } finally {
    await client.end();
  }
}
