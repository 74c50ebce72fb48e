import 'server-only';
// Time spent per item (client-measured, from showing the item to submitting it): count, mean and
// median. SQLite has no median aggregate, and grouping 100 000 answers by item (a sort) and sorting
// each item's times there took ~0.2 s at 5 000 participants; so the database returns every time
// with its item in one row (two aggregates over the same rows, so in the same order, no GROUP BY),
// and the times are grouped, summed and sorted here (~0.05 s). Whole-millisecond times sum exactly
// in a double, so count, sum and median are exactly what SQL's COUNT, SUM and sorted middle give;
// times that are not safe integers (or a sum past 2^53) take the SQL path, which keeps SUM's semantics.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { itemDisplayLabel } from '@/lib/analysis/item-labels';
import { countSchema, inVersions, nullableNumberSchema, parseRows, parseTextArray } from '@/lib/analysis/sql-fragments';
import { groupConcat, jsonGroupArray } from '@/lib/analysis/sql-dialect';

/** `prompt`: the item's display label (id, model, face, prompt with {prediction} resolved). */
export type ItemTime = { itemId: string; prompt: string; answers: number; medianMs: number | null; meanMs: number | null };

type ItemTimeRow = { itemId: string; n: number; mean: number | null; median: number | null };

/** The median of comma-separated numbers in ascending order: the middle one, or the mean of the middle two. */
export function sortedMedian(sorted: string | null): number | null {
  if (!sorted) return null;
  const values = sorted.split(',');
  const n = values.length;
  const lower = Number(values[Math.floor((n - 1) / 2)]);
  return n % 2 ? lower : (lower + Number(values[n / 2])) / 2;
}

/**
 * Count, mean and median per item of whole-number times given as parallel lists (item of each time,
 * times as comma-separated text). Null when a time is not written as a safe integer or an item's sum
 * passes 2^53: then only SQL's SUM and ORDER BY give the same total and order.
 */
export function itemTimeStats(itemIds: readonly string[], times: string): ItemTimeRow[] | null {
  const values = times === '' ? [] : times.split(',');
  if (values.length !== itemIds.length) throw new Error(`expected ${itemIds.length} times, got ${values.length}`);
  const byItem = new Map<string, number[]>();
  for (let i = 0; i < values.length; i++) {
    const text = values[i] as string;
    const t = Number(text);
    // Only SQLite's own rendering of an integer: any other text (stored as TEXT) sums and sorts differently there.
    if (!Number.isSafeInteger(t) || String(t) !== text) return null;
    const id = itemIds[i] as string;
    let list = byItem.get(id);
    if (!list) byItem.set(id, (list = []));
    list.push(t);
  }
  const rows: ItemTimeRow[] = [];
  for (const [itemId, list] of byItem) {
    const sorted = Float64Array.from(list).sort();
    let total = 0;
    for (const t of sorted) total += t;
    if (!Number.isSafeInteger(total)) return null;
    const n = sorted.length;
    const lower = sorted[Math.floor((n - 1) / 2)] as number;
    rows.push({ itemId, n, mean: total / n, median: n % 2 ? lower : (lower + (sorted[n / 2] as number)) / 2 });
  }
  return rows;
}

export async function getItemTimes(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection }): Promise<ItemTime[]> {
  const { scope } = options;
  const where = Prisma.sql`${inVersions(scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r."responseTimeMs" IS NOT NULL`;
  const time = Prisma.sql`r."responseTimeMs"`;
  const [all] = parseRows(
    z.object({ items: z.string(), times: z.string().nullable() }),
    await getDb().$queryRaw(Prisma.sql`SELECT ${jsonGroupArray(Prisma.sql`r."itemId"`)} AS items, ${groupConcat(time, "','")} AS times
      FROM "Participant" p JOIN "Response" r ON r."participantId" = p.id WHERE ${where}`),
  );
  const rows =
    itemTimeStats(parseTextArray(all?.items ?? '[]'), all?.times ?? '') ??
    parseRows(
      z.object({ itemId: z.string(), n: countSchema, total: nullableNumberSchema, times: z.string().nullable() }),
      await getDb().$queryRaw(Prisma.sql`SELECT r."itemId" AS "itemId", COUNT(*) AS n, SUM(${time}) AS total,
          ${groupConcat(time, "','", time)} AS times
        FROM "Response" r JOIN "Participant" p ON p.id = r."participantId" WHERE ${where} GROUP BY r."itemId"`),
    ).map((r) => ({ itemId: r.itemId, n: r.n, mean: r.total === null ? null : r.total / r.n, median: sortedMedian(r.times) }));
  const byId = new Map(rows.map((r) => [r.itemId, r]));
  return scope.items.map((item) => {
    const r = byId.get(item.id);
    return { itemId: item.id, prompt: itemDisplayLabel(item), answers: r?.n ?? 0, medianMs: r?.median ?? null, meanMs: r?.mean ?? null };
  });
}
