import 'server-only';
// Publish freezes the current draft as a new immutable version; later edits make a new draft and
// never touch what participants already answered.
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { recordAudit } from '@/lib/audit/record-audit';
import { publishStudyVersion, type PublishResult } from '@/lib/studies/publish-study';
import { validateDraft } from '@/lib/studies/validate-draft';

export async function publishStudyDraft(options: { actor: Actor; studyId: string }): Promise<PublishResult> {
  const study = await findStudyFor(options.actor, options.studyId, 'publish');
  if (study.source !== 'ui' || !study.draft) throw new AppError('CONFLICT', 'There is no draft to publish.');
  const v = validateDraft(JSON.parse(study.draft));
  if (!v.ok) {
    const first = v.issues[0];
    throw new AppError('BAD_INPUT', `Fix the draft before publishing (${v.issues.length} problem${v.issues.length > 1 ? 's' : ''}; first: ${first?.path || 'study'}: ${first?.message}).`);
  }
  if (v.study.slug !== study.slug) throw new AppError('BAD_INPUT', `The address cannot change; it is "${study.slug}".`);
  const result = await publishStudyVersion({
    study: v.study,
    sourceFile: undefined,
    onPublished: async (tx, r) => {
      await tx.study.update({ where: { id: study.id }, data: { status: study.status === 'draft' ? 'published' : study.status } });
      await recordAudit(tx, { actor: options.actor, action: 'study.publish', studyId: study.id, detail: { version: r.version, created: r.created } });
    },
  });
  return result;
}

export async function setStudyStatus(options: { actor: Actor; studyId: string; status: 'closed' | 'published' }): Promise<void> {
  const study = await findStudyFor(options.actor, options.studyId, 'close');
  if (study.status === 'draft') throw new AppError('CONFLICT', 'Publish the study before closing it.');
  if (study.status === options.status) return;
  await withTransaction(async (tx) => {
    await tx.study.update({ where: { id: study.id }, data: { status: options.status } });
    await recordAudit(tx, { actor: options.actor, action: options.status === 'closed' ? 'study.close' : 'study.reopen', studyId: study.id });
  });
}
