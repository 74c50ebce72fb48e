'use server';
// Form handlers for the participant pages: parse the form, call one lib/ function, then either show
// the message or move the participant on by re-rendering their page.
import { redirect } from 'next/navigation';
import { consentInputSchema, decideConsent } from '@/lib/participation/decide-consent';
import { recordResponse, responseInputSchema } from '@/lib/participation/record-response';
import { currentParticipantId, setParticipantCookie } from '@/lib/participation/participant-session';
import { isAppError, publicMessage } from '@/lib/errors';

export interface FormState {
  message: string | null;
}

function optional(form: FormData, key: string): string | undefined {
  const v = form.get(key);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export async function consentAction(slug: string, _prev: FormState, form: FormData): Promise<FormState> {
  const parsed = consentInputSchema.safeParse({
    slug,
    decision: form.get('decision'),
    externalId: optional(form, 'externalId'),
    externalStudyId: optional(form, 'externalStudyId'),
    externalSessionId: optional(form, 'externalSessionId'),
  });
  if (!parsed.success) return { message: 'Please choose whether you agree to take part.' };
  try {
    const { participantId } = await decideConsent({ input: parsed.data, currentParticipantId: await currentParticipantId(slug) });
    await setParticipantCookie(slug, participantId);
  } catch (e) {
    return { message: publicMessage(e).message };
  }
  redirect(`/s/${slug}`);
}

export async function answerAction(slug: string, _prev: FormState, form: FormData): Promise<FormState> {
  const participantId = await currentParticipantId(slug);
  if (!participantId) redirect(`/s/${slug}`);
  const parsed = responseInputSchema.safeParse({
    itemId: form.get('itemId'),
    idempotencyKey: form.get('idempotencyKey'),
    responseTimeMs: optional(form, 'responseTimeMs'),
    answer: form.getAll('answer').filter((v): v is string => typeof v === 'string'),
  });
  if (!parsed.success) return { message: 'This answer could not be read. Please try again.' };
  try {
    await recordResponse({ participantId, input: parsed.data });
  } catch (e) {
    // An out-of-date page is not the participant's fault: show their current question instead.
    if (!(isAppError(e) && e.code === 'CONFLICT')) return { message: publicMessage(e).message };
  }
  redirect(`/s/${slug}`);
}
