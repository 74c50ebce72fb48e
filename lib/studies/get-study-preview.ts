import 'server-only';
// Preview: the draft (or latest version) exactly as participants would get it, plus the URLs of
// its images on the researcher-only image route. Nothing is stored while previewing.
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import fs from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { contentTypeFor, imageId, resolveImagePath, studyImageRefs } from '@/lib/studies/resolve-image';
import { studySchema, type Study } from '@/lib/studies/study-schema';
import { validateDraft, type FieldIssue } from '@/lib/studies/validate-draft';

async function previewDefinitions(studyId: string, draft: string | null): Promise<unknown[]> {
  const versions = await getDb().studyVersion.findMany({ where: { studyId }, orderBy: { version: 'desc' }, select: { definition: true } });
  return [...(draft ? [JSON.parse(draft)] : []), ...versions.map((v) => JSON.parse(v.definition))];
}

export async function getStudyPreview(options: { actor: Actor; studyId: string }): Promise<{ study: Study; imageUrls: Record<string, string> } | { issues: FieldIssue[] }> {
  const row = await findStudyFor(options.actor, options.studyId, 'preview');
  const [first] = await previewDefinitions(row.id, row.draft);
  if (first === undefined) throw new AppError('NOT_FOUND', 'This study has nothing to preview yet.');
  const v = validateDraft(first);
  if (!v.ok) return { issues: v.issues };
  const imageUrls = Object.fromEntries(studyImageRefs(v.study).map((ref) => [ref, `/api/studies/${row.id}/images/${imageId(ref)}`]));
  return { study: v.study, imageUrls };
}

/** An image of the study's draft or of any of its versions, for researchers who may preview it. */
export async function getPreviewImage(options: { actor: Actor; studyId: string; imageId: string }) {
  const row = await findStudyFor(options.actor, options.studyId, 'preview');
  for (const def of await previewDefinitions(row.id, row.draft)) {
    const parsed = studySchema.safeParse(def);
    if (!parsed.success) continue;
    const ref = studyImageRefs(parsed.data).find((r) => imageId(r) === options.imageId);
    if (!ref) continue;
    const file = resolveImagePath(ref);
    const bytes = await fs.readFile(file).catch(() => {
      throw new AppError('NOT_FOUND', 'Image file is missing.');
    });
    return { bytes, contentType: contentTypeFor(file), etag: createHash('sha256').update(bytes).digest('hex').slice(0, 32) };
  }
  throw new AppError('NOT_FOUND', 'Image not found.');
}
