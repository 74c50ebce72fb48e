// Serves the images of a study to its enrolled participants only. URLs carry an opaque id, never
// a path; the id must belong to the version the participant answers.
import { NextResponse } from 'next/server';
import { getStudyImage } from '@/lib/participation/get-study-image';
import { currentParticipantId } from '@/lib/participation/participant-session';
import { publicMessage } from '@/lib/errors';

export async function GET(_req: Request, ctx: { params: Promise<{ slug: string; imageId: string }> }) {
  const { slug, imageId } = await ctx.params;
  try {
    const image = await getStudyImage({ slug, imageId, participantId: await currentParticipantId(slug) });
    return new NextResponse(new Uint8Array(image.bytes), {
      headers: {
        'Content-Type': image.contentType,
        'Cache-Control': 'private, max-age=3600',
        ETag: `"${image.etag}"`,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
