// Runs once when the Next.js server starts: launch the embedded explanation workers (Node runtime only).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startWorkerPool } = await import('@/lib/stimuli/start-worker-pool');
  startWorkerPool();
}
