import 'server-only';
// The health report operators and monitoring rely on: { ok, database, tensorflowBackend }.
import { databaseKind, getDb } from '@/lib/db';

export interface Health {
  ok: boolean;
  database: 'sqlite' | 'postgresql';
  /** The TF.js backend in use by explanation workers, once one has been initialised in this process. */
  tensorflowBackend: string | null;
  reason?: string;
}

export async function checkHealth(): Promise<Health> {
  const database = databaseKind();
  const tensorflowBackend = (globalThis as { __tfBackendName?: string }).__tfBackendName ?? null;
  try {
    await getDb().$queryRawUnsafe('SELECT 1');
    return { ok: true, database, tensorflowBackend };
  } catch (e) {
    return { ok: false, database, tensorflowBackend, reason: `database unreachable: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}
