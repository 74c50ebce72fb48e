import 'server-only';
// The HTTP boundary of an upload: a multipart body with one `file` field, read with a byte limit
// (lib/http/read-limited-body.ts).
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { readLimitedBody } from '@/lib/http/read-limited-body';
import { MAX_UPLOAD_BYTES, uploadTooLargeError } from '@/lib/images/upload-source-image';

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

const uploadFormSchema = z.object({
  file: z.instanceof(File, { message: 'Choose a file to upload (form field "file").' }),
});

export async function readUploadForm(options: { request: Request }): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { request } = options;
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data;/i.test(contentType)) throw new AppError('BAD_INPUT', 'Send the image as multipart/form-data with a field named "file".');
  const limit = MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD;
  if (!request.body) throw new AppError('BAD_INPUT', 'The request has no body.');
  const body = await readLimitedBody(request, limit, uploadTooLargeError);
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData().catch(() => {
    throw new AppError('BAD_INPUT', 'The upload could not be read as a form. Try again.');
  });
  const parsed = uploadFormSchema.safeParse({ file: form.get('file') });
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Choose a file to upload.');
  return { fileName: parsed.data.file.name, bytes: new Uint8Array(await parsed.data.file.arrayBuffer()) };
}
