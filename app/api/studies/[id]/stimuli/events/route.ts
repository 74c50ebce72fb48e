// Live progress of every generated image of a study (publishing and preview), as Server-Sent Events.
import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import { findStudyFor } from '@/lib/auth/study-access';
import { AppError, publicMessage } from '@/lib/errors';
import { jobsForStudy } from '@/lib/stimuli/stimulus-status';
import { progressStream, sseHeaders } from '@/lib/stimuli/progress-stream';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    const study = await findStudyFor(actor, id, 'view');
    return new Response(progressStream({ load: () => jobsForStudy(study.id), signal: req.signal }), { headers: sseHeaders });
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
