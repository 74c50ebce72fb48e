import 'server-only';
// The consent decision creates the participant. Declining stores only that decision (no condition,
// no answers). Agreeing assigns a between-subject condition (least-filled bucket) and a shuffle
// seed, in one transaction.
import { z } from 'zod';
import { getEnv } from '@/lib/env';
import { getDb, isUniqueViolation, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getLatestStudyVersion } from '@/lib/studies/get-study-version';
import { pickLeastFilled } from '@/lib/participation/assign-condition';
import { newSeed } from '@/lib/participation/shuffle';

const externalIdSchema = z.string().trim().min(1).max(128).regex(/^[\w.:@-]+$/, 'contains unexpected characters').optional();

export const consentInputSchema = z.object({
  slug: z.string().min(1).max(64),
  decision: z.enum(['agree', 'decline']),
  externalId: externalIdSchema,
  externalStudyId: externalIdSchema,
  externalSessionId: externalIdSchema,
});
export type ConsentInput = z.infer<typeof consentInputSchema>;


export async function decideConsent(options: { input: ConsentInput; currentParticipantId: string | null }): Promise<{ participantId: string }> {
  const { input, currentParticipantId } = options;
  const version = await getLatestStudyVersion({ slug: input.slug });

  if (currentParticipantId) {
    const current = await getDb().participant.findFirst({ where: { id: currentParticipantId, studyId: version.studyId } });
    if (current) return { participantId: current.id };
  }
  if (version.status === 'closed') throw new AppError('GONE', 'This study is closed and no longer accepts new participants. Thank you for your interest.');
  if (version.status !== 'published') throw new AppError('NOT_FOUND', 'This study does not exist or is not open yet.');

  const alreadyTaken = new AppError('CONFLICT', 'You have already taken part in this study (perhaps in another browser or device). Thank you — you do not need to take part again.');
  if (input.externalId) {
    const prior = await getDb().participant.findUnique({ where: { studyId_externalId: { studyId: version.studyId, externalId: input.externalId } } });
    if (prior) throw alreadyTaken;
  }

  const base = {
    studyId: version.studyId,
    studyVersionId: version.versionId,
    seed: newSeed(),
    externalId: input.externalId ?? null,
    externalStudyId: input.externalStudyId ?? null,
    externalSessionId: input.externalSessionId ?? null,
  };
  try {
    if (input.decision === 'decline') {
      const p = await getDb().participant.create({ data: { ...base, status: 'declined' } });
      return { participantId: p.id };
    }
    const conditions = (version.definition.conditions ?? []).map((c) => c.id);
    const activeSince = new Date(Date.now() - getEnv().ABANDON_AFTER_MINUTES * 60_000);
    return await withTransaction(async (tx) => {
      const groups = await tx.participant.groupBy({
        by: ['condition'],
        where: {
          studyId: version.studyId,
          OR: [{ status: 'completed' }, { status: 'consented', lastSeenAt: { gte: activeSince } }],
        },
        _count: { _all: true },
      });
      const condition = pickLeastFilled(conditions, groups.flatMap((g) => (g.condition ? [{ condition: g.condition, count: g._count._all }] : [])));
      const now = new Date();
      const p = await tx.participant.create({ data: { ...base, status: 'consented', condition, consentedAt: now, lastSeenAt: now } });
      return { participantId: p.id };
      // Consents of one study take turns (the lock), so the counts read are exact without SERIALIZABLE.
    }, { lock: `consent:${version.studyId}`, isolation: 'read-committed' });
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyTaken;
    throw e;
  }
}
