// Validates a draft with the same schema as study files and reports issues by field path
// ("blocks.1.items.0.options"), so the editor can show each message next to its field.
import { studySchema, type Study } from '@/lib/studies/study-schema';

export interface FieldIssue {
  path: string;
  message: string;
}

export function validateDraft(draft: unknown): { ok: true; study: Study } | { ok: false; issues: FieldIssue[] } {
  const r = studySchema.safeParse(draft);
  if (r.success) return { ok: true, study: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}
