import 'server-only';
// Sharing a study: owners add colleagues as editors (edit, preview, publish, close) or analysts
// (results and exports). Only researchers or admins can be editors.
import { z } from 'zod';
import { getDb, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { collaboratorRoleSchema, type Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { recordAudit } from '@/lib/audit/record-audit';

export const addCollaboratorInputSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.')),
  role: collaboratorRoleSchema,
});

export async function addCollaborator(options: { actor: Actor; studyId: string; input: z.infer<typeof addCollaboratorInputSchema> }): Promise<void> {
  const study = await findStudyFor(options.actor, options.studyId, 'share');
  const user = await getDb().user.findUnique({ where: { email: options.input.email } });
  if (!user) throw new AppError('NOT_FOUND', `No account uses ${options.input.email}. An administrator can create one.`);
  if (user.id === study.ownerId) throw new AppError('BAD_INPUT', 'The owner already has full access.');
  if (options.input.role === 'editor' && user.role === 'analyst') throw new AppError('BAD_INPUT', 'Analyst accounts can only be added as analysts.');
  await withTransaction(async (tx) => {
    await tx.studyCollaborator.upsert({
      where: { studyId_userId: { studyId: study.id, userId: user.id } },
      create: { studyId: study.id, userId: user.id, role: options.input.role },
      update: { role: options.input.role },
    });
    await recordAudit(tx, { actor: options.actor, action: 'study.share', studyId: study.id, detail: { email: user.email, role: options.input.role } });
  });
}

export async function removeCollaborator(options: { actor: Actor; studyId: string; userId: string }): Promise<void> {
  const study = await findStudyFor(options.actor, options.studyId, 'share');
  await withTransaction(async (tx) => {
    const removed = await tx.studyCollaborator.deleteMany({ where: { studyId: study.id, userId: options.userId } });
    if (removed.count) await recordAudit(tx, { actor: options.actor, action: 'study.unshare', studyId: study.id, detail: { userId: options.userId } });
  });
}

export async function listCollaborators(options: { actor: Actor; studyId: string }) {
  const study = await findStudyFor(options.actor, options.studyId, 'view');
  return getDb().studyCollaborator.findMany({ where: { studyId: study.id }, include: { user: { select: { email: true, role: true } } }, orderBy: { createdAt: 'asc' } });
}
