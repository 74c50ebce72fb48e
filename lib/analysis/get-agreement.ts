import 'server-only';
// Coherency agreement: how many participants chose each label per item, counted in the database;
// the agreement statistics are computed from those counts (lib/analysis/agreement-stats.ts).
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { isCoherencyItem, summariseAgreement, type AgreementSummary } from '@/lib/analysis/agreement-stats';
import { countSchema, inList, inVersions, parseRows } from '@/lib/analysis/sql-fragments';

export async function getAgreement(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection }): Promise<AgreementSummary> {
  const items = options.scope.items.filter(isCoherencyItem);
  // The label set each item offers now (its latest analysed definition): merged options would count
  // labels a later version dropped and distort chance agreement.
  const latest = new Map(options.scope.versionItems.flatMap((v) => v.items).map((i) => [i.id, i]));
  if (items.length === 0) return { items: [], layers: [] };
  const rows = parseRows(
    z.object({ itemId: z.string(), label: z.string(), count: countSchema }),
    await getDb().$queryRaw(Prisma.sql`SELECT r.itemId AS itemId, CAST(j.value AS TEXT) AS label, COUNT(*) AS count
      FROM Participant p JOIN Response r ON r.participantId = p.id AND r.itemId IN ${inList(items.map((i) => i.id))}, json_each(r.value) j
      WHERE ${inVersions(options.scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.value <> 'null' AND j.value IS NOT NULL
      GROUP BY r.itemId, label`),
  );
  return summariseAgreement(items, rows.map((r) => ({ itemId: r.itemId, value: r.label, count: r.count })), latest);
}
