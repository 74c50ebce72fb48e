'use client';
// The publish button. When images of the draft are weak the action publishes nothing and answers with
// them; the researcher then reads which and why, and may publish anyway (the same action, confirmed).
import Link from 'next/link';
import { useActionState } from 'react';

export interface PublishFormState {
  message: string | null;
  ok?: boolean;
  confirm?: { weak: { name: string; reasons: string[] }[]; notGenerated: number };
}

export function PublishForm({ action, studyId }: { action: (prev: PublishFormState, form: FormData) => Promise<PublishFormState>; studyId: string }) {
  const [state, formAction, pending] = useActionState(action, { message: null });
  const confirm = state.confirm;
  return (
    <div aria-busy={pending}>
      <form action={formAction}>
        <fieldset disabled={pending}>
          <button className="button" type="submit">Publish draft as a new version</button>
        </fieldset>
      </form>
      {state.message && (
        <p className={state.ok ? 'success' : 'error'} role={state.ok ? 'status' : 'alert'}>
          {state.message}
        </p>
      )}
      {confirm && (
        <section className="notice confirm-weak" role="alert" aria-labelledby="confirm-weak-title" data-testid="confirm-weak">
          <h3 id="confirm-weak-title">
            {confirm.weak.length === 1 ? 'This stimulus is weak:' : `These ${confirm.weak.length} stimuli are weak:`}
          </h3>
          <ul>
            {confirm.weak.map((w) => (
              <li key={w.name}>
                <strong>{w.name}</strong>: {w.reasons.join('; ')}
              </li>
            ))}
          </ul>
          {confirm.notGenerated > 0 && (
            <p>
              {confirm.notGenerated} image{confirm.notGenerated > 1 ? 's are' : ' is'} not generated yet; open the{' '}
              <Link href={`/studies/${studyId}/preview`}>preview</Link> to check {confirm.notGenerated > 1 ? 'them' : 'it'}.
            </p>
          )}
          <p>
            <Link href={`/studies/${studyId}/stimuli?version=draft`}>Review the draft&apos;s stimuli</Link> · Publish anyway?
          </p>
          <form action={formAction}>
            <input type="hidden" name="confirmWeak" value="true" />
            <fieldset disabled={pending}>
              <button className="button" type="submit">Publish anyway</button>
            </fieldset>
          </form>
        </section>
      )}
    </div>
  );
}
