import 'server-only';
// Intruder accuracy: correct and total answers per item counted in the database, then pooled per
// unit/concept and per layer and tested against chance (lib/analysis/accuracy-stats.ts).
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { accuracySpecsOf, summariseAccuracy, type AccuracySummary } from '@/lib/analysis/accuracy-stats';
import { countSchema, inList, inVersions, parseRows } from '@/lib/analysis/sql-fragments';

export async function getAccuracy(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection }): Promise<AccuracySummary> {
  const specs = accuracySpecsOf(options.scope.items);
  if (specs.length === 0) return { byProbe: [], byLayer: [] };
  const isCorrect = Prisma.join(specs.map((s) => Prisma.sql`(r.itemId = ${s.itemId} AND r.value = ${JSON.stringify(s.correct)})`), ' OR ');
  const rows = parseRows(
    z.object({ itemId: z.string(), correct: countSchema, trials: countSchema }),
    await getDb().$queryRaw(Prisma.sql`SELECT r.itemId AS itemId, SUM(CASE WHEN ${isCorrect} THEN 1 ELSE 0 END) AS correct, COUNT(*) AS trials
      FROM Participant p JOIN Response r ON r.participantId = p.id AND r.itemId IN ${inList(specs.map((s) => s.itemId))}
      WHERE ${inVersions(options.scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.value <> 'null'
      GROUP BY r.itemId`),
  );
  return summariseAccuracy(specs, rows);
}
