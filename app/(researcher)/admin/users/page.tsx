import { notFound } from 'next/navigation';
import { requireActorForPage } from '@/lib/auth/current-actor';
import { listUsers } from '@/lib/users/manage-users';
import { isAppError } from '@/lib/errors';
import { ActionForm } from '@/app/_components/researcher/action-form';
import { createUserAction, removeUserAction } from '../../account/actions';

export default async function UsersPage() {
  const actor = await requireActorForPage();
  let users;
  try {
    users = await listUsers({ actor });
  } catch (e) {
    if (isAppError(e) && e.code === 'FORBIDDEN') notFound();
    throw e;
  }
  return (
    <>
      <h1>Users</h1>
      <table className="table">
        <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col" /></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>{u.createdAt.toISOString().slice(0, 10)}</td>
              <td>
                {u.id !== actor.id && (
                  <form action={removeUserAction.bind(null, u.id)}>
                    <button className="linklike" type="submit">Remove</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>New user</h2>
      <ActionForm action={createUserAction}>
        <div className="field"><label htmlFor="u-email">Email</label><input id="u-email" name="email" type="email" required /></div>
        <div className="field"><label htmlFor="u-name">Name</label><input id="u-name" name="name" type="text" /></div>
        <div className="field">
          <label htmlFor="u-role">Role</label>
          <select id="u-role" name="role"><option value="researcher">Researcher</option><option value="analyst">Analyst</option><option value="admin">Admin</option></select>
        </div>
        <div className="field"><label htmlFor="u-pw">Initial password (at least 10 characters)</label><input id="u-pw" name="password" type="password" required minLength={10} /></div>
        <button className="button" type="submit">Create user</button>
      </ActionForm>
    </>
  );
}
