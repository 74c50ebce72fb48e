// A finished stimulus image for researchers of a study that uses it. Immutable: the id is its content.
import { researcherRoute } from '@/lib/http/researcher-route';
import { authorizeResearcherStimulus, finishedStimulusImage } from '@/lib/stimuli/stimulus-access';
import { stimulusImageResponse } from '@/lib/stimuli/stimulus-response';

export const GET = researcherRoute<{ id: string }>(async ({ req, actor, params: { id } }) => {
  await authorizeResearcherStimulus({ actor, stimulusId: id, permission: 'view' });
  return stimulusImageResponse(req, await finishedStimulusImage(id));
});
