// The HTTP response for a finished stimulus image, shared by the participant and researcher routes:
// immutable (the id is the content's address), private (access-controlled), 304 on a matching ETag.
export function stimulusImageResponse(req: Request, image: { bytes: Buffer; etag: string }): Response {
  const etag = `"${image.etag}"`;
  const headers = { ETag: etag, 'Cache-Control': 'private, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' };
  if (req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(image.bytes), { headers: { ...headers, 'Content-Type': 'image/png' } });
}
