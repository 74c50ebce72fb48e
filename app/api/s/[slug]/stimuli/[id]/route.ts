// Generated images for participants: only finished ones, only of the version they take part in.
import { NextResponse } from 'next/server';
import { publicMessage } from '@/lib/errors';
import { currentParticipantId } from '@/lib/participation/participant-session';
import { authorizeParticipantStimulus, finishedStimulusImage } from '@/lib/stimuli/stimulus-access';
import { stimulusImageResponse } from '@/lib/stimuli/stimulus-response';

export async function GET(req: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await ctx.params;
  try {
    await authorizeParticipantStimulus({ slug, participantId: await currentParticipantId(slug), stimulusId: id });
    return stimulusImageResponse(req, await finishedStimulusImage(id));
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
