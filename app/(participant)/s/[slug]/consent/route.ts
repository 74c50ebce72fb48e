// The consent decision, as a plain form post answered with 303 See Other (see ../answer/route.ts).
import { NextResponse, type NextRequest } from 'next/server';
import { consentInputSchema, decideConsent } from '@/lib/participation/decide-consent';
import { currentParticipantId, participantCookieOptions } from '@/lib/participation/participant-session';
import { participantCookieName, signParticipantId } from '@/lib/participation/participant-token';
import { flashCookieName } from '@/lib/participation/flash-message';
import { publicMessage } from '@/lib/errors';
import { readParticipantPost } from '@/lib/participation/participant-post';

function optional(form: FormData | null, key: string): string | undefined {
  const v = form?.get(key);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export async function POST(req: NextRequest, ctx: { params: Promise<{ slug: string }> }) {
  const { slug } = await ctx.params;
  // A relative Location keeps the browser on the host it used (behind proxies req.url's host may differ).
  const res = new NextResponse(null, { status: 303, headers: { Location: `/s/${encodeURIComponent(slug)}` } });
  const post = await readParticipantPost(req, slug);
  if (!post.ok) return post.response;
  const form = post.form;
  const parsed = consentInputSchema.safeParse({
    slug,
    decision: form?.get('decision'),
    externalId: optional(form, 'externalId'),
    externalStudyId: optional(form, 'externalStudyId'),
    externalSessionId: optional(form, 'externalSessionId'),
  });
  const flash = (message: string) => res.cookies.set(flashCookieName(slug), JSON.stringify({ itemId: 'consent', message }), { httpOnly: true, sameSite: 'lax', path: `/s/${slug}`, maxAge: 60 });
  if (!parsed.success) {
    flash('Please choose whether you agree to take part.');
    return res;
  }
  try {
    const { participantId } = await decideConsent({ input: parsed.data, currentParticipantId: await currentParticipantId(slug) });
    res.cookies.set(participantCookieName(slug), signParticipantId(participantId, slug), participantCookieOptions());
    res.cookies.delete({ name: flashCookieName(slug), path: `/s/${slug}` });
  } catch (e) {
    flash(publicMessage(e).message);
  }
  return res;
}
