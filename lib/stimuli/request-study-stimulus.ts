import 'server-only';
// A researcher asks for a stimulus while authoring a study: allowed to those who may edit the study;
// the stimulus is linked to the study so its researchers (and later its participants) may fetch it.
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { requestStimulus, type StimulusRequest } from '@/lib/stimuli/request-stimulus';
import { jobsForStudy, type JobView } from '@/lib/stimuli/stimulus-status';

export async function requestStudyStimulus(options: { actor: Actor; studyId: string; request: StimulusRequest }) {
  const study = await findStudyFor(options.actor, options.studyId, 'edit');
  return requestStimulus({ request: options.request, studyId: study.id, priority: 10 });
}

export async function listStudyGenerationJobs(options: { actor: Actor; studyId: string }): Promise<{ studyId: string; jobs: JobView[] }> {
  const study = await findStudyFor(options.actor, options.studyId, 'view');
  return { studyId: study.id, jobs: await jobsForStudy(study.id) };
}
