import 'server-only';
// User administration: create (admins, or the bootstrap command), remove, list. Removing a user ends
// their sessions at once (their row is gone), and their studies stay, without an owner, for admins.
import { z } from 'zod';
import { getDb, isUniqueViolation, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { hashPassword, passwordSchema } from '@/lib/auth/password';
import { userRoleSchema, type Actor } from '@/lib/auth/roles';
import { recordAudit } from '@/lib/audit/record-audit';

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.')),
  name: z.string().trim().max(100).optional(),
  role: userRoleSchema,
  password: passwordSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

function requireAdmin(actor: Actor | null): void {
  if (actor && actor.role !== 'admin') throw new AppError('FORBIDDEN', 'Only administrators manage users.');
}

/** `actor: null` is the command line (`npm run user:create`), which runs with the operator's rights. */
export async function createUser(options: { actor: Actor | null; input: NewUser }): Promise<{ id: string; email: string }> {
  requireAdmin(options.actor);
  const input = newUserSchema.parse(options.input);
  const passwordHash = await hashPassword(input.password);
  try {
    return await withTransaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name ?? null, role: input.role, passwordHash } });
      await recordAudit(tx, { actor: options.actor, action: 'user.create', detail: { email: user.email, role: user.role } });
      return { id: user.id, email: user.email };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', `A user with the email ${input.email} already exists.`);
    throw e;
  }
}

export async function removeUser(options: { actor: Actor; userId: string }): Promise<void> {
  requireAdmin(options.actor);
  if (options.userId === options.actor.id) throw new AppError('BAD_INPUT', 'You cannot remove your own account.');
  await withTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: options.userId } });
    if (!user) throw new AppError('NOT_FOUND', 'User not found.');
    await tx.user.delete({ where: { id: user.id } });
    await recordAudit(tx, { actor: options.actor, action: 'user.remove', detail: { email: user.email } });
  });
}

export async function listUsers(options: { actor: Actor }) {
  requireAdmin(options.actor);
  return getDb().user.findMany({ select: { id: true, email: true, name: true, role: true, createdAt: true }, orderBy: { email: 'asc' } });
}
