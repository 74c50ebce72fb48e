// Entry point of an explanation worker thread started by the web server: model compute runs here so
// it never blocks HTTP requests.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { initBackend, backendChoiceSchema } from '@/lib/explainers/backend';
import { configureForwardRuntime, forwardRuntimeChoiceSchema } from '@/lib/explainers/forward-runtime';
import { lowerThreadPriority } from '@/lib/stimuli/lower-thread-priority';
import { runWorker } from '@/lib/stimuli/run-worker';

const dataSchema = z.object({
  workerId: z.string(),
  backend: backendChoiceSchema.optional(),
  forward: z.object({ runtime: forwardRuntimeChoiceSchema, threads: z.number().int().min(1) }).optional(),
  nice: z.number().int().min(0).max(19).default(0),
});

async function main(): Promise<void> {
  const { workerId, backend, forward, nice } = dataSchema.parse(workerData);
  if (forward) configureForwardRuntime(forward);
  const refused = lowerThreadPriority(nice);
  if (refused) console.log(`[worker ${workerId}] could not lower its priority: ${refused}`);
  const stop = new AbortController();
  parentPort?.on('message', (m: unknown) => { if (m === 'stop') stop.abort(); });
  const info = await initBackend({ force: backend });
  parentPort?.postMessage({ type: 'ready', backend: info.name, skipped: info.skipped, forced: backend !== undefined });
  // Inside the web server only problems are worth a console line; `npm run worker` logs every job.
  const log = (line: string) => { if (/fail|error|requeued|stopped/i.test(line)) console.log(`[worker ${workerId}] ${line}`); };
  await runWorker({ workerId, stop: stop.signal, log });
  // Stopped by the server (graceful shutdown): end the thread even if TF.js keeps handles open.
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error('[explanation worker] fatal:', e);
  // The server reports this in /api/health (a message posted before exit is still delivered).
  parentPort?.postMessage({ type: 'failed', error: e instanceof Error ? (e.message.split('\n')[0] ?? e.name) : String(e) });
  process.exit(1);
});
