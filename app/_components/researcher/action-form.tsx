'use client';
// A form bound to a server action that answers with { message, ok, issues }: shows the message,
// marks fields named in issues, and disables its buttons while the action runs.
import { useActionState, type ReactNode } from 'react';

export interface ActionFormState {
  message: string | null;
  ok?: boolean;
  issues?: { path: string; message: string }[];
}

export function ActionForm({ action, children, className }: { action: (prev: ActionFormState, form: FormData) => Promise<ActionFormState>; children: ReactNode; className?: string }) {
  const [state, formAction, pending] = useActionState(action, { message: null });
  return (
    <form action={formAction} className={className} aria-busy={pending}>
      <fieldset disabled={pending}>{children}</fieldset>
      {state.message && (
        <p className={state.ok ? 'success' : 'error'} role={state.ok ? 'status' : 'alert'}>
          {state.message}
        </p>
      )}
      {state.issues && state.issues.length > 0 && (
        <ul className="error">
          {state.issues.map((i, k) => (
            <li key={k}>
              {i.path ? <code>{i.path}</code> : null} {i.message}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
