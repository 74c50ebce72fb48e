import 'server-only';
// A Prisma client for one given URL, apart from the app's shared client (getDb), which db:copy must not
// touch: it holds two databases open at once. A one-shot copy in one transaction needs two connections.
import { createPrismaClient, type Db } from '@/lib/db';

export function openClient(url: string): Db {
  return createPrismaClient(url, 2);
}
