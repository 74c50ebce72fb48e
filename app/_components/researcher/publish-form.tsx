'use client';
// The publish button. When images of the draft are weak, or texts still hold placeholder text, the
// action publishes nothing and answers with them; the researcher then reads which and why, and may
// publish anyway (the same action, confirming exactly what was listed).
import Link from 'next/link';
import { useActionState } from 'react';

export interface PublishFormState {
  message: string | null;
  ok?: boolean;
  confirm?: { weak: { name: string; reasons: string[] }[]; notGenerated: number; placeholders: { field: string; found: string }[] };
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
        <section className="notice confirm-publish" role="alert" aria-label="Confirm publishing" data-testid="confirm-publish">
          {confirm.placeholders.length > 0 && (
            <>
              <h3>Participants would read placeholder text in {confirm.placeholders.length === 1 ? 'this field' : `these ${confirm.placeholders.length} fields`}:</h3>
              <ul data-testid="confirm-placeholders">
                {confirm.placeholders.map((p) => (
                  <li key={p.field}>
                    <strong>{p.field}</strong>: {p.found}
                  </li>
                ))}
              </ul>
            </>
          )}
          {confirm.weak.length > 0 && (
            <>
              <h3>{confirm.weak.length === 1 ? 'This stimulus is weak:' : `These ${confirm.weak.length} stimuli are weak:`}</h3>
              <ul data-testid="confirm-weak">
                {confirm.weak.map((w) => (
                  <li key={w.name}>
                    <strong>{w.name}</strong>: {w.reasons.join('; ')}
                  </li>
                ))}
              </ul>
              <p>
                <Link href={`/studies/${studyId}/stimuli?version=draft`}>Review the draft&apos;s stimuli</Link>
              </p>
            </>
          )}
          {confirm.notGenerated > 0 && (
            <p>
              {confirm.notGenerated} image{confirm.notGenerated > 1 ? 's are' : ' is'} not generated yet; open the{' '}
              <Link href={`/studies/${studyId}/preview`}>preview</Link> to check {confirm.notGenerated > 1 ? 'them' : 'it'}.
            </p>
          )}
          <p>Publish anyway?</p>
          <form action={formAction}>
            {confirm.weak.length > 0 && <input type="hidden" name="confirmWeak" value="true" />}
            {confirm.placeholders.length > 0 && <input type="hidden" name="confirmPlaceholders" value="true" />}
            <fieldset disabled={pending}>
              <button className="button" type="submit">Publish anyway</button>
            </fieldset>
          </form>
        </section>
      )}
    </div>
  );
}
