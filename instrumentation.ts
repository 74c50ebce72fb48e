// Runs once when the Next.js server starts: launch the embedded explanation workers (Node runtime only).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startWorkerPool, stopWorkerPool } = await import('@/lib/stimuli/start-worker-pool');
  startWorkerPool();
  // scripts/serve.mjs calls this on SIGTERM: workers stop claiming and hand their running jobs back.
  (globalThis as { __faceXaiOnShutdown?: () => Promise<void> }).__faceXaiOnShutdown = () => stopWorkerPool();
}
