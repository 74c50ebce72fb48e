// The remove-collaborator server action answers refusals with a message: it used to throw, which is a
// 500 for an anonymous caller or another researcher (issue #11).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import type { Actor } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { createUser } from '@/lib/users/manage-users';
import { createStudy } from '@/lib/studies/create-study';
import { addCollaborator, listCollaborators } from '@/lib/studies/manage-collaborators';

let signedIn: Actor | null = null;
vi.mock('@/lib/auth/current-actor', () => ({
  requireActor: async () => {
    if (!signedIn) throw new AppError('UNAUTHORIZED', 'Please sign in.');
    return signedIn;
  },
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
vi.mock('next/navigation', () => ({ redirect: () => undefined }));

const { removeCollaboratorAction } = await import('@/app/(researcher)/studies/actions');

let cleanup: () => Promise<void>;
const actor = async (email: string): Promise<Actor> => {
  const u = await createUser({ actor: null, input: { email, role: 'researcher', password: 'long-enough-password' } });
  return { id: u.id, email: u.email, role: 'researcher' };
};
let owner: Actor;
let stranger: Actor;
let editor: Actor;
let studyId = '';
beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  [owner, stranger, editor] = [await actor('owner@example.org'), await actor('stranger@example.org'), await actor('editor@example.org')];
  const r = await createStudy({ actor: owner, input: { from: 'template', template: 'blank', slug: 'shared', title: 'Shared' } });
  if (!r.ok) throw new Error('study not created');
  studyId = r.studyId;
  await addCollaborator({ actor: owner, studyId, input: { email: 'editor@example.org', role: 'editor' } });
});
afterAll(async () => cleanup());

describe('remove-collaborator action', () => {
  it('refuses someone signed out with a message, removing nothing', async () => {
    signedIn = null;
    expect(await removeCollaboratorAction(studyId, editor.id)).toEqual({ message: 'Please sign in.' });
    expect(await listCollaborators({ actor: owner, studyId })).toHaveLength(1);
  });

  it('refuses another researcher with a message, removing nothing', async () => {
    signedIn = stranger;
    const r = await removeCollaboratorAction(studyId, editor.id);
    expect(r.ok).toBeUndefined();
    expect(r.message).toBeTruthy();
    expect(await listCollaborators({ actor: owner, studyId })).toHaveLength(1);
  });

  it('lets the owner remove', async () => {
    signedIn = owner;
    expect(await removeCollaboratorAction(studyId, editor.id)).toEqual({ ok: true, message: 'Removed.' });
    expect(await listCollaborators({ actor: owner, studyId })).toHaveLength(0);
  });
});
