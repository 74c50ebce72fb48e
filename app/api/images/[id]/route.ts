import { NextResponse } from 'next/server';
import { researcherRoute } from '@/lib/http/researcher-route';
import { readSourceImage } from '@/lib/images/read-source-image';

export const runtime = 'nodejs';

// The id is the SHA-256 of the bytes, so the response for a URL never changes: cache it for good.
export const GET = researcherRoute<{ id: string }>(async ({ req, actor, params: { id } }) => {
  const image = await readSourceImage({ actor, id });
  const headers = { 'Cache-Control': 'private, max-age=86400, immutable', ETag: `"${image.etag}"`, 'X-Content-Type-Options': 'nosniff' };
  if (req.headers.get('if-none-match')?.split(/\s*,\s*/).includes(`"${image.etag}"`)) return new NextResponse(null, { status: 304, headers });
  return new NextResponse(new Uint8Array(image.bytes), { headers: { ...headers, 'Content-Type': image.mimeType } });
});
