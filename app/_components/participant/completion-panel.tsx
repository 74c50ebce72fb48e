'use client';
import { useEffect } from 'react';

interface Props {
  title: string;
  message: string;
  code: string;
  redirectUrl: string | null;
}

/** The end of the study: the completion code, and the way back to the recruiting platform. */
export function CompletionPanel({ title, message, code, redirectUrl }: Props) {
  useEffect(() => {
    if (!redirectUrl) return;
    const t = setTimeout(() => window.location.assign(redirectUrl), 5000);
    return () => clearTimeout(t);
  }, [redirectUrl]);
  return (
    <section className="notice" aria-live="polite">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        Your completion code: <strong className="code" data-testid="completion-code">{code}</strong>
      </p>
      {redirectUrl && (
        <p>
          You will be taken back automatically in a few seconds.{' '}
          <a className="button" href={redirectUrl}>
            Continue now
          </a>
        </p>
      )}
    </section>
  );
}
