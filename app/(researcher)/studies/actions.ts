'use server';
// Authoring actions. Each one parses its input, resolves the signed-in user against the database,
// and calls one lib/ use case, which checks the user's access to the study in its own query.
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/current-actor';
import { publicMessage } from '@/lib/errors';
import { createStudy, createStudyInputSchema } from '@/lib/studies/create-study';
import { saveStudyDraft } from '@/lib/studies/save-study-draft';
import { publishStudyDraft, setStudyStatus } from '@/lib/studies/publish-study-draft';
import { addCollaborator, addCollaboratorInputSchema, removeCollaborator } from '@/lib/studies/manage-collaborators';
import type { SaveResult } from '@/app/_components/editor/study-editor';

export interface ActionState {
  message: string | null;
  ok?: boolean;
  issues?: { path: string; message: string }[];
}

export async function createStudyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const file = form.get('file');
  const raw =
    form.get('from') === 'import'
      ? { from: 'import', fileText: file instanceof File ? await file.text() : '' }
      : { from: 'template', template: form.get('template'), slug: form.get('slug'), title: form.get('title') };
  const parsed = createStudyInputSchema.safeParse(raw);
  if (!parsed.success) {
    // Issues carry the form's field names (the file arrives as `fileText`, its input is `file`).
    const field = (path: string) => (path === 'fileText' ? 'file' : path);
    return { message: 'Please correct the highlighted fields.', issues: parsed.error.issues.map((i) => ({ path: field(i.path.join('.')), message: i.message })) };
  }
  let studyId: string;
  try {
    const r = await createStudy({ actor: await requireActor(), input: parsed.data });
    if (!r.ok) return { message: 'The study could not be created.', issues: r.issues };
    studyId = r.studyId;
  } catch (e) {
    return { message: publicMessage(e).message };
  }
  redirect(`/studies/${studyId}`);
}

export async function saveDraftAction(studyId: string, draftJson: string): Promise<SaveResult> {
  let draft: unknown;
  try {
    draft = JSON.parse(draftJson);
  } catch {
    return { issues: [], error: 'The draft could not be read.' };
  }
  try {
    const r = await saveStudyDraft({ actor: await requireActor(), studyId, draft });
    return { issues: r.issues };
  } catch (e) {
    return { issues: [], error: publicMessage(e).message };
  }
}

export interface PublishState extends ActionState {
  /** Set when weak images or placeholder text need the researcher's confirmation before publishing. */
  confirm?: { weak: { name: string; reasons: string[] }[]; notGenerated: number; placeholders: { field: string; found: string }[] };
}

const confirmSchema = z.object({ confirmWeak: z.enum(['true']).optional(), confirmPlaceholders: z.enum(['true']).optional() });

export async function publishAction(studyId: string, _prev: PublishState, form: FormData): Promise<PublishState> {
  const confirm = confirmSchema.safeParse({ confirmWeak: form.get('confirmWeak') ?? undefined, confirmPlaceholders: form.get('confirmPlaceholders') ?? undefined });
  if (!confirm.success) return { message: 'Unknown confirmation.' };
  try {
    const r = await publishStudyDraft({ actor: await requireActor(), studyId, confirmWeak: confirm.data.confirmWeak === 'true', confirmPlaceholders: confirm.data.confirmPlaceholders === 'true' });
    if (r.outcome === 'needs-confirmation') {
      return {
        message: null,
        confirm: { weak: r.weak.map((w) => ({ name: w.name, reasons: w.reasons })), notGenerated: r.notGenerated, placeholders: r.placeholders.map((p) => ({ field: p.field, found: p.found })) },
      };
    }
    revalidatePath(`/studies/${studyId}`);
    const unchecked = r.notGenerated ? ` ${r.notGenerated} image${r.notGenerated > 1 ? 's were' : ' was'} not generated yet, so ${r.notGenerated > 1 ? 'their' : 'its'} quality is not checked; see Review stimuli once generated.` : '';
    return { ok: true, message: `${r.created ? `Published version ${r.version}.` : `Version ${r.version} already has exactly this content.`}${unchecked}` };
  } catch (e) {
    return { message: publicMessage(e).message };
  }
}

const statusSchema = z.enum(['closed', 'published']);

export async function setStatusAction(studyId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const status = statusSchema.safeParse(form.get('status'));
  if (!status.success) return { message: 'Unknown status.' };
  try {
    await setStudyStatus({ actor: await requireActor(), studyId, status: status.data });
    revalidatePath(`/studies/${studyId}`);
    return { ok: true, message: status.data === 'closed' ? 'Closed: no new participants; those who started can finish.' : 'Reopened for new participants.' };
  } catch (e) {
    return { message: publicMessage(e).message };
  }
}

export async function addCollaboratorAction(studyId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const input = addCollaboratorInputSchema.safeParse({ email: form.get('email'), role: form.get('role') });
  if (!input.success) return { message: input.error.issues[0]?.message ?? 'Invalid input.' };
  try {
    await addCollaborator({ actor: await requireActor(), studyId, input: input.data });
    revalidatePath(`/studies/${studyId}`);
    return { ok: true, message: `Shared with ${input.data.email} as ${input.data.role}.` };
  } catch (e) {
    return { message: publicMessage(e).message };
  }
}

const idSchema = z.string().min(1).max(100);

/**
 * Answers every refusal (signed out, not allowed to share, malformed ids) with a message instead of
 * throwing: a thrown error is a 500 for whoever called the action (issue #11).
 */
export async function removeCollaboratorAction(studyId: string, userId: string): Promise<ActionState> {
  const ids = z.tuple([idSchema, idSchema]).safeParse([studyId, userId]);
  if (!ids.success) return { message: 'Unknown study or collaborator.' };
  try {
    await removeCollaborator({ actor: await requireActor(), studyId: ids.data[0], userId: ids.data[1] });
    revalidatePath(`/studies/${studyId}`);
    return { ok: true, message: 'Removed.' };
  } catch (e) {
    return { message: publicMessage(e).message };
  }
}
