import 'server-only';
// Time spent per item (client-measured, from showing the item to submitting it): count, mean and
// median. SQLite has no median aggregate; window functions (ROW_NUMBER and COUNT over each item)
// took ~0.45 s at 100 000 answers, so the database returns each item's times sorted in one
// aggregate (group_concat … ORDER BY, SQLite ≥ 3.44) and the middle one or two are read here.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { itemDisplayLabel } from '@/lib/analysis/item-labels';
import { countSchema, inVersions, nullableNumberSchema, parseRows } from '@/lib/analysis/sql-fragments';

/** `prompt`: the item's display label (id, model, face, prompt with {prediction} resolved). */
export type ItemTime = { itemId: string; prompt: string; answers: number; medianMs: number | null; meanMs: number | null };

/** The median of comma-separated numbers in ascending order: the middle one, or the mean of the middle two. */
export function sortedMedian(sorted: string | null): number | null {
  if (!sorted) return null;
  const values = sorted.split(',');
  const n = values.length;
  const lower = Number(values[Math.floor((n - 1) / 2)]);
  return n % 2 ? lower : (lower + Number(values[n / 2])) / 2;
}

export async function getItemTimes(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection }): Promise<ItemTime[]> {
  const { scope } = options;
  const rows = parseRows(
    z.object({ itemId: z.string(), n: countSchema, total: nullableNumberSchema, times: z.string().nullable() }),
    await getDb().$queryRaw(Prisma.sql`SELECT r.itemId AS itemId, COUNT(*) AS n, SUM(r.responseTimeMs) AS total,
        group_concat(r.responseTimeMs, ',' ORDER BY r.responseTimeMs) AS times
      FROM Response r JOIN Participant p ON p.id = r.participantId
      WHERE ${inVersions(scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.responseTimeMs IS NOT NULL
      GROUP BY r.itemId`),
  ).map((r) => ({ itemId: r.itemId, n: r.n, mean: r.total === null ? null : r.total / r.n, median: sortedMedian(r.times) }));
  const byId = new Map(rows.map((r) => [r.itemId, r]));
  return scope.items.map((item) => {
    const r = byId.get(item.id);
    return { itemId: item.id, prompt: itemDisplayLabel(item), answers: r?.n ?? 0, medianMs: r?.median ?? null, meanMs: r?.mean ?? null };
  });
}
