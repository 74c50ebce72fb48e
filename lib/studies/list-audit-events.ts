import 'server-only';
// The audit trail of one study, newest first, for those allowed to see it.
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';

export async function listAuditEvents(options: { actor: Actor; studyId: string }) {
  const study = await findStudyFor(options.actor, options.studyId, 'audit');
  return getDb().auditEvent.findMany({ where: { studyId: study.id }, orderBy: { createdAt: 'desc' }, take: 200 });
}
