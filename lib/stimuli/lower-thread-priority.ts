import os from 'node:os';

/**
 * Lowers the calling thread's scheduling priority to `nice` (0–19) so model compute yields the CPU to HTTP
 * requests. On Linux the nice value is per thread, so pid 0 changes only the calling worker thread, not the
 * web server's request thread. Elsewhere it may apply to the whole process, so it is only done on Linux.
 * Returns why it was refused, or null; a refusal is harmless (the thread keeps normal priority).
 */
export function lowerThreadPriority(nice: number): string | null {
  if (nice === 0 || process.platform !== 'linux') return null;
  try {
    os.setPriority(0, nice);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
