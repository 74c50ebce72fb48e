import 'server-only';
// Loads every study file and publishes the ones that parse. Bad files are reported and skipped;
// they never reach participants, and the good ones keep working.
import { loadStudyFiles } from '@/lib/studies/load-study-files';
import { publishStudyVersion, type PublishResult } from '@/lib/studies/publish-study';
import { isAppError } from '@/lib/errors';

export interface SyncResult {
  published: (PublishResult & { slug: string; file: string })[];
  errors: string[];
}

export async function syncStudyFiles(options: { dir: string }): Promise<SyncResult> {
  const loaded = await loadStudyFiles(options);
  const result: SyncResult = { published: [], errors: [...loaded.errors] };
  for (const { file, study } of loaded.studies) {
    try {
      const r = await publishStudyVersion({ study, sourceFile: file });
      result.published.push({ ...r, slug: study.slug, file });
    } catch (e) {
      if (!isAppError(e)) throw e;
      result.errors.push(e.message);
    }
  }
  return result;
}
