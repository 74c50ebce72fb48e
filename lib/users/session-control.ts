import 'server-only';
// Changing a password and "sign out everywhere" both bump the session version, which
// lib/auth/current-actor.ts compares on every request: all existing sessions end at once.
import { getDb, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { hashPassword, passwordSchema, verifyPassword } from '@/lib/auth/password';
import type { Actor } from '@/lib/auth/roles';
import { recordAudit } from '@/lib/audit/record-audit';

export async function signOutEverywhere(options: { actor: Actor }): Promise<void> {
  await withTransaction(async (tx) => {
    await tx.user.update({ where: { id: options.actor.id }, data: { sessionVersion: { increment: 1 } } });
    await recordAudit(tx, { actor: options.actor, action: 'user.sign-out-everywhere' });
  });
}

export async function changePassword(options: { actor: Actor; currentPassword: string; newPassword: string }): Promise<void> {
  const next = passwordSchema.safeParse(options.newPassword);
  if (!next.success) throw new AppError('BAD_INPUT', next.error.issues[0]?.message ?? 'Invalid password.', { newPassword: next.error.issues[0]?.message ?? '' });
  const user = await getDb().user.findUnique({ where: { id: options.actor.id } });
  if (!user || !(await verifyPassword(user.passwordHash, options.currentPassword))) {
    throw new AppError('BAD_INPUT', 'Your current password is not correct.', { currentPassword: 'Not correct.' });
  }
  const passwordHash = await hashPassword(next.data);
  await withTransaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, { actor: options.actor, action: 'user.change-password' });
  });
}
