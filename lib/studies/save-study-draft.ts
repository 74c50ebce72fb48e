import 'server-only';
// Saves the editor's draft even when it is not valid yet (work is never lost) and returns the
// schema's issues for the editor to show next to each field. The address (slug) is fixed once chosen,
// because participant links depend on it.
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { recordAudit } from '@/lib/audit/record-audit';
import { validateDraft, type FieldIssue } from '@/lib/studies/validate-draft';

export async function saveStudyDraft(options: { actor: Actor; studyId: string; draft: unknown }): Promise<{ issues: FieldIssue[] }> {
  const study = await findStudyFor(options.actor, options.studyId, 'edit');
  if (study.source !== 'ui') throw new AppError('CONFLICT', 'This study is defined by a file in studies/; edit the file (or import a copy) instead.');
  if (typeof options.draft !== 'object' || options.draft === null || Array.isArray(options.draft)) throw new AppError('BAD_INPUT', 'The draft must be a study object.');
  const v = validateDraft(options.draft);
  const issues = v.ok ? [] : [...v.issues];
  if (Reflect.get(options.draft, 'slug') !== study.slug) issues.push({ path: 'slug', message: `The address cannot change; it is "${study.slug}".` });
  await withTransaction(async (tx) => {
    await tx.study.update({ where: { id: study.id }, data: { draft: JSON.stringify(options.draft) } });
    await recordAudit(tx, { actor: options.actor, action: 'study.save-draft', studyId: study.id, detail: { valid: issues.length === 0 } });
  });
  return { issues };
}
