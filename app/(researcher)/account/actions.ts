'use server';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/current-actor';
import { publicMessage } from '@/lib/errors';
import { changePassword, signOutEverywhere } from '@/lib/users/session-control';
import { createUser, newUserSchema, removeUser } from '@/lib/users/manage-users';
import { revalidatePath } from 'next/cache';
import type { ActionFormState } from '@/app/_components/researcher/action-form';

export async function signOutEverywhereAction(): Promise<void> {
  await signOutEverywhere({ actor: await requireActor() });
  redirect('/signin');
}

export async function changePasswordAction(_prev: ActionFormState, form: FormData): Promise<ActionFormState> {
  try {
    await changePassword({ actor: await requireActor(), currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') });
  } catch (e) {
    return { message: publicMessage(e).message };
  }
  redirect('/signin');
}

export async function createUserAction(_prev: ActionFormState, form: FormData): Promise<ActionFormState> {
  const input = newUserSchema.safeParse({ email: form.get('email'), role: form.get('role'), password: form.get('password'), name: form.get('name') || undefined });
  if (!input.success) return { message: 'Please correct the fields.', issues: input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  try {
    await createUser({ actor: await requireActor(), input: input.data });
    revalidatePath('/admin/users');
    return { ok: true, message: `Created ${input.data.email}.` };
  } catch (e) {
    return { message: publicMessage(e).message };
  }
}

export async function removeUserAction(userId: string): Promise<void> {
  await removeUser({ actor: await requireActor(), userId });
  revalidatePath('/admin/users');
}
