import 'server-only';
// A new study authored in the browser: from a template, or by importing a study file's contents.
// It starts as a draft owned by its creator.
import { z } from 'zod';
import { isUniqueViolation, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { recordAudit } from '@/lib/audit/record-audit';
import { studyBaseSchema } from '@/lib/studies/study-schema';
import { studyTemplates, type StudyTemplateId } from '@/lib/studies/study-templates';
import { validateDraft, type FieldIssue } from '@/lib/studies/validate-draft';

export const createStudyInputSchema = z.discriminatedUnion('from', [
  z.object({
    from: z.literal('template'),
    template: z.enum(Object.keys(studyTemplates) as [StudyTemplateId, ...StudyTemplateId[]]),
    slug: studyBaseSchema.shape.slug,
    title: z.string().trim().min(1, 'Give the study a title.').max(200),
  }),
  z.object({ from: z.literal('import'), fileText: z.string().min(2).max(2_000_000) }),
]);
export type CreateStudyInput = z.infer<typeof createStudyInputSchema>;

export type CreateStudyResult = { ok: true; studyId: string } | { ok: false; issues: FieldIssue[] };

function draftFrom(input: CreateStudyInput): { ok: true; draft: unknown; slug: string } | { ok: false; issues: FieldIssue[] } {
  if (input.from === 'template') {
    return { ok: true, draft: { slug: input.slug, title: input.title, ...studyTemplates[input.template].study }, slug: input.slug };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(input.fileText);
  } catch {
    return { ok: false, issues: [{ path: 'file', message: 'The file is not valid JSON (export a study as JSON to import it).' }] };
  }
  const v = validateDraft(raw);
  return v.ok ? { ok: true, draft: v.study, slug: v.study.slug } : v;
}

export async function createStudy(options: { actor: Actor; input: CreateStudyInput }): Promise<CreateStudyResult> {
  const { actor } = options;
  if (actor.role === 'analyst') throw new AppError('FORBIDDEN', 'Analysts cannot create studies.');
  const d = draftFrom(options.input);
  if (!d.ok) return d;
  try {
    return await withTransaction(async (tx) => {
      const title = z.object({ title: z.string() }).safeParse(d.draft);
      const study = await tx.study.create({
        data: { slug: d.slug, title: title.success ? title.data.title : d.slug, status: 'draft', source: 'ui', ownerId: actor.id, draft: JSON.stringify(d.draft) },
      });
      await recordAudit(tx, { actor, action: options.input.from === 'import' ? 'study.import' : 'study.create', studyId: study.id, detail: { slug: study.slug } });
      return { ok: true as const, studyId: study.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      return { ok: false, issues: [{ path: 'slug', message: `The address "${d.slug}" is already used by another study.` }] };
    }
    throw e;
  }
}
