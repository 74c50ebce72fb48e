// A migrated test database with one researcher who owns one published study: the setup the analysis and
// export tests share.
import type { Actor } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { studySchema } from '@/lib/studies/study-schema';
import { createUser } from '@/lib/users/manage-users';
import { createTestDatabase } from './test-db';

export async function createOwnedStudy(study: unknown): Promise<{ cleanup: () => Promise<void>; actor: Actor; studyId: string; versionId: string }> {
  const { cleanup } = await createTestDatabase();
  const u = await createUser({ actor: null, input: { email: 'owner@a.test', role: 'researcher', password: 'long-enough-password' } });
  const actor: Actor = { id: u.id, email: u.email, role: 'researcher' };
  const published = await publishStudyVersion({ study: studySchema.parse(study) });
  await getDb().study.update({ where: { id: published.studyId }, data: { ownerId: actor.id, source: 'ui' } });
  return { cleanup, actor, studyId: published.studyId, versionId: published.versionId };
}
