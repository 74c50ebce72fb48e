import 'server-only';
// Checks credentials for next-auth's credentials provider. A wrong password, an unknown email and
// a throttled account all give the same answer (null), so the form cannot be used to probe accounts.
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { burnVerification, verifyPassword } from '@/lib/auth/password';
import { releaseSignInAttempt, reserveSignInAttempt } from '@/lib/auth/sign-in-throttle';
import { userRoleSchema, type UserRole } from '@/lib/auth/roles';

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254)),
  password: z.string().min(1).max(200),
});

export interface AuthenticatedUser {
  id: string;
  email: string;
  role: UserRole;
  sessionVersion: number;
}

/**
 * `ip` is the client address as lib/auth/client-address.ts determined it. The attempt is counted by the
 * throttle before the password is verified (sign-in-throttle.ts), so parallel guesses cannot race it.
 */
export async function authenticate(options: { credentials: unknown; ip: string }): Promise<AuthenticatedUser | null> {
  const parsed = credentialsSchema.safeParse(options.credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = options.ip.slice(0, 64);
  if (!(await reserveSignInAttempt({ email, address: ip }))) {
    await burnVerification(password);
    await getDb().signInAttempt.create({ data: { email, ip, success: false } });
    return null;
  }
  const user = await getDb().user.findUnique({ where: { email } });
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnVerification(password), false);
  // The history of attempts (SignInAttempt) is kept for audit; the throttle's counters decide.
  await getDb().signInAttempt.create({ data: { email, ip, success: ok } });
  if (ok) await releaseSignInAttempt({ email, address: ip });
  if (!user || !ok) return null;
  return { id: user.id, email: user.email, role: userRoleSchema.parse(user.role), sessionVersion: user.sessionVersion };
}
