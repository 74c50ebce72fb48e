import 'server-only';
// A Prisma client for one given URL, apart from the app's shared client (getDb), which db:copy must not
// touch: it holds two databases open at once. Built as lib/db.ts builds its own, minus the pool sizing
// and the shared-connection transactions, which a one-shot copy with one transaction does not need.
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import type { Db } from '@/lib/db';
import { isPostgresqlUrl } from '@/lib/db-migrate';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { PrismaClient as PostgresqlPrismaClient } from '@/lib/generated/prisma-postgresql/client';

export function openClient(url: string): Db {
  if (isPostgresqlUrl(url)) {
    // Same models and query API as the SQLite client (one data model); only the provider differs.
    return new PostgresqlPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) }) as unknown as Db;
  }
  return new PrismaClient({ adapter: new PrismaLibSql({ url, timeout: 5000 }) });
}
