// Live progress of one stimulus's job, as Server-Sent Events.
import { researcherRoute } from '@/lib/http/researcher-route';
import { authorizeResearcherStimulus } from '@/lib/stimuli/stimulus-access';
import { jobsForStimuli } from '@/lib/stimuli/stimulus-status';
import { progressStream, sseHeaders } from '@/lib/stimuli/progress-stream';

export const dynamic = 'force-dynamic';

export const GET = researcherRoute<{ id: string }>(async ({ req, actor, params: { id } }) => {
  await authorizeResearcherStimulus({ actor, stimulusId: id, permission: 'view' });
  return new Response(progressStream({ load: () => jobsForStimuli([id]), signal: req.signal }), { headers: sseHeaders });
});
