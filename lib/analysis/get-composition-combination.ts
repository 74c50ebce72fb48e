import 'server-only';
// Figure 17's cross of two background items, counted in the database: one row per combination of
// answers among participants who answered both (the shares and intervals are computed in
// lib/analysis/composition-combination-table.ts).
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { chooseCombinationItems, combinationTable, type CompositionCombination } from '@/lib/analysis/composition-combination-table';
import { canonicalAnswer, countSchema, inVersions, parseRows } from '@/lib/analysis/sql-fragments';
import { jsonEach, jsonInteger, jsonItem } from '@/lib/analysis/sql-dialect';

export async function getCompositionCombination(options: {
  scope: AnalysisScope;
  exclusions: Exclusions;
  include: IncludeSelection;
  /** The page's selected splits; a two-way one chooses the items crossed. */
  selected: { pooledSplit: readonly string[]; split: readonly string[] };
}): Promise<CompositionCombination | null> {
  const chosen = chooseCombinationItems(options.scope.items, options.selected);
  if (!chosen) return null;
  const [first, second] = chosen.pair;
  // Respondents per pair of raw answers (a few distinct pairs), then the canonical text of each answer
  // computed once per distinct pair instead of once per participant and item (two json_each per
  // participant were most of this view's time); the second query groups exactly as one query did.
  const pairs = parseRows(
    z.object({ a: z.string(), b: z.string(), n: countSchema }),
    await getDb().$queryRaw(Prisma.sql`SELECT ra.value AS a, rb.value AS b, COUNT(*) AS n
      FROM "Participant" p
      JOIN "Response" ra ON ra."participantId" = p.id AND ra."itemId" = ${first.id}
      JOIN "Response" rb ON rb."participantId" = p.id AND rb."itemId" = ${second.id}
      WHERE ${inVersions(options.scope.versionIds)} ${keptFilter(options.include, options.exclusions)}
      GROUP BY ra.value, rb.value`),
  );
  const rows = await getDb().$queryRaw(Prisma.sql`SELECT x.a AS a, x.b AS b, SUM(x.n) AS n FROM (
      SELECT ${canonicalAnswer(jsonItem(Prisma.sql`j.value`, 0))} AS a, ${canonicalAnswer(jsonItem(Prisma.sql`j.value`, 1))} AS b, ${jsonInteger(Prisma.sql`j.value`, 2)} AS n
      FROM ${jsonEach(Prisma.sql`${JSON.stringify(pairs.map((r) => [r.a, r.b, r.n]))}`, 'j')}
    ) x WHERE x.a IS NOT NULL AND x.b IS NOT NULL GROUP BY x.a, x.b`);
  const counts = parseRows(z.object({ a: z.string(), b: z.string(), n: countSchema }), rows).map((r) => ({ a: r.a, b: r.b, count: r.n }));
  return combinationTable(chosen.pair, counts, chosen.chosenBy);
}
