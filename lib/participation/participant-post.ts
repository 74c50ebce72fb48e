// What every participant form post checks before doing anything: a slug that can be a study's (else 404;
// a slug with CR/LF or non-ASCII once reached a cookie header and made a 500), a same-origin sender (403),
// and a body within the size limit (413). One place, so no participant route can forget one.
import { NextResponse } from 'next/server';
import { isAppError } from '@/lib/errors';
import { readParticipantForm } from '@/lib/participation/read-participant-form';
import { isSameOrigin } from '@/lib/http/same-origin';
import { studySlugSchema } from '@/lib/studies/study-schema';

export type ParticipantPost = { ok: true; form: FormData | null } | { ok: false; response: NextResponse };

export async function readParticipantPost(req: Request, slug: string): Promise<ParticipantPost> {
  const refuse = (status: number, error: string) => ({ ok: false as const, response: NextResponse.json({ error }, { status }) });
  if (!studySlugSchema.safeParse(slug).success) return refuse(404, 'There is no study at this address.');
  if (!isSameOrigin(req)) return refuse(403, 'Cross-site form posts are not accepted.');
  try {
    return { ok: true, form: await readParticipantForm(req) };
  } catch (e) {
    if (isAppError(e)) return refuse(e.status, e.message);
    throw e;
  }
}
