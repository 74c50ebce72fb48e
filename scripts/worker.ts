// `npm run worker`: an explanation worker as its own process, claiming jobs from the shared database.
// GPU machines join a deployment this way (the native TensorFlow binding is used when it loads).
import os from 'node:os';
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db-migrate';
import { initBackend } from '@/lib/explainers/backend';
import { configureForwardRuntime } from '@/lib/explainers/forward-runtime';
import { runWorker } from '@/lib/stimuli/run-worker';

async function main(): Promise<void> {
  const env = getEnv();
  await migrateDatabase({ url: env.DATABASE_URL });
  const info = await initBackend({ force: env.TF_BACKEND });
  // One job at a time in this process: onnxruntime may use every core unless ONNX_THREADS says otherwise.
  const forward = configureForwardRuntime({ runtime: env.FORWARD_RUNTIME, threads: env.ONNX_THREADS ?? os.availableParallelism() });
  const workerId = `${os.hostname()}-${process.pid}`;
  console.log(`Explanation worker ${workerId} on the ${info.name} backend${info.skipped.length ? ` (skipped: ${info.skipped.join('; ')})` : ''}; forward-only work: ${forward.runtime}, ${forward.threads} onnxruntime thread(s)`);
  const stop = new AbortController();
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => stop.abort());
  await runWorker({ workerId, stop: stop.signal });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
