import 'server-only';
// What a participant should see now: consent, the declined notice, the next item with progress, or
// the completion page. Reading this never changes anything except marking a participant complete
// when nothing is left (a no-op in normal operation, where the last answer completes in one write).
import { getDb } from '@/lib/db';
import { getLatestStudyVersion, getStudyVersion, type StudyVersionView } from '@/lib/studies/get-study-version';
import { planSequence, sequenceState, type PlannedItem } from '@/lib/participation/plan-sequence';
import { describeProgress, type ProgressView } from '@/lib/participation/describe-progress';
import { decodeAnswers } from '@/lib/participation/load-answers';
import { completionRedirectUrl, newCompletionCode } from '@/lib/participation/completion';
import type { Study } from '@/lib/studies/study-schema';
import { predictionLabel, versionReadiness, type Readiness } from '@/lib/stimuli/stimulus-status';

export type ParticipantView =
  | { state: 'consent'; study: Study; closed: boolean }
  | { state: 'preparing'; study: Study; readiness: Readiness }
  | { state: 'declined'; study: Study }
  | { state: 'completed'; study: Study; code: string; redirectUrl: string | null }
  | { state: 'item'; study: Study; versionId: string; planned: PlannedItem; answered: number; total: number; progress: ProgressView; generated: GeneratedImages };

/** Stimulus ids of the current item's generated images ("<option>" or "context") and the face's prediction. */
export interface GeneratedImages {
  ids: Record<string, string>;
  prediction?: string;
}

export async function getParticipantView(options: { slug: string; participantId: string | null }): Promise<ParticipantView> {
  const latest = await getLatestStudyVersion({ slug: options.slug });
  const participant = options.participantId
    ? await getDb().participant.findFirst({
        where: { id: options.participantId, studyId: latest.studyId },
        // The answers in the same read (issue #13); a completed participant's few rows cost less than a second query.
        include: { responses: { select: { itemId: true, value: true } } },
      })
    : null;
  if (!participant) {
    // The link opens only once every generated image of the version is finished.
    const readiness = await versionReadiness(latest.stimulusMap);
    if (!readiness.ready && latest.status !== 'closed') return { state: 'preparing', study: latest.definition, readiness };
    return { state: 'consent', study: latest.definition, closed: latest.status === 'closed' };
  }

  // Participants stay on the version they consented to, even after a newer one is published.
  const version: StudyVersionView = participant.studyVersionId === latest.versionId ? latest : await getStudyVersion({ versionId: participant.studyVersionId });
  const study = version.definition;
  if (participant.status === 'declined') return { state: 'declined', study };

  const redirectCtx = (code: string) =>
    completionRedirectUrl(study, {
      code,
      participantId: participant.id,
      externalId: participant.externalId,
      externalStudyId: participant.externalStudyId,
      externalSessionId: participant.externalSessionId,
    });

  if (participant.status === 'completed' && participant.completionCode) {
    return { state: 'completed', study, code: participant.completionCode, redirectUrl: redirectCtx(participant.completionCode) };
  }

  const answers = decodeAnswers(participant.responses);
  const plan = planSequence(study, participant.seed, participant.condition);
  const s = sequenceState(plan, answers);
  if (!s.next) {
    const code = newCompletionCode(study);
    const done = await getDb().participant.updateMany({
      where: { id: participant.id, status: 'consented' },
      data: { status: 'completed', completedAt: new Date(), completionCode: code },
    });
    const finalCode = done.count === 1 ? code : ((await getDb().participant.findUnique({ where: { id: participant.id } }))?.completionCode ?? code);
    return { state: 'completed', study, code: finalCode, redirectUrl: redirectCtx(finalCode) };
  }
  const itemId = s.next.item.id;
  const ids = Object.fromEntries(Object.entries(version.stimulusMap).flatMap(([k, v]) => (k.startsWith(`${itemId}/`) ? [[k.slice(itemId.length + 1), v]] : [])));
  const generated = { ids, prediction: await predictionLabel(ids.context) };
  return { state: 'item', study, versionId: version.versionId, planned: s.next, answered: s.answered, total: s.total, progress: describeProgress(s, s.next.item.type !== 'page'), generated };
}
