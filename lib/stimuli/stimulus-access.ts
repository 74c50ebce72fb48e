import 'server-only';
// Who may fetch a generated image: a signed-in researcher with access to a study that uses it, or a
// participant enrolled in the study version that shows it. Only finished images are ever served.
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { studyAccessWhere, type StudyPermission } from '@/lib/auth/study-access';
import { parseStimulusMap } from '@/lib/stimuli/stimulus-status';
import { readStimulusFile } from '@/lib/stimuli/stimulus-store';

const idPattern = /^[a-f0-9]{64}$/;

export async function authorizeResearcherStimulus(options: { actor: Actor; stimulusId: string; permission: StudyPermission }): Promise<void> {
  if (!idPattern.test(options.stimulusId)) throw new AppError('NOT_FOUND', 'Stimulus not found.');
  // The few studies that use this stimulus, then whether the actor holds the permission on any of them
  // (rather than listing every study the actor may see, which for an admin is all of them).
  const links = await getDb().studyStimulus.findMany({ where: { stimulusId: options.stimulusId }, select: { studyId: true } });
  const allowed = links.length
    ? await getDb().study.count({ where: { AND: [{ id: { in: links.map((l) => l.studyId) } }, studyAccessWhere(options.actor, options.permission)] } })
    : 0;
  if (!allowed) throw new AppError('NOT_FOUND', 'Stimulus not found.');
}

export async function authorizeParticipantStimulus(options: { slug: string; participantId: string | null; stimulusId: string }): Promise<void> {
  if (!options.participantId) throw new AppError('UNAUTHORIZED', 'Open the study link first.');
  const p = await getDb().participant.findFirst({
    where: { id: options.participantId, study: { slug: options.slug }, status: { in: ['consented', 'completed'] } },
    select: { studyVersion: { select: { stimulusMap: true } } },
  });
  if (!p) throw new AppError('FORBIDDEN', 'You are not taking part in this study.');
  if (!Object.values(parseStimulusMap(p.studyVersion.stimulusMap)).includes(options.stimulusId)) throw new AppError('NOT_FOUND', 'Image not found.');
}

/** The finished PNG and its strong ETag; 404 while it is still being generated. */
export async function finishedStimulusImage(stimulusId: string): Promise<{ bytes: Buffer; etag: string }> {
  const s = await getDb().stimulus.findUnique({ where: { id: stimulusId }, select: { fileHash: true, job: { select: { status: true } } } });
  if (!s || s.job?.status !== 'done' || !s.fileHash) throw new AppError('NOT_FOUND', 'This image is not ready yet.');
  const bytes = await readStimulusFile(stimulusId);
  if (!bytes) throw new AppError('NOT_FOUND', 'This image is missing from the store.');
  return { bytes, etag: s.fileHash };
}
