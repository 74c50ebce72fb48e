import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth/current-actor';
import { AppError, publicMessage } from '@/lib/errors';
import { readSourceImage } from '@/lib/images/read-source-image';

export const runtime = 'nodejs';

// The id is the SHA-256 of the bytes, so the response for a URL never changes: cache it for good.
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  try {
    const actor = await getActor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    const image = await readSourceImage({ actor, id });
    const headers = { 'Cache-Control': 'private, max-age=86400, immutable', ETag: `"${image.etag}"`, 'X-Content-Type-Options': 'nosniff' };
    if (req.headers.get('if-none-match')?.split(/\s*,\s*/).includes(`"${image.etag}"`)) return new NextResponse(null, { status: 304, headers });
    return new NextResponse(new Uint8Array(image.bytes), { headers: { ...headers, 'Content-Type': image.mimeType } });
  } catch (e) {
    const { status, message } = publicMessage(e);
    return NextResponse.json({ error: message }, { status });
  }
}
