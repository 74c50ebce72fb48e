// A finished stimulus image for researchers of a study that uses it. Immutable: the id is its content.
import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import { AppError, publicMessage } from '@/lib/errors';
import { authorizeResearcherStimulus, finishedStimulusImage } from '@/lib/stimuli/stimulus-access';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    await authorizeResearcherStimulus({ actor, stimulusId: id, permission: 'view' });
    const image = await finishedStimulusImage(id);
    const etag = `"${image.etag}"`;
    const headers = { ETag: etag, 'Cache-Control': 'private, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' };
    if (req.headers.get('if-none-match') === etag) return new NextResponse(null, { status: 304, headers });
    return new NextResponse(new Uint8Array(image.bytes), { headers: { ...headers, 'Content-Type': 'image/png' } });
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
