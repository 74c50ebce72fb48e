// Generated images for participants: only finished ones, only of the version they take part in.
import { NextResponse } from 'next/server';
import { publicMessage } from '@/lib/errors';
import { currentParticipantId } from '@/lib/participation/participant-session';
import { authorizeParticipantStimulus, finishedStimulusImage } from '@/lib/stimuli/stimulus-access';

export async function GET(req: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await ctx.params;
  try {
    await authorizeParticipantStimulus({ slug, participantId: await currentParticipantId(slug), stimulusId: id });
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
