import 'server-only';
// Publishing freezes a definition as an immutable StudyVersion. Publishing an unchanged definition is
// a no-op (its hash already exists), so syncing the studies directory at every start is idempotent.
import { createHash } from 'node:crypto';
import { withTransaction, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { missingImages } from '@/lib/studies/resolve-image';
import { buildStudySpecs } from '@/lib/stimuli/plan-study-stimuli';
import { enqueueSpec } from '@/lib/stimuli/request-stimulus';
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

export async function publishStudyVersion(options: {
  study: Study;
  /** Set for studies/*.ts|json; such a publish never overwrites a study authored in the browser. */
  sourceFile?: string;
  /** Further writes that belong to the same publish (status, audit), in its transaction. */
  onPublished?: (tx: Tx, result: PublishResult) => Promise<void>;
}): Promise<PublishResult> {
  const { study, sourceFile } = options;
  const missing = await missingImages(study);
  if (missing.length) {
    throw new AppError('BAD_INPUT', `${sourceFile ?? study.slug}: images not found: ${missing.join(', ')}`);
  }
  const hash = definitionHash(study);
  // Generated images are validated up front (bad model, method or params refuse the publish) and
  // enqueued in the same transaction that creates the version.
  const specs = await buildStudySpecs(study, sourceFile ?? study.slug);
  return withTransaction(async (tx) => {
    const found = await tx.study.findUnique({ where: { slug: study.slug } });
    if (found && sourceFile && found.source !== 'file') {
      throw new AppError('CONFLICT', `${sourceFile}: the address "${study.slug}" belongs to a study authored in the browser; rename the file's slug.`);
    }
    const row = found
      ? await tx.study.update({ where: { id: found.id }, data: { title: study.title } })
      : await tx.study.create({ data: { slug: study.slug, title: study.title, source: sourceFile ? 'file' : 'ui' } });
    const existing = await tx.studyVersion.findUnique({ where: { studyId_definitionHash: { studyId: row.id, definitionHash: hash } } });
    const stimulusMap: Record<string, string> = {};
    for (const s of specs) stimulusMap[s.key] = (await enqueueSpec(tx, s.built, { studyId: row.id })).stimulusId;
    let result: PublishResult;
    if (existing) {
      result = { studyId: row.id, versionId: existing.id, version: existing.version, created: false };
    } else {
      const last = await tx.studyVersion.findFirst({ where: { studyId: row.id }, orderBy: { version: 'desc' } });
      const created = await tx.studyVersion.create({
        data: {
          studyId: row.id, version: (last?.version ?? 0) + 1, definition: JSON.stringify(study), definitionHash: hash, sourceFile,
          stimulusMap: specs.length ? JSON.stringify(stimulusMap) : null,
        },
      });
      result = { studyId: row.id, versionId: created.id, version: created.version, created: true };
    }
    await options.onPublished?.(tx, result);
    return result;
  });
}
