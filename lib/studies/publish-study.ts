import 'server-only';
// Publishing freezes a definition as an immutable StudyVersion. Publishing an unchanged definition is
// a no-op (its hash already exists), so syncing the studies directory at every start is idempotent.
import { createHash } from 'node:crypto';
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { missingImages } from '@/lib/studies/resolve-image';
import type { Study } from '@/lib/studies/study-schema';

export interface PublishResult {
  studyId: string;
  versionId: string;
  version: number;
  created: boolean;
}

/** Key order is fixed by the schema's parse, so JSON text is a stable canonical form. */
export function definitionHash(study: Study): string {
  return createHash('sha256').update(JSON.stringify(study)).digest('hex');
}

export async function publishStudyVersion(options: { study: Study; sourceFile?: string }): Promise<PublishResult> {
  const { study, sourceFile } = options;
  const missing = missingImages(study);
  if (missing.length) {
    throw new AppError('BAD_INPUT', `${sourceFile ?? study.slug}: images not found: ${missing.join(', ')}`);
  }
  const hash = definitionHash(study);
  return withTransaction(async (tx) => {
    const row = await tx.study.upsert({
      where: { slug: study.slug },
      create: { slug: study.slug, title: study.title },
      update: { title: study.title },
    });
    const existing = await tx.studyVersion.findUnique({ where: { studyId_definitionHash: { studyId: row.id, definitionHash: hash } } });
    if (existing) return { studyId: row.id, versionId: existing.id, version: existing.version, created: false };
    const last = await tx.studyVersion.findFirst({ where: { studyId: row.id }, orderBy: { version: 'desc' } });
    const created = await tx.studyVersion.create({
      data: { studyId: row.id, version: (last?.version ?? 0) + 1, definition: JSON.stringify(study), definitionHash: hash, sourceFile },
    });
    return { studyId: row.id, versionId: created.id, version: created.version, created: true };
  });
}
