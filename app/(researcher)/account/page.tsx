import { requireActorForPage } from '@/lib/auth/current-actor';
import { ActionForm } from '@/app/_components/researcher/action-form';
import { changePasswordAction, signOutEverywhereAction } from './actions';

export default async function AccountPage() {
  const actor = await requireActorForPage();
  return (
    <>
      <h1>Account</h1>
      <p>{actor.email} · {actor.role}</p>
      <h2>Change password</h2>
      <p className="muted">Changing your password signs you out on every device.</p>
      <ActionForm action={changePasswordAction}>
        <div className="field"><label htmlFor="cur">Current password</label><input id="cur" name="currentPassword" type="password" autoComplete="current-password" required /></div>
        <div className="field"><label htmlFor="new">New password (at least 10 characters)</label><input id="new" name="newPassword" type="password" autoComplete="new-password" required minLength={10} /></div>
        <button className="button" type="submit">Change password</button>
      </ActionForm>
      <h2>Sessions</h2>
      <form action={signOutEverywhereAction}>
        <button className="button secondary" type="submit">Sign out everywhere</button>
      </form>
    </>
  );
}
