// Creates accounts through the real command (`npm run user:create`) against the e2e database.
// Idempotent, because Playwright re-runs beforeAll in a fresh worker after a failure.
import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';

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

/** Signs in through the form and waits for the studies list. Argon2 verification is deliberately slow,
 * and the server may be generating images meanwhile, hence the long wait. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible({ timeout: 30_000 });
}
