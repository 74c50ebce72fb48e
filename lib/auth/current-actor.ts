import 'server-only';
// The signed-in user for this request, re-read from the database: a removed user, a changed
// password or "sign out everywhere" (all bump sessionVersion) end existing sessions immediately.
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getAuthOptions } from '@/lib/auth/auth-options';
import { userRoleSchema, type Actor } from '@/lib/auth/roles';

export async function actorFromSession(session: { uid?: string; sv?: number } | null): Promise<Actor | null> {
  if (!session?.uid || session.sv === undefined) return null;
  const user = await getDb().user.findUnique({ where: { id: session.uid } });
  if (!user || user.sessionVersion !== session.sv) return null;
  const role = userRoleSchema.safeParse(user.role);
  return role.success ? { id: user.id, email: user.email, role: role.data } : null;
}

export async function getActor(): Promise<Actor | null> {
  return actorFromSession(await getServerSession(getAuthOptions()));
}

export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in.');
  return actor;
}

/**
 * For pages: Next renders a layout and its page concurrently, so a page cannot rely on the layout's
 * sign-in redirect having happened first; it redirects too instead of throwing.
 */
export async function requireActorForPage(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect('/signin');
  return actor;
}
