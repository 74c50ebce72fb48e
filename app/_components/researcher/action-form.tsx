'use client';
// A form bound to a server action that answers with { message, ok, issues }: shows the message, marks
// each field named in issues (aria-invalid, its message beside it), and disables its buttons while the
// action runs. What was typed stays when the server refuses it.
import { createContext, startTransition, useActionState, useContext, useEffect, useRef, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';

export interface ActionFormState {
  message: string | null;
  ok?: boolean;
  issues?: { path: string; message: string }[];
}

const IssuesContext = createContext<readonly { path: string; message: string }[]>([]);

/**
 * `fieldLabels` names the form's fields as their labels do, so the issue list says "Address (/s/…)"
 * rather than the internal name; issues about anything else (e.g. a path inside an imported file)
 * keep their path.
 */
export function ActionForm({ action, children, className, fieldLabels = {} }: { action: (prev: ActionFormState, form: FormData) => Promise<ActionFormState>; children: ReactNode; className?: string; fieldLabels?: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(action, { message: null });
  const formRef = useRef<HTMLFormElement>(null);

  // React resets a form after its action has run, which cleared what the researcher typed when the
  // server refused it. Dispatching from onSubmit (default prevented) skips that reset; the `action`
  // prop stays so the form still posts before hydration.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = event.nativeEvent instanceof SubmitEvent ? event.nativeEvent.submitter : null;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(data));
  };

  useEffect(() => {
    if (state.ok) formRef.current?.reset();
    else formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className={className} aria-busy={pending}>
      <IssuesContext.Provider value={state.issues ?? []}>
        <fieldset disabled={pending}>{children}</fieldset>
      </IssuesContext.Provider>
      {state.message && (
        <p className={state.ok ? 'success' : 'error'} role={state.ok ? 'status' : 'alert'}>
          {state.message}
        </p>
      )}
      {state.issues && state.issues.length > 0 && (
        <ul className="error">
          {state.issues.map((i, k) => (
            <li key={k}>
              {fieldLabels[i.path] ? `${fieldLabels[i.path]}: ` : i.path ? <><code>{i.path}</code> </> : null}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

type InputProps = Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'required' | 'pattern' | 'maxLength' | 'accept' | 'autoComplete'>;

/** An input of an ActionForm whose issues (by `name`) are shown right below it and announced with it. */
export function ActionField({ id, name, label, hint, ...input }: { id: string; name: string; label: string; hint?: string } & InputProps) {
  const messages = useContext(IssuesContext).filter((i) => i.path === name).map((i) => i.message);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = messages.length ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <span id={hintId} className="field-hint muted">{hint}</span>}
      <input id={id} name={name} {...input} aria-invalid={errorId ? true : undefined} aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined} />
      {errorId && <span id={errorId} className="field-error">{messages.join(' ')}</span>}
    </div>
  );
}
