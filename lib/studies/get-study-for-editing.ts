import 'server-only';
// What the editor page needs: the draft (or, for file studies, the latest version), its issues,
// the versions so far and what this actor may do.
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor, studyPermissionsFor } from '@/lib/auth/study-access';
import { validateDraft, type FieldIssue } from '@/lib/studies/validate-draft';
import { parseStimulusMap, versionReadiness } from '@/lib/stimuli/stimulus-status';

export async function getStudyForEditing(options: { actor: Actor; studyId: string }) {
  const study = await findStudyFor(options.actor, options.studyId, 'view');
  const versions = await getDb().studyVersion.findMany({
    where: { studyId: study.id },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, publishedAt: true, definition: true, stimulusMap: true, _count: { select: { participants: true } } },
  });
  const draft: unknown = study.draft ? JSON.parse(study.draft) : versions[0] ? JSON.parse(versions[0].definition) : null;
  const v = draft ? validateDraft(draft) : null;
  const issues: FieldIssue[] = v && !v.ok ? v.issues : [];
  const can = await studyPermissionsFor(options.actor, study.id);
  // Generated images of the newest version: the participant link opens when they are all done.
  const generation = await versionReadiness(parseStimulusMap(versions[0]?.stimulusMap ?? null));
  if (study.source !== 'ui') can.edit = false;
  return {
    study: { id: study.id, slug: study.slug, title: study.title, status: study.status, source: study.source },
    draft,
    issues,
    versions: versions.map((x) => ({ id: x.id, version: x.version, publishedAt: x.publishedAt, participants: x._count.participants })),
    can,
    generation,
  };
}
