import 'server-only';
// The researcher's study list: every study they may see, with status, latest version and how many
// participants started and completed (counted in the database).
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { studyAccessWhere } from '@/lib/auth/study-access';

export interface StudySummary {
  id: string;
  slug: string;
  title: string;
  status: string;
  source: string;
  latestVersion: number | null;
  relation: 'owner' | 'editor' | 'analyst' | 'admin';
  started: number;
  completed: number;
}

export async function listStudiesForActor(options: { actor: Actor }): Promise<StudySummary[]> {
  const { actor } = options;
  const db = getDb();
  const studies = await db.study.findMany({
    where: studyAccessWhere(actor, 'view'),
    include: { versions: { orderBy: { version: 'desc' }, take: 1, select: { version: true } }, collaborators: { where: { userId: actor.id } } },
    orderBy: { updatedAt: 'desc' },
  });
  const ids = studies.map((s) => s.id);
  const counts = await db.participant.groupBy({ by: ['studyId', 'status'], where: { studyId: { in: ids } }, _count: { _all: true } });
  const count = (studyId: string, statuses: string[]) =>
    counts.filter((c) => c.studyId === studyId && statuses.includes(c.status)).reduce((n, c) => n + c._count._all, 0);
  return studies.map((s) => ({
    id: s.id,
    slug: s.slug,
    title: s.title,
    status: s.status,
    source: s.source,
    latestVersion: s.versions[0]?.version ?? null,
    relation: s.ownerId === actor.id ? 'owner' : s.collaborators[0]?.role === 'editor' ? 'editor' : s.collaborators[0]?.role === 'analyst' ? 'analyst' : 'admin',
    started: count(s.id, ['consented', 'completed']),
    completed: count(s.id, ['completed']),
  }));
}
