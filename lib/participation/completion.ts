// Completion codes and the redirect a recruitment platform expects (e.g. Prolific's completion URL).
import { randomBytes } from 'node:crypto';
import type { Study } from '@/lib/studies/study-schema';

export function newCompletionCode(study: Study): string {
  if (study.completion.code) return study.completion.code;
  // Unambiguous characters, so codes read aloud or retyped survive.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}

export interface RedirectContext {
  code: string;
  participantId: string;
  externalId: string | null;
  externalStudyId: string | null;
  externalSessionId: string | null;
}

export function completionRedirectUrl(study: Study, ctx: RedirectContext): string | null {
  const template = study.completion.redirectUrl;
  if (!template) return null;
  const values: Record<string, string> = {
    CODE: ctx.code,
    PARTICIPANT: ctx.participantId,
    PROLIFIC_PID: ctx.externalId ?? '',
    STUDY_ID: ctx.externalStudyId ?? '',
    SESSION_ID: ctx.externalSessionId ?? '',
  };
  return template.replace(/\{(CODE|PARTICIPANT|PROLIFIC_PID|STUDY_ID|SESSION_ID)\}/g, (_, k: string) => encodeURIComponent(values[k] ?? ''));
}
