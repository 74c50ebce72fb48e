// Reads a request body with a byte limit: refused at once when Content-Length declares too much, and cut
// off while it streams in otherwise, so an oversized request is never buffered whole (issue #11: eight
// 100 MB participant posts were parsed, ~7.5 s each, and the server grew by ~400 MB).
export async function readLimitedBody(request: Request, limit: number, tooLarge: (bytes: number) => Error): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(declared);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(total);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
