import 'server-only';
// The stimulus review sheet of a study version (default: the newest published one), or of the draft
// as far as the preview has generated it. Researchers reach it with the preview's permission;
// operator CLIs (no signed-in user) read it by slug. A study the actor may not see is NOT_FOUND; a
// version or draft that does not exist is BAD_INPUT, so pages can explain it without revealing studies.
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { studySchema } from '@/lib/studies/study-schema';
import { validateDraft } from '@/lib/studies/validate-draft';
import { plannedStimulusMap } from '@/lib/stimuli/plan-study-stimuli';
import { parseStimulusMap } from '@/lib/stimuli/stimulus-status';
import { reviewStimuli, type StimulusReview } from '@/lib/stimuli/review-stimuli';

/** `?version=` of the page and `--version` of the CLI: a version number or "draft". */
export const reviewVersionSchema = z.union([z.literal('draft'), z.coerce.number().int().min(1)], { error: 'must be a version number (1, 2, …) or "draft"' });
export type ReviewVersion = z.infer<typeof reviewVersionSchema>;

export interface StudyStimulusReview extends StimulusReview {
  study: { id: string; slug: string; title: string };
  version: ReviewVersion;
  /** Published version numbers, newest first. */
  versions: number[];
  hasDraft: boolean;
}

type StudyRow = { id: string; slug: string; title: string; draft: string | null };

async function reviewStudyRow(row: StudyRow, requested: ReviewVersion | undefined): Promise<StudyStimulusReview> {
  const versions = await getDb().studyVersion.findMany({ where: { studyId: row.id }, orderBy: { version: 'desc' }, select: { version: true, definition: true, stimulusMap: true } });
  const base = { study: { id: row.id, slug: row.slug, title: row.title }, versions: versions.map((v) => v.version), hasDraft: row.draft !== null };
  const wanted = requested ?? versions[0]?.version ?? 'draft';
  if (wanted === 'draft') {
    if (!row.draft) throw new AppError('BAD_INPUT', versions.length ? 'This study has no draft; choose a published version.' : 'This study has nothing to review yet.');
    const v = validateDraft(JSON.parse(row.draft));
    if (!v.ok) throw new AppError('BAD_INPUT', `The draft has ${v.issues.length} problem${v.issues.length > 1 ? 's' : ''} to fix in the editor before its images can be reviewed.`);
    return { ...base, version: 'draft', ...(await reviewStimuli({ study: v.study, stimulusMap: await plannedStimulusMap(v.study, 'draft'), studyId: row.id })) };
  }
  const found = versions.find((v) => v.version === wanted);
  if (!found) {
    throw new AppError('BAD_INPUT', `Version ${wanted} does not exist (${versions.length ? `published: ${versions.map((v) => v.version).join(', ')}` : 'nothing is published yet'}).`);
  }
  const study = studySchema.parse(JSON.parse(found.definition));
  return { ...base, version: found.version, ...(await reviewStimuli({ study, stimulusMap: parseStimulusMap(found.stimulusMap), studyId: row.id })) };
}

export async function getStimulusReview(options: { actor: Actor; studyId: string; version?: ReviewVersion }): Promise<StudyStimulusReview> {
  const row = await findStudyFor(options.actor, options.studyId, 'preview');
  return reviewStudyRow(row, options.version);
}

/** For operator CLIs that read the database directly (no signed-in user), like `user:create`. */
export async function getStimulusReviewBySlug(options: { slug: string; version?: ReviewVersion }): Promise<StudyStimulusReview> {
  const row = await getDb().study.findUnique({ where: { slug: options.slug } });
  if (!row) throw new AppError('NOT_FOUND', `No study has the address "${options.slug}".`);
  return reviewStudyRow(row, options.version);
}
