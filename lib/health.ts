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
  /**
   * The HTTP server's load (scripts/graceful-server.mjs), when served by `npm start`: requests in flight,
   * p99 event-loop delay (ms) over the last seconds, whether it is shutting down, and whether it is past
   * the overload thresholds. The route answers 503 while overloaded or draining, so a proxy sends new
   * participants to another server.
   */
  load?: ServerLoad;
}

export interface ServerLoad {
  inFlight: number;
  eventLoopDelayMs: number;
  draining: boolean;
  overloaded: boolean;
}

function serverLoad(): ServerLoad | undefined {
  const read = (globalThis as { __faceXaiServerLoad?: () => ServerLoad }).__faceXaiServerLoad;
  return read ? read() : undefined;
}

/** Whether a proxy should send traffic here: database answering, not overloaded, not shutting down. */
export function healthStatusCode(health: Health): 200 | 503 {
  return health.ok && !health.load?.overloaded && !health.load?.draining ? 200 : 503;
}

/** `ok` is the database's answer alone: pages and answers work without the workers. */
export async function checkHealth(): Promise<Health> {
  const database = databaseKind();
  const pool = workerPool();
  // The web server starts its pool in instrumentation.ts before serving; other processes have none.
  const backend = pool ? summariseBackend(pool.states) : { tensorflowBackend: 'none', reason: 'no explanation workers were started in this process' };
  const load = serverLoad();
  const workers = { tensorflowBackend: backend.tensorflowBackend, ...(backend.reason ? { tensorflowBackendReason: backend.reason } : {}), ...(load ? { load } : {}) };
  try {
    await getDb().$queryRawUnsafe('SELECT 1');
    return { ok: true, database, ...workers };
  } catch (e) {
    return { ok: false, database, ...workers, reason: `database unreachable: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}
