// Live progress of every generated image of a study (publishing and preview), as Server-Sent Events.
import { researcherRoute } from '@/lib/http/researcher-route';
import { jobsForStudy } from '@/lib/stimuli/stimulus-status';
import { listStudyGenerationJobs } from '@/lib/stimuli/request-study-stimulus';
import { progressStream, sseHeaders } from '@/lib/stimuli/progress-stream';

export const dynamic = 'force-dynamic';

export const GET = researcherRoute<{ id: string }>(async ({ req, actor, params: { id } }) => {
  const { studyId } = await listStudyGenerationJobs({ actor, studyId: id });
  return new Response(progressStream({ load: () => jobsForStudy(studyId), signal: req.signal }), { headers: sseHeaders });
});
