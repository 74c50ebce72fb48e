// Creates accounts through the real command (`npm run user:create`) against the e2e database.
// Idempotent, because Playwright re-runs beforeAll in a fresh worker after a failure.
import { execFileSync } from 'node:child_process';

export function createUserViaCli(email: string, role: 'admin' | 'researcher' | 'analyst', password: string): void {
  try {
    execFileSync('npx', ['tsx', '--conditions=react-server', 'scripts/user-create.ts', '--email', email, '--role', role, '--password', password], {
      env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR },
      stdio: 'pipe',
    });
  } catch (e) {
    const stderr = typeof e === 'object' && e !== null && 'stderr' in e ? String(e.stderr) : '';
    if (!stderr.includes('already exists')) throw e;
  }
}
