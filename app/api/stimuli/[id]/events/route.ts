// Live progress of one stimulus's job, as Server-Sent Events.
import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import { AppError, publicMessage } from '@/lib/errors';
import { authorizeResearcherStimulus } from '@/lib/stimuli/stimulus-access';
import { jobsForStimuli } from '@/lib/stimuli/stimulus-status';
import { progressStream, sseHeaders } from '@/lib/stimuli/progress-stream';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    await authorizeResearcherStimulus({ actor, stimulusId: id, permission: 'view' });
    return new Response(progressStream({ load: () => jobsForStimuli([id]), signal: req.signal }), { headers: sseHeaders });
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
