import 'server-only';
// The only database client, chosen by DATABASE_URL alone. SQLite through libsql is the embedded
// default; STACK.md measured that libsql's default busy timeout of 0 silently loses writes under two
// writers, so every client sets a timeout and the database runs in WAL mode (set by lib/db-migrate.ts).
// PostgreSQL (postgresql://…) goes through @prisma/adapter-pg with the client generated from
// prisma/postgresql/schema.prisma: the same models, so it is typed as the SQLite client.
import type { Client, Config } from '@libsql/client';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import { isPostgresqlUrl } from '@/lib/database-url';
import { withSharedConnectionTransactions } from '@/lib/db-shared-connection';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { PrismaClient as PostgresqlPrismaClient } from '@/lib/generated/prisma-postgresql/client';
import { getEnv } from '@/lib/env';

export type Db = PrismaClient;
/** The client handed to a transaction callback. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const globalForDb = globalThis as unknown as { __prisma?: PrismaClient };

export function databaseKind(url = getEnv().DATABASE_URL): 'sqlite' | 'postgresql' {
  return isPostgresqlUrl(url) ? 'postgresql' : 'sqlite';
}

/** libsql's adapter, with transactions kept on the client's one connection (db-shared-connection.ts). */
class SharedConnectionLibSql extends PrismaLibSql {
  override createClient(config: Config): Client {
    return withSharedConnectionTransactions(super.createClient(config));
  }
}

/**
 * A client for `url` (db:copy opens two at once, apart from the shared one). PostgreSQL pools `poolSize`
 * connections; SQLite keeps transactions on the client's own connection (db-shared-connection.ts).
 */
export function createPrismaClient(url: string, poolSize: number): PrismaClient {
  if (databaseKind(url) === 'postgresql') {
    const adapter = new PrismaPg({ connectionString: url, max: poolSize });
    // Same models and the same query API (generated from one data model): only the provider differs.
    return new PostgresqlPrismaClient({ adapter }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: new SharedConnectionLibSql({ url, timeout: 5000 }) });
}

function createClient(): PrismaClient {
  // Pool size per process: web servers answer many short queries; DB_POOL_SIZE tunes it per host.
  return createPrismaClient(getEnv().DATABASE_URL, getEnv().DB_POOL_SIZE);
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

/** The error's Prisma or SQL code and message ('' when absent). */
function errorParts(e: unknown): { code: string; message: string } {
  if (typeof e !== 'object' || e === null) return { code: '', message: '' };
  return { code: 'code' in e ? String(e.code) : '', message: 'message' in e ? String(e.message) : '' };
}

/** A unique constraint refused the write (P2002): a duplicate, often a concurrent twin of this request. */
export function isUniqueViolation(e: unknown): boolean {
  return errorParts(e).code === 'P2002';
}

function isBusyError(e: unknown): boolean {
  const { code, message } = errorParts(e);
  return code === 'P1008' || /SQLITE_BUSY|database is locked/i.test(message);
}

/**
 * PostgreSQL's answer to two serializable transactions that touched the same rows: one of them is
 * aborted (P2034, SQLSTATE 40001 serialization failure or 40P01 deadlock) and must be run again.
 */
function isSerializationFailure(e: unknown): boolean {
  const { code, message } = errorParts(e);
  return code === 'P2034' || code === '40001' || code === '40P01' || /could not serialize access|deadlock detected|write ?conflict|TransactionWriteConflict/i.test(message);
}

export interface TransactionOptions {
  /** Whole-transaction attempts before an error is passed on (default 5 on SQLite, 12 on PostgreSQL). */
  attempts?: number;
  /**
   * PostgreSQL: transactions naming the same lock run one after another (a transaction-scoped advisory
   * lock taken first), as every write transaction does on SQLite. For hot spots that read a set and
   * then insert into it (consent balancing conditions over a study's participants): without it, many
   * concurrent ones abort each other under SERIALIZABLE and exhaust their retries.
   */
  lock?: string;
  /**
   * PostgreSQL isolation; default 'serializable'. 'read-committed' only together with `lock`, for a
   * transaction whose reads the lock already protects: under SERIALIZABLE, PostgreSQL's page-level
   * predicate locks also abort it against unrelated writers (answers updating other participants' rows)
   * — measured: 63 of 200 simultaneous consents failed after 12 attempts each.
   */
  isolation?: 'serializable' | 'read-committed';
}

/**
 * Run a transaction, retrying the whole of it when SQLite reports busy (P1008), with jitter.
 * After a busy error the connection is not trusted again (STACK.md: later writes were reported
 * saved but lost), so the client is recreated before the retry.
 */
export async function withTransaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  // SQLite runs one writer at a time (BEGIN IMMEDIATE), so every transaction is serializable; the code
  // relies on that (read, check, write). PostgreSQL gets the same guarantee from SERIALIZABLE isolation,
  // and the transactions it aborts on conflict are retried whole like SQLite's busy ones, with
  // exponential backoff (many participants answering at once conflict in bursts).
  const postgresql = databaseKind() === 'postgresql';
  const attempts = options.attempts ?? (postgresql ? 12 : 5);
  const body = postgresql && options.lock
    ? async (tx: Tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${options.lock}, 0))`;
      return fn(tx);
    }
    : fn;
  if (options.isolation === 'read-committed' && !options.lock) throw new Error('withTransaction: read-committed isolation needs a lock');
  // Typed as the SQLite client, whose types know only 'Serializable'; the PostgreSQL client takes both.
  const isolationLevel = (options.isolation === 'read-committed' ? 'ReadCommitted' : 'Serializable') as 'Serializable';
  for (let i = 1; ; i++) {
    try {
      return await getDb().$transaction(body, { timeout: 15_000, maxWait: 10_000, ...(postgresql ? { isolationLevel } : {}) });
    } catch (e) {
      if (postgresql && isSerializationFailure(e) && i < attempts) {
        await new Promise((r) => setTimeout(r, Math.min(500, 5 * 2 ** i) * (0.5 + Math.random())));
        continue;
      }
      if (!isBusyError(e) || i >= attempts) throw e;
      console.warn(`[db] database busy (attempt ${i} of ${attempts}); retrying the transaction on a fresh connection`);
      await resetDb();
      await new Promise((r) => setTimeout(r, 20 * i + Math.random() * 50));
    }
  }
}
