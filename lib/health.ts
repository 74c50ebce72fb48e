import 'server-only';
// The health report operators and monitoring rely on: { ok, database, tensorflowBackend }.
import { databaseKind, getDb } from '@/lib/db';
import { workerPool } from '@/lib/stimuli/start-worker-pool';

export interface Health {
  ok: boolean;
  database: 'sqlite' | 'postgresql';
  /** The TF.js backend the embedded explanation workers run on (null until one has started). */
  tensorflowBackend: string | null;
  reason?: string;
}

export async function checkHealth(): Promise<Health> {
  const database = databaseKind();
  const tensorflowBackend = workerPool()?.backend ?? null;
  try {
    await getDb().$queryRawUnsafe('SELECT 1');
    return { ok: true, database, tensorflowBackend };
  } catch (e) {
    return { ok: false, database, tensorflowBackend, reason: `database unreachable: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}
