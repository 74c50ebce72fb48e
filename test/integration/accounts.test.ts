import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import { authenticate } from '@/lib/auth/authenticate';
import { actorFromSession } from '@/lib/auth/current-actor';
import { createUser, removeUser } from '@/lib/users/manage-users';
import { changePassword, signOutEverywhere } from '@/lib/users/session-control';
import type { Actor } from '@/lib/auth/roles';

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
});
afterAll(async () => cleanup());

async function signedIn(email: string, password: string) {
  const u = await authenticate({ credentials: { email, password }, ip: '10.0.0.1' });
  if (!u) throw new Error('sign-in failed');
  return { session: { uid: u.id, sv: u.sessionVersion }, actor: { id: u.id, email: u.email, role: u.role } satisfies Actor };
}

describe('accounts and sessions', () => {
  it('stores only an Argon2id hash and signs in with the right password', async () => {
    await createUser({ actor: null, input: { email: 'A@Example.org', role: 'researcher', password: 'first-password' } });
    const row = await getDb().user.findUniqueOrThrow({ where: { email: 'a@example.org' } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain('first-password');
    expect(await authenticate({ credentials: { email: 'a@example.org', password: 'first-password' }, ip: '1.1.1.1' })).toMatchObject({ email: 'a@example.org', role: 'researcher' });
  });

  it('answers a wrong password and an unknown email identically', async () => {
    expect(await authenticate({ credentials: { email: 'a@example.org', password: 'nope-nope-nope' }, ip: '2.2.2.2' })).toBeNull();
    expect(await authenticate({ credentials: { email: 'ghost@example.org', password: 'nope-nope-nope' }, ip: '2.2.2.2' })).toBeNull();
    expect(await authenticate({ credentials: { email: 'not an email', password: 'x' }, ip: '2.2.2.2' })).toBeNull();
  });

  it('sign-out everywhere ends existing sessions', async () => {
    const { session, actor } = await signedIn('a@example.org', 'first-password');
    expect(await actorFromSession(session)).toMatchObject({ id: actor.id });
    await signOutEverywhere({ actor });
    expect(await actorFromSession(session)).toBeNull();
    const again = await signedIn('a@example.org', 'first-password');
    expect(await actorFromSession(again.session)).not.toBeNull();
  });

  it('a password change ends existing sessions and needs the current password', async () => {
    const { session, actor } = await signedIn('a@example.org', 'first-password');
    await expect(changePassword({ actor, currentPassword: 'wrong-password', newPassword: 'another-password' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await actorFromSession(session)).not.toBeNull();
    await changePassword({ actor, currentPassword: 'first-password', newPassword: 'another-password' });
    expect(await actorFromSession(session)).toBeNull();
    expect(await authenticate({ credentials: { email: 'a@example.org', password: 'another-password' }, ip: '5.5.5.5' })).not.toBeNull();
  });

  it('removing a user ends their sessions and is audited', async () => {
    const admin = await createUser({ actor: null, input: { email: 'root@example.org', role: 'admin', password: 'admin-password' } });
    const { session, actor } = await signedIn('a@example.org', 'another-password');
    await removeUser({ actor: { id: admin.id, email: admin.email, role: 'admin' }, userId: actor.id });
    expect(await actorFromSession(session)).toBeNull();
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'user.remove' } });
    expect(audit.actorEmail).toBe('root@example.org');
  });

  it('a forged or empty session grants nothing', async () => {
    expect(await actorFromSession(null)).toBeNull();
    expect(await actorFromSession({ uid: 'no-such-user', sv: 0 })).toBeNull();
  });
});
