import 'server-only';
// Accuracy of items with a right answer (intruder-style tasks) against chance: correct and total
// answers per item counted in the database, then pooled per unit/concept/layer group and tested.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { summariseAccuracy, type AccuracyRow, type AccuracySpec } from '@/lib/analysis/accuracy-stats';
import { countSchema, inList, inVersions, parseRows } from '@/lib/analysis/sql-fragments';

export async function getAccuracy(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection; specs: readonly AccuracySpec[] }): Promise<AccuracyRow[]> {
  const { specs } = options;
  if (specs.length === 0) return [];
  const isCorrect = Prisma.join(specs.map((s) => Prisma.sql`(r.itemId = ${s.itemId} AND r.value = ${JSON.stringify(s.correct)})`), ' OR ');
  const rows = parseRows(
    z.object({ itemId: z.string(), correct: countSchema, n: countSchema }),
    await getDb().$queryRaw(Prisma.sql`SELECT r.itemId AS itemId, SUM(CASE WHEN ${isCorrect} THEN 1 ELSE 0 END) AS correct, COUNT(*) AS n
      FROM Participant p JOIN Response r ON r.participantId = p.id AND r.itemId IN ${inList(specs.map((s) => s.itemId))}
      WHERE ${inVersions(options.scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.value <> 'null'
      GROUP BY r.itemId`),
  );
  return summariseAccuracy(specs.map((s) => {
    const r = rows.find((x) => x.itemId === s.itemId);
    return { group: s.group, chance: s.chance, correct: r?.correct ?? 0, trials: r?.n ?? 0 };
  }));
}
