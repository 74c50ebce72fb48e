// Live progress of every generated image of a study (publishing and preview), as Server-Sent Events.
import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import { AppError, publicMessage } from '@/lib/errors';
import { jobsForStudy } from '@/lib/stimuli/stimulus-status';
import { listStudyGenerationJobs } from '@/lib/stimuli/request-study-stimulus';
import { progressStream, sseHeaders } from '@/lib/stimuli/progress-stream';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    const { studyId } = await listStudyGenerationJobs({ actor, studyId: id });
    return new Response(progressStream({ load: () => jobsForStudy(studyId), signal: req.signal }), { headers: sseHeaders });
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
