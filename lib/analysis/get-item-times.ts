import 'server-only';
// Time spent per item (client-measured, from showing the item to submitting it): count, median and
// mean in the database, the median through window functions since SQLite has no median aggregate.
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

export async function getItemTimes(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection }): Promise<ItemTime[]> {
  const { scope } = options;
  const rows = parseRows(
    z.object({ itemId: z.string(), n: countSchema, mean: nullableNumberSchema.or(z.number()), median: nullableNumberSchema.or(z.number()) }),
    await getDb().$queryRaw(Prisma.sql`SELECT itemId, MAX(cnt) AS n, MAX(total) * 1.0 / MAX(cnt) AS mean, AVG(t) AS median FROM (
        SELECT r.itemId AS itemId, r.responseTimeMs AS t,
          ROW_NUMBER() OVER (PARTITION BY r.itemId ORDER BY r.responseTimeMs) AS rn,
          COUNT(*) OVER (PARTITION BY r.itemId) AS cnt,
          SUM(r.responseTimeMs) OVER (PARTITION BY r.itemId) AS total
        FROM Response r JOIN Participant p ON p.id = r.participantId
        WHERE ${inVersions(scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.responseTimeMs IS NOT NULL
      ) WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY itemId`),
  );
  const byId = new Map(rows.map((r) => [r.itemId, r]));
  return scope.items.map((item) => {
    const r = byId.get(item.id);
    return { itemId: item.id, prompt: itemDisplayLabel(item), answers: r?.n ?? 0, medianMs: r?.median ?? null, meanMs: r?.mean ?? null };
  });
}
