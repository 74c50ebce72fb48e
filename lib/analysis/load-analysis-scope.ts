import 'server-only';
// The study, versions and items an analysis covers. Access is checked here, once per request, with
// the permission the caller needs ('results' for dashboards, 'export' for downloads); every query
// after this one is restricted to the returned version ids.
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { studySchema } from '@/lib/studies/study-schema';
import { buildItemCatalog, type CatalogItem } from '@/lib/analysis/item-catalog';
import type { VersionSelection } from '@/lib/analysis/analysis-query-schema';

export type AnalysisScope = {
  study: { id: string; slug: string; title: string; status: string };
  versions: { id: string; version: number }[];
  selection: VersionSelection;
  versionIds: string[];
  /** The items merged across the analysed versions (labels from the latest definition). */
  items: CatalogItem[];
  /**
   * Each analysed version's own items. Anything scored against a right answer (intruder trials,
   * attention checks) is scored per version: a later version may have changed the answer or the options.
   */
  versionItems: { versionId: string; version: number; items: CatalogItem[] }[];
};

export async function loadAnalysisScope(options: { actor: Actor; studyId: string; version: VersionSelection; permission: 'results' | 'export' }): Promise<AnalysisScope> {
  const study = await findStudyFor(options.actor, options.studyId, options.permission);
  const versions = await getDb().studyVersion.findMany({ where: { studyId: study.id }, orderBy: { version: 'asc' }, select: { id: true, version: true, definition: true } });
  const selected = options.version === 'pooled' ? versions : versions.filter((v) => v.version === options.version);
  if (options.version !== 'pooled' && selected.length === 0) throw new AppError('NOT_FOUND', `Version ${options.version} does not exist.`);
  // Definitions were validated when published; the database is still an input, so parse again.
  const definitions = selected.map((v) => studySchema.parse(JSON.parse(v.definition)));
  const versionItems = selected.map((v, k) => ({ versionId: v.id, version: v.version, items: buildItemCatalog(definitions.slice(k, k + 1)) }));
  return {
    study: { id: study.id, slug: study.slug, title: study.title, status: study.status },
    versions: versions.map((v) => ({ id: v.id, version: v.version })),
    selection: options.version,
    versionIds: selected.map((v) => v.id),
    items: buildItemCatalog(definitions),
    versionItems,
  };
}
