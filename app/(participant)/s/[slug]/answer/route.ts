// Answers are plain HTML form posts answered with 303 See Other: the browser itself loads the next
// question, so answering works before (or without) JavaScript and never depends on a client-side
// navigation completing.
import { NextResponse, type NextRequest } from 'next/server';
import { recordResponse, responseInputSchema } from '@/lib/participation/record-response';
import { currentParticipantId } from '@/lib/participation/participant-session';
import { flashCookieName } from '@/lib/participation/flash-message';
import { isAppError, publicMessage } from '@/lib/errors';
import { readParticipantPost } from '@/lib/participation/participant-post';

export async function POST(req: NextRequest, ctx: { params: Promise<{ slug: string }> }) {
  const { slug } = await ctx.params;
  // A relative Location keeps the browser on the host it used (behind proxies req.url's host may differ).
  const res = new NextResponse(null, { status: 303, headers: { Location: `/s/${encodeURIComponent(slug)}` } });
  const post = await readParticipantPost(req, slug);
  if (!post.ok) return post.response;
  const form = post.form;
  const participantId = await currentParticipantId(slug);
  if (!participantId) return res;
  const parsed = responseInputSchema.safeParse({
    itemId: form?.get('itemId'),
    idempotencyKey: form?.get('idempotencyKey'),
    responseTimeMs: form?.get('responseTimeMs') || undefined,
    answer: (form?.getAll('answer') ?? []).filter((v): v is string => typeof v === 'string'),
  });
  const flash = (itemId: string, message: string) =>
    res.cookies.set(flashCookieName(slug), JSON.stringify({ itemId, message }), { httpOnly: true, sameSite: 'lax', path: `/s/${slug}`, maxAge: 60 });
  if (!parsed.success) {
    flash(String(form?.get('itemId') ?? ''), 'This answer could not be read. Please try again.');
    return res;
  }
  try {
    await recordResponse({ participantId, input: parsed.data });
    res.cookies.delete({ name: flashCookieName(slug), path: `/s/${slug}` });
  } catch (e) {
    // An out-of-date page is not the participant's fault: the redirect shows their current question.
    if (!(isAppError(e) && e.code === 'CONFLICT')) flash(parsed.data.itemId, publicMessage(e).message);
  }
  return res;
}
