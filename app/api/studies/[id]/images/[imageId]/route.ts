import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import { getPreviewImage } from '@/lib/studies/get-study-preview';
import { AppError, publicMessage } from '@/lib/errors';

export async function GET(_req: Request, ctx: { params: Promise<{ id: string; imageId: string }> }) {
  const { id, imageId } = await ctx.params;
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    const image = await getPreviewImage({ actor, studyId: id, imageId });
    return new NextResponse(new Uint8Array(image.bytes), {
      headers: { 'Content-Type': image.contentType, 'Cache-Control': 'private, max-age=600', ETag: `"${image.etag}"`, 'X-Content-Type-Options': 'nosniff' },
    });
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
