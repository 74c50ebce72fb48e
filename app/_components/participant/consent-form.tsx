'use client';
import { useActionState } from 'react';
import type { FormState } from '@/app/(participant)/s/[slug]/actions';
import { Paragraphs } from './paragraphs';

interface Props {
  title: string;
  consent: { title: string; body: string; agreeLabel: string; declineLabel: string };
  closed: boolean;
  external: { externalId?: string; externalStudyId?: string; externalSessionId?: string };
  action: (prev: FormState, form: FormData) => Promise<FormState>;
}

export function ConsentForm({ title, consent, closed, external, action }: Props) {
  const [state, formAction, pending] = useActionState(action, { message: null });
  if (closed) {
    return (
      <section className="notice">
        <h1>{title}</h1>
        <p>This study is closed and no longer accepts new participants. Thank you for your interest.</p>
      </section>
    );
  }
  return (
    <form action={formAction}>
      <h1>{title}</h1>
      <h2>{consent.title}</h2>
      <div className="prose">
        <Paragraphs text={consent.body} />
      </div>
      {Object.entries(external).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      <div className="actions">
        <button className="button" type="submit" name="decision" value="agree" disabled={pending}>
          {consent.agreeLabel}
        </button>
        <button className="button secondary" type="submit" name="decision" value="decline" disabled={pending}>
          {consent.declineLabel}
        </button>
      </div>
      {state.message && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}
