import 'server-only';
// Starts the embedded explanation workers (worker threads) once per server process. Kept on globalThis
// because Next gives instrumentation and route handlers separate module instances (STACK.md).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { getEnv } from '@/lib/env';
import { stateFromMessage, workerMessageSchema, type WorkerState } from '@/lib/stimuli/worker-pool-status';

interface Pool {
  workers: Worker[];
  /** Per worker, what it last reported (lib/health.ts summarises these). */
  states: WorkerState[];
}

const store = globalThis as unknown as { __explanationPool?: Pool };

export function workerPool(): Pool | undefined {
  return store.__explanationPool;
}

/**
 * One thread per spare core, but two on a 2-core machine: each TF.js wasm thread uses one core, and the
 * threads run at a lower priority (EXPLANATION_WORKER_NICE) so HTTP requests still come first. With one
 * thread the second core idled during generation (issue #15).
 */
export function defaultWorkerCount(cores: number): number {
  return Math.max(Math.min(2, cores), cores - 1, 1);
}

export function startWorkerPool(): Pool {
  if (store.__explanationPool) return store.__explanationPool;
  const env = getEnv();
  const count = env.EXPLANATION_WORKERS ?? defaultWorkerCount(os.availableParallelism());
  const pool: Pool = { workers: [], states: [] };
  store.__explanationPool = pool;
  for (let i = 0; i < count; i++) {
    const workerId = `${os.hostname()}-${process.pid}-t${i}`;
    const worker = new Worker(new URL('./explanation-worker-thread.ts', import.meta.url), { workerData: { workerId, backend: env.TF_BACKEND, nice: env.EXPLANATION_WORKER_NICE } });
    pool.states[i] = { state: 'starting' };
    worker.on('message', (m: unknown) => {
      const message = workerMessageSchema.safeParse(m);
      if (!message.success) return;
      pool.states[i] = stateFromMessage(message.data);
      if (message.data.type === 'ready') console.log(`Explanation worker ${workerId} ready on the ${message.data.backend} backend`);
    });
    worker.on('error', (e) => {
      pool.states[i] = { state: 'failed', error: e.message.split('\n')[0] ?? String(e) };
      console.error(`Explanation worker ${workerId} failed:`, e);
    });
    // A thread that ends without saying why (killed, out of memory) must not stay "starting" for ever.
    worker.on('exit', (code) => {
      if (pool.states[i]?.state !== 'failed') pool.states[i] = { state: 'failed', error: `worker thread exited with code ${code}` };
    });
    pool.workers.push(worker);
  }
  if (count > 0) console.log(`Started ${count} explanation worker thread(s)`);
  return pool;
}
