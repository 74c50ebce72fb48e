'use client';
// Consent is a plain form post (see app/(participant)/s/[slug]/consent/route.ts); the buttons are
// disabled after the first press so a double tap sends one decision.
import { useState } from 'react';
import { Paragraphs } from './paragraphs';

interface Props {
  slug: string;
  title: string;
  consent: { title: string; body: string; agreeLabel: string; declineLabel: string };
  closed: boolean;
  external: { externalId?: string; externalStudyId?: string; externalSessionId?: string };
  message: string | null;
}

export function ConsentForm({ slug, title, consent, closed, external, message }: Props) {
  const [sent, setSent] = useState(false);
  if (closed) {
    return (
      <section className="notice">
        <h1>{title}</h1>
        <p>This study is closed and no longer accepts new participants. Thank you for your interest.</p>
      </section>
    );
  }
  return (
    <form method="post" action={`/s/${encodeURIComponent(slug)}/consent`} onSubmit={() => setTimeout(() => setSent(true), 0)}>
      <h1>{title}</h1>
      <h2>{consent.title}</h2>
      <div className="prose">
        <Paragraphs text={consent.body} />
      </div>
      {Object.entries(external).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      <div className="actions">
        <button className="button" type="submit" name="decision" value="agree" disabled={sent}>
          {consent.agreeLabel}
        </button>
        <button className="button secondary" type="submit" name="decision" value="decline" disabled={sent}>
          {consent.declineLabel}
        </button>
      </div>
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
