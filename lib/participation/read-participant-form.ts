// The body of a participant form post (consent, answers): URL-encoded or multipart, at most
// MAX_PARTICIPANT_FORM_BYTES. The longest answer a study may allow is 10 000 characters, which
// percent-encoded as UTF-8 is at most ~120 kB; 256 KiB leaves room for the other fields.
import { AppError } from '@/lib/errors';
import { readLimitedBody } from '@/lib/http/read-limited-body';

export const MAX_PARTICIPANT_FORM_BYTES = 256 * 1024;

/** The form, or null when the body is not a form; throws AppError TOO_LARGE (413) past the limit. */
export async function readParticipantForm(request: Request): Promise<FormData | null> {
  const body = await readLimitedBody(request, MAX_PARTICIPANT_FORM_BYTES, () =>
    new AppError('TOO_LARGE', `This form post is larger than the ${MAX_PARTICIPANT_FORM_BYTES / 1024} KiB a study page ever sends.`));
  const contentType = request.headers.get('content-type') ?? '';
  return new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData().catch(() => null);
}
