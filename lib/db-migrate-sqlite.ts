// SQLite: applies prisma/migrations/*/migration.sql in order (lib/db-migrate.ts chooses this runner).
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { listMigrations, type MigrateResult } from '@/lib/db-migrate-list';

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export async function migrateSqlite(options: { url: string; migrationsDir: string }): Promise<MigrateResult> {
  const { url, migrationsDir } = options;
  if (url.startsWith('file:')) fs.mkdirSync(path.dirname(url.slice('file:'.length)), { recursive: true });
  const client = createClient({ url });
  try {
    // WAL lets the server and a worker process write without blocking readers; persistent per file.
    await client.execute('PRAGMA journal_mode=WAL');
    await client.execute('PRAGMA busy_timeout=5000');
    await client.execute(MIGRATIONS_TABLE);
    const done = new Set(
      (await client.execute('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL'))
        .rows.map((r) => String(r.migration_name)),
    );
    const applied: string[] = [];
    for (const { name, sql } of listMigrations(migrationsDir)) {
      if (done.has(name)) continue;
      await applyOne(client, name, sql);
      applied.push(name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    client.close();
  }
}

/**
 * One migration in one transaction. Foreign keys are switched off *before* the transaction
 * (PRAGMA foreign_keys is ignored inside one), so table redefinitions cannot cascade-delete child
 * rows, and `foreign_key_check` must come back empty before commit.
 */
async function applyOne(client: Client, name: string, sql: string): Promise<void> {
  const checksum = createHash('sha256').update(sql).digest('hex');
  await client.execute('PRAGMA foreign_keys=OFF');
  const tx = await client.transaction('write');
  try {
    await tx.executeMultiple(sql);
    const broken = await tx.execute('PRAGMA foreign_key_check');
    if (broken.rows.length > 0) {
      throw new Error(`Migration ${name} leaves ${broken.rows.length} rows violating foreign keys; rolled back.`);
    }
    await tx.execute({
      sql: `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
            VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
      args: [randomUUID(), checksum, name],
    });
    await tx.commit();
  } catch (e) {
    await tx.rollback().catch(() => undefined);
    throw e;
  } finally {
    tx.close();
    await client.execute('PRAGMA foreign_keys=ON');
  }
}
