// The cookie-signing secret shared by every web server of a PostgreSQL deployment, kept in the database
// (a StoredBlob row) so that no operator has to copy it between machines. The first server to start
// creates it; an insert that finds the row already there keeps the existing one, so concurrent starts
// agree. SQLite deployments keep using the file in DATA_DIR (lib/secrets.ts).
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';

const KEY = 'secret:session';

export async function loadSharedSessionSecret(db: PrismaClient): Promise<string> {
  const fresh = randomBytes(48).toString('base64url');
  await db.$executeRaw`INSERT INTO "StoredBlob" ("key", "bytes", "size") VALUES (${KEY}, ${Buffer.from(fresh)}, ${fresh.length}) ON CONFLICT ("key") DO NOTHING`;
  const row = await db.storedBlob.findUniqueOrThrow({ where: { key: KEY } });
  return Buffer.from(row.bytes).toString('utf8');
}
