import 'server-only';
// The audit trail: who changed, published, closed or shared what, and when. Written in the same
// transaction as the change it describes, so the two never disagree.
import type { Db } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';

type Writer = Pick<Db, 'auditEvent'>;

export async function recordAudit(db: Writer, options: { actor: Actor | null; action: string; studyId?: string; detail?: Record<string, unknown> }): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: options.actor?.id ?? null,
      actorEmail: options.actor?.email ?? null,
      action: options.action,
      studyId: options.studyId ?? null,
      detail: JSON.stringify(options.detail ?? {}),
    },
  });
}
