import 'server-only';
// The health report operators and monitoring rely on: { ok, database, tensorflowBackend }.
import { databaseKind, getDb } from '@/lib/db';
import { workerPool } from '@/lib/stimuli/start-worker-pool';
import { summariseBackend } from '@/lib/stimuli/worker-pool-status';

export interface Health {
  ok: boolean;
  database: 'sqlite' | 'postgresql';
  /**
   * The TF.js backend the embedded explanation workers run on ('wasm', 'tensorflow', 'cpu'), or
   * 'starting' while they load TF.js, 'failed' when every one failed, 'none' without embedded workers.
   * Never null: a null read as "broken" during the first minute after a start.
   */
  tensorflowBackend: string;
  /** Why the workers failed, fell back to the slow 'cpu' backend, or are absent. */
  tensorflowBackendReason?: string;
  /** Only when `ok` is false: why (the database did not answer). */
  reason?: string;
}

/** `ok` is the database's answer alone: pages and answers work without the workers. */
export async function checkHealth(): Promise<Health> {
  const database = databaseKind();
  const pool = workerPool();
  // The web server starts its pool in instrumentation.ts before serving; other processes have none.
  const backend = pool ? summariseBackend(pool.states) : { tensorflowBackend: 'none', reason: 'no explanation workers were started in this process' };
  const workers = { tensorflowBackend: backend.tensorflowBackend, ...(backend.reason ? { tensorflowBackendReason: backend.reason } : {}) };
  try {
    await getDb().$queryRawUnsafe('SELECT 1');
    return { ok: true, database, ...workers };
  } catch (e) {
    return { ok: false, database, ...workers, reason: `database unreachable: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}
