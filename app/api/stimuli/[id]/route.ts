// A finished stimulus image for researchers of a study that uses it. Immutable: the id is its content.
import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import { AppError, publicMessage } from '@/lib/errors';
import { authorizeResearcherStimulus, finishedStimulusImage } from '@/lib/stimuli/stimulus-access';
import { stimulusImageResponse } from '@/lib/stimuli/stimulus-response';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    await authorizeResearcherStimulus({ actor, stimulusId: id, permission: 'view' });
    return stimulusImageResponse(req, await finishedStimulusImage(id));
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
