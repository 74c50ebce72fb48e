import { NextResponse } from 'next/server';
import { researcherRoute } from '@/lib/http/researcher-route';
import { getPreviewImage } from '@/lib/studies/get-study-preview';

export const GET = researcherRoute<{ id: string; imageId: string }>(async ({ actor, params: { id, imageId } }) => {
  const image = await getPreviewImage({ actor, studyId: id, imageId });
  return new NextResponse(new Uint8Array(image.bytes), {
    headers: { 'Content-Type': image.contentType, 'Cache-Control': 'private, max-age=600', ETag: `"${image.etag}"`, 'X-Content-Type-Options': 'nosniff' },
  });
});
