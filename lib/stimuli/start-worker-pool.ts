import 'server-only';
// Starts the embedded explanation workers (worker threads) once per server process. Kept on globalThis
// because Next gives instrumentation and route handlers separate module instances (STACK.md).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { getEnv } from '@/lib/env';

interface Pool {
  workers: Worker[];
  backend: string | null;
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
  const pool: Pool = { workers: [], backend: null };
  store.__explanationPool = pool;
  for (let i = 0; i < count; i++) {
    const workerId = `${os.hostname()}-${process.pid}-t${i}`;
    const worker = new Worker(new URL('./explanation-worker-thread.ts', import.meta.url), { workerData: { workerId, backend: env.TF_BACKEND, nice: env.EXPLANATION_WORKER_NICE } });
    worker.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'backend' in m && typeof m.backend === 'string') {
        pool.backend = m.backend;
        console.log(`Explanation worker ${workerId} ready on the ${m.backend} backend`);
      }
    });
    worker.on('error', (e) => console.error(`Explanation worker ${workerId} failed:`, e));
    pool.workers.push(worker);
  }
  if (count > 0) console.log(`Started ${count} explanation worker thread(s)`);
  return pool;
}
