import 'server-only';
// Export a published version (or the current draft) as a study file: the same JSON format as
// studies/*.json, so importing the export gives the same study back.
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { recordAudit } from '@/lib/audit/record-audit';
import { studySchema } from '@/lib/studies/study-schema';

export async function exportStudy(options: { actor: Actor; studyId: string; version: number | 'draft' }): Promise<{ fileName: string; json: string }> {
  const study = await findStudyFor(options.actor, options.studyId, 'export');
  let definition: unknown;
  if (options.version === 'draft') {
    if (!study.draft) throw new AppError('NOT_FOUND', 'This study has no draft.');
    definition = JSON.parse(study.draft);
  } else {
    const v = await getDb().studyVersion.findUnique({ where: { studyId_version: { studyId: study.id, version: options.version } } });
    if (!v) throw new AppError('NOT_FOUND', `Version ${options.version} does not exist.`);
    definition = studySchema.parse(JSON.parse(v.definition));
  }
  await recordAudit(getDb(), { actor: options.actor, action: 'study.export', studyId: study.id, detail: { version: options.version } });
  return { fileName: `${study.slug}-${options.version === 'draft' ? 'draft' : `v${options.version}`}.json`, json: `${JSON.stringify(definition, null, 2)}\n` };
}
