import 'server-only';
// The HTTP boundary of an upload: a multipart body with one `file` field. The body is read with a
// byte limit, so an oversized request is cut off while it streams in (with or without a
// Content-Length header) instead of being buffered whole before anyone looks at its size.
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { MAX_UPLOAD_BYTES, uploadTooLargeError } from '@/lib/images/upload-source-image';

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

const uploadFormSchema = z.object({
  file: z.instanceof(File, { message: 'Choose a file to upload (form field "file").' }),
});

async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw uploadTooLargeError(total);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readUploadForm(options: { request: Request }): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { request } = options;
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data;/i.test(contentType)) throw new AppError('BAD_INPUT', 'Send the image as multipart/form-data with a field named "file".');
  const limit = MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw uploadTooLargeError(declared);
  if (!request.body) throw new AppError('BAD_INPUT', 'The request has no body.');
  const body = await readLimited(request.body, limit);
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData().catch(() => {
    throw new AppError('BAD_INPUT', 'The upload could not be read as a form. Try again.');
  });
  const parsed = uploadFormSchema.safeParse({ file: form.get('file') });
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Choose a file to upload.');
  return { fileName: parsed.data.file.name, bytes: new Uint8Array(await parsed.data.file.arrayBuffer()) };
}
