import 'server-only';
// The only database client. SQLite through libsql is the embedded default; STACK.md measured that
// libsql's default busy timeout of 0 silently loses writes under two writers, so every client sets
// a timeout and the database runs in WAL mode (set by lib/db-migrate.ts).
import type { Client, Config } from '@libsql/client';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { withSharedConnectionTransactions } from '@/lib/db-shared-connection';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { getEnv } from '@/lib/env';

export type Db = PrismaClient;
/** The client handed to a transaction callback. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const globalForDb = globalThis as unknown as { __prisma?: PrismaClient };

export function databaseKind(url = getEnv().DATABASE_URL): 'sqlite' | 'postgresql' {
  return url.startsWith('postgres') ? 'postgresql' : 'sqlite';
}

/** libsql's adapter, with transactions kept on the client's one connection (db-shared-connection.ts). */
class SharedConnectionLibSql extends PrismaLibSql {
  override createClient(config: Config): Client {
    return withSharedConnectionTransactions(super.createClient(config));
  }
}

function createClient(): PrismaClient {
  const url = getEnv().DATABASE_URL;
  if (databaseKind(url) !== 'sqlite') {
    throw new Error('DATABASE_URL: only SQLite (file:…) is supported by this build; PostgreSQL is planned.');
  }
  const adapter = new SharedConnectionLibSql({ url, timeout: 5000 });
  return new PrismaClient({ adapter });
}

/** The shared client (kept on globalThis so Next's separate module instances share one). */
export function getDb(): PrismaClient {
  globalForDb.__prisma ??= createClient();
  return globalForDb.__prisma;
}

/** Drop the client so the next getDb() opens a fresh one (tests, and recovery after P1008). */
export async function resetDb(): Promise<void> {
  const c = globalForDb.__prisma;
  globalForDb.__prisma = undefined;
  await c?.$disconnect();
}

function isBusyError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = 'code' in e ? String(e.code) : '';
  const msg = 'message' in e ? String(e.message) : '';
  return code === 'P1008' || /SQLITE_BUSY|database is locked/i.test(msg);
}

/**
 * Run a transaction, retrying the whole of it when SQLite reports busy (P1008), with jitter.
 * After a busy error the connection is not trusted again (STACK.md: later writes were reported
 * saved but lost), so the client is recreated before the retry.
 */
export async function withTransaction<T>(fn: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await getDb().$transaction(fn, { timeout: 15_000, maxWait: 10_000 });
    } catch (e) {
      if (!isBusyError(e) || i >= attempts) throw e;
      console.warn(`[db] database busy (attempt ${i} of ${attempts}); retrying the transaction on a fresh connection`);
      await resetDb();
      await new Promise((r) => setTimeout(r, 20 * i + Math.random() * 50));
    }
  }
}
