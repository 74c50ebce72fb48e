import 'server-only';
// Starts the embedded explanation workers (worker threads) once per server process. Kept on globalThis
// because Next gives instrumentation and route handlers separate module instances (STACK.md).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { getEnv } from '@/lib/env';
import { stateFromMessage, workerMessageSchema, type WorkerState } from '@/lib/stimuli/worker-pool-status';

interface Pool {
  workers: Worker[];
  /** Set by stopWorkerPool: thread exits are then expected, not failures. */
  stopping?: boolean;
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

/**
 * onnxruntime threads per worker (forward-only work, lib/explainers/forward-runtime.ts): the cores shared
 * out among the worker threads, at least one, so the workers together do not oversubscribe the machine.
 */
export function defaultOnnxThreads(cores: number, workers: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, workers)));
}

export function startWorkerPool(): Pool {
  if (store.__explanationPool) return store.__explanationPool;
  const env = getEnv();
  const count = env.EXPLANATION_WORKERS ?? defaultWorkerCount(os.availableParallelism());
  const forward = { runtime: env.FORWARD_RUNTIME, threads: env.ONNX_THREADS ?? defaultOnnxThreads(os.availableParallelism(), count) };
  const pool: Pool = { workers: [], states: [] };
  store.__explanationPool = pool;
  for (let i = 0; i < count; i++) {
    const workerId = `${os.hostname()}-${process.pid}-t${i}`;
    const worker = new Worker(new URL('./explanation-worker-thread.ts', import.meta.url), { workerData: { workerId, backend: env.TF_BACKEND, forward, nice: env.EXPLANATION_WORKER_NICE } });
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
      if (pool.states[i]?.state !== 'failed') pool.states[i] = { state: 'failed', error: pool.stopping ? 'stopped: the server is shutting down' : `worker thread exited with code ${code}` };
    });
    pool.workers.push(worker);
  }
  if (count > 0) console.log(`Started ${count} explanation worker thread(s)`);
  return pool;
}

/**
 * Graceful shutdown (SIGTERM, scripts/serve.mjs): every worker stops claiming, stops its running job and
 * hands it back to the queue (job-queue.ts releaseJob), then its thread exits. Threads still running after
 * `timeoutMs` are terminated; their jobs are requeued by the stale-heartbeat rule like a crash's.
 */
export async function stopWorkerPool(timeoutMs = 10_000): Promise<void> {
  const pool = store.__explanationPool;
  if (!pool || pool.stopping) return;
  pool.stopping = true;
  await Promise.all(pool.workers.map((worker) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => { void worker.terminate().finally(resolve); }, timeoutMs);
    worker.once('exit', () => { clearTimeout(timer); resolve(); });
    worker.postMessage('stop');
  })));
}
