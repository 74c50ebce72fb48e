import { NextResponse } from 'next/server';
import { AppError } from '@/lib/errors';
import { researcherRoute } from '@/lib/http/researcher-route';
import { readImageThumbnail, thumbnailQuerySchema } from '@/lib/images/read-image-thumbnail';

export const runtime = 'nodejs';

// GET ?ref=<faces:…|upload:…>[&study=<id>]: a thumbnail of a face photo a page names (see the lib file for who may see it).
export const GET = researcherRoute(async ({ req, actor }) => {
  const query = thumbnailQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) throw new AppError('NOT_FOUND', 'Image not found.');
  const image = await readImageThumbnail({ actor, ref: query.data.ref, studyId: query.data.study });
  return new NextResponse(new Uint8Array(image.bytes), {
    headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=3600', ETag: `"${image.etag}"`, 'X-Content-Type-Options': 'nosniff' },
  });
});
