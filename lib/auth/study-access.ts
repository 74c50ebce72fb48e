import 'server-only';
// Who may do what to a study. One table, used both to build the `where` clause of every query that
// reads or writes a study (ownership is checked in the query itself) and by the authorization
// matrix test, so a new action cannot be added without its rule.
import type { Prisma } from '@/lib/generated/prisma/client';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';

type Relation = 'owner' | 'editor' | 'analyst';

export const studyPermissions = {
  view: ['owner', 'editor', 'analyst'],
  edit: ['owner', 'editor'],
  preview: ['owner', 'editor'],
  publish: ['owner', 'editor'],
  close: ['owner', 'editor'],
  results: ['owner', 'editor', 'analyst'],
  export: ['owner', 'editor', 'analyst'],
  share: ['owner'],
  audit: ['owner', 'editor'],
} as const satisfies Record<string, readonly Relation[]>;

export type StudyPermission = keyof typeof studyPermissions;

/** The `where` clause selecting the studies an actor holds a permission on. Admins hold all. */
export function studyAccessWhere(actor: Actor, permission: StudyPermission): Prisma.StudyWhereInput {
  if (actor.role === 'admin') return {};
  const relations: readonly Relation[] = studyPermissions[permission];
  const or: Prisma.StudyWhereInput[] = [];
  if (relations.includes('owner') && actor.role === 'researcher') or.push({ ownerId: actor.id });
  const collab = relations.filter((r) => r !== 'owner');
  if (collab.length) or.push({ collaborators: { some: { userId: actor.id, role: { in: collab } } } });
  // Prisma treats `OR: []` as no condition at all (every study would match), so "no way in" must be
  // an explicit condition that matches nothing. The authorization matrix test caught this.
  return or.length ? { OR: or } : { id: { in: [] } };
}

/**
 * The study, if the actor holds the permission. Someone who may see the study but not do this gets
 * 403; someone who may not see it at all gets 404, which does not reveal that it exists.
 */
export async function findStudyFor(actor: Actor, studyId: string, permission: StudyPermission) {
  const db = getDb();
  const study = await db.study.findFirst({ where: { AND: [{ id: studyId }, studyAccessWhere(actor, permission)] } });
  if (study) return study;
  const visible = await db.study.count({ where: { AND: [{ id: studyId }, studyAccessWhere(actor, 'view')] } });
  throw visible
    ? new AppError('FORBIDDEN', 'You do not have permission to do this on this study.')
    : new AppError('NOT_FOUND', 'Study not found.');
}

/** Every permission the actor holds on one study, for showing only the actions they can take. */
export async function studyPermissionsFor(actor: Actor, studyId: string): Promise<Record<StudyPermission, boolean>> {
  const study = await getDb().study.findUnique({
    where: { id: studyId },
    select: { ownerId: true, collaborators: { where: { userId: actor.id }, select: { role: true } } },
  });
  const relation: Relation | null =
    study && study.ownerId === actor.id && actor.role === 'researcher'
      ? 'owner'
      : study?.collaborators[0]?.role === 'editor'
        ? 'editor'
        : study?.collaborators[0]?.role === 'analyst'
          ? 'analyst'
          : null;
  const entries = Object.entries(studyPermissions).map(([p, relations]) => [
    p,
    actor.role === 'admin' || (relation !== null && (relations as readonly Relation[]).includes(relation)),
  ]);
  return Object.fromEntries(entries) as Record<StudyPermission, boolean>;
}
