import 'server-only';
// Publish freezes the current draft as a new immutable version; later edits make a new draft and
// never touch what participants already answered.
import { getDb, withTransaction } from '@/lib/db';
import { AppError, isAppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { recordAudit } from '@/lib/audit/record-audit';
import { definitionHash, publishStudyVersion, type PublishResult } from '@/lib/studies/publish-study';
import { validateDraft } from '@/lib/studies/validate-draft';
import { findPlaceholderText, type PlaceholderText } from '@/lib/studies/placeholder-text';
import { plannedStimulusMap } from '@/lib/stimuli/plan-study-stimuli';
import { reviewStimuli, type ReviewSummary } from '@/lib/stimuli/review-stimuli';

export type PublishDraftResult =
  | ({ outcome: 'published'; confirmedWeak: string[]; notGenerated: number } & PublishResult)
  /**
   * Nothing was published: already generated images are weak, or texts still hold placeholder text,
   * and the researcher must confirm. Both lists are always complete, so one confirmation covers what
   * was shown.
   */
  | { outcome: 'needs-confirmation'; weak: ReviewSummary['weakList']; notGenerated: number; placeholders: PlaceholderText[] };

/**
 * Publishes the draft. When images the draft would use already exist (the preview generated them) and
 * some are weak, nothing is published unless `confirmWeak` is set; images not generated yet cannot
 * be judged and do not block. Likewise placeholder text (a template's consent text, "TODO", …) needs
 * `confirmPlaceholders`.
 */
export async function publishStudyDraft(options: { actor: Actor; studyId: string; confirmWeak?: boolean; confirmPlaceholders?: boolean }): Promise<PublishDraftResult> {
  const study = await findStudyFor(options.actor, options.studyId, 'publish');
  if (study.source !== 'ui' || !study.draft) throw new AppError('CONFLICT', 'There is no draft to publish.');
  const v = validateDraft(JSON.parse(study.draft));
  if (!v.ok) {
    const first = v.issues[0];
    throw new AppError('BAD_INPUT', `Fix the draft before publishing (${v.issues.length} problem${v.issues.length > 1 ? 's' : ''}; first: ${first?.path || 'study'}: ${first?.message}).`);
  }
  if (v.study.slug !== study.slug) throw new AppError('BAD_INPUT', `The address cannot change; it is "${study.slug}".`);
  // Republishing unchanged content creates nothing, so there is nothing to confirm.
  const unchanged = await getDb().studyVersion.findUnique({ where: { studyId_definitionHash: { studyId: study.id, definitionHash: definitionHash(v.study) } }, select: { id: true } });
  let stimulusMap: Record<string, string> | null = null;
  try {
    stimulusMap = unchanged ? null : await plannedStimulusMap(v.study, 'draft');
  } catch (e) {
    // A missing image or an invalid explanation: publishing below refuses it with its own message.
    if (!isAppError(e)) throw e;
  }
  const summary = stimulusMap ? (await reviewStimuli({ study: v.study, stimulusMap })).summary : null;
  const notGenerated = summary?.pending ?? 0;
  const weak = summary?.weakList ?? [];
  const placeholders = unchanged ? [] : findPlaceholderText(v.study);
  if ((weak.length > 0 && !options.confirmWeak) || (placeholders.length > 0 && !options.confirmPlaceholders)) {
    return { outcome: 'needs-confirmation', weak, notGenerated, placeholders };
  }
  const confirmedWeak = [...new Set(weak.map((w) => w.stimulusId))];
  const confirmedPlaceholders = placeholders.map((p) => p.path);
  const result = await publishStudyVersion({
    study: v.study,
    sourceFile: undefined,
    onPublished: async (tx, r) => {
      await tx.study.update({ where: { id: study.id }, data: { status: study.status === 'draft' ? 'published' : study.status } });
      await recordAudit(tx, { actor: options.actor, action: 'study.publish', studyId: study.id, detail: { version: r.version, created: r.created, ...(confirmedWeak.length ? { confirmedWeak } : {}), ...(confirmedPlaceholders.length ? { confirmedPlaceholders } : {}) } });
    },
  });
  return { outcome: 'published', ...result, confirmedWeak, notGenerated };
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
