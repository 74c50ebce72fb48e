import 'server-only';
// Sign-in throttling per account and per IP, counted in the database so it holds across restarts
// and across several server instances.
import { getDb } from '@/lib/db';

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

export async function isSignInBlocked(options: { email: string; ip: string }): Promise<boolean> {
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
  const db = getDb();
  const [byEmail, byIp] = await Promise.all([
    db.signInAttempt.count({ where: { email: options.email, success: false, createdAt: { gte: since } } }),
    db.signInAttempt.count({ where: { ip: options.ip, success: false, createdAt: { gte: since } } }),
  ]);
  return byEmail >= MAX_FAILURES_PER_ACCOUNT || byIp >= MAX_FAILURES_PER_IP;
}

export async function recordSignInAttempt(options: { email: string; ip: string; success: boolean }): Promise<void> {
  await getDb().signInAttempt.create({ data: options });
}
