import 'server-only';
// Who answered: for every background item, the share of respondents giving each answer (for
// multi-select items, the share selecting each option), with Wilson intervals. Counted in the
// database; json_each turns a single answer into one row and a selection into one row per choice.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { isSplitItem } from '@/lib/analysis/item-catalog';
import { itemDisplayLabel } from '@/lib/analysis/item-labels';
import { computeWilsonInterval } from '@/lib/analysis/statistics/wilson-interval';
import { countSchema, inList, inVersions, parseRows } from '@/lib/analysis/sql-fragments';

export type CompositionShare = { value: string; label: string; count: number; share: number | null; lower: number | null; upper: number | null };
export type CompositionItem = { itemId: string; prompt: string; multiple: boolean; respondents: number; shares: CompositionShare[] };

export async function getSampleComposition(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection }): Promise<CompositionItem[]> {
  const items = options.scope.items.filter(isSplitItem);
  if (items.length === 0) return [];
  const where = Prisma.sql`${inVersions(options.scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.value <> 'null'`;
  const ids = inList(items.map((i) => i.id));
  const db = getDb();
  const [answers, respondents] = await Promise.all([
    db.$queryRaw(Prisma.sql`SELECT r.itemId AS itemId, CAST(j.value AS TEXT) AS answer, COUNT(*) AS n
      FROM Participant p JOIN Response r ON r.participantId = p.id AND r.itemId IN ${ids}, json_each(r.value) j
      WHERE ${where} AND j.value IS NOT NULL GROUP BY r.itemId, answer`),
    db.$queryRaw(Prisma.sql`SELECT r.itemId AS itemId, COUNT(*) AS n
      FROM Participant p JOIN Response r ON r.participantId = p.id AND r.itemId IN ${ids}
      WHERE ${where} GROUP BY r.itemId`),
  ]);
  const counts = parseRows(z.object({ itemId: z.string(), answer: z.string(), n: countSchema }), answers);
  const totals = new Map(parseRows(z.object({ itemId: z.string(), n: countSchema }), respondents).map((r) => [r.itemId, r.n]));
  return items.map((item) => {
    const total = totals.get(item.id) ?? 0;
    const mine = counts.filter((c) => c.itemId === item.id);
    const known = new Set(item.options.map((o) => o.value));
    const values = [...item.options.map((o) => ({ value: o.value, label: o.label })), ...mine.filter((c) => !known.has(c.answer)).map((c) => ({ value: c.answer, label: c.answer }))];
    return {
      itemId: item.id,
      prompt: itemDisplayLabel(item),
      multiple: item.multiple,
      respondents: total,
      shares: values.map(({ value, label }) => {
        const count = mine.find((c) => c.answer === value)?.n ?? 0;
        const ci = computeWilsonInterval(Math.min(count, total), total);
        return { value, label, count, share: total > 0 ? count / total : null, lower: ci?.lower ?? null, upper: ci?.upper ?? null };
      }),
    };
  });
}
