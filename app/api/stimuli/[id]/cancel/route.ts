// Cancel a queued or running job (researchers who may edit a study that uses it).
import { NextResponse } from 'next/server';
import { researcherRoute } from '@/lib/http/researcher-route';
import { authorizeResearcherStimulus } from '@/lib/stimuli/stimulus-access';
import { cancelJob } from '@/lib/stimuli/job-queue';

export const POST = researcherRoute<{ id: string }>(async ({ actor, params: { id } }) => {
  await authorizeResearcherStimulus({ actor, stimulusId: id, permission: 'edit' });
  return NextResponse.json({ cancelled: await cancelJob({ stimulusId: id }) });
});
