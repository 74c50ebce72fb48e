// Cancel a queued or running job (researchers who may edit a study that uses it).
import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import { AppError, publicMessage } from '@/lib/errors';
import { authorizeResearcherStimulus } from '@/lib/stimuli/stimulus-access';
import { cancelJob } from '@/lib/stimuli/job-queue';

export async function POST(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    await authorizeResearcherStimulus({ actor, stimulusId: id, permission: 'edit' });
    const cancelled = await cancelJob({ stimulusId: id });
    return NextResponse.json({ cancelled });
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
