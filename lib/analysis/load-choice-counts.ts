import 'server-only';
// How many participants answered each item, and how often each choice was given, per version:
// the counts behind the sample composition, the per-question breakdown, choice versus quality and
// coherency agreement. Each of those views counts its own items when called alone; the results page
// loads the counts of all their items once (one pass over the answers instead of seven) and hands
// the same counts to every view.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { countSchema, inList, inVersions, parseRows, parseTextArray } from '@/lib/analysis/sql-fragments';
import { binaryText, jsonEach, jsonGroupArray, jsonInteger, jsonItem, joinJsonEach } from '@/lib/analysis/sql-dialect';

export type ChoiceCounts = {
  /** The items counted; a view whose items are not all here counts its own. */
  itemIds: ReadonlySet<string>;
  /** The include selection the counts were taken with. */
  include: IncludeSelection;
  /** Answers other than null (skipped), per version and item. */
  answered: { versionId: string; itemId: string; n: number }[];
  /**
   * Each choice of those answers (json_each: a single answer is one choice, a selection one per
   * option selected, as text), per item, choice and version, in that order (SQLite's text order).
   */
  chosen: { versionId: string; itemId: string; choice: string; n: number }[];
  /**
   * With `withAnswers`: every answer counted (other than null), with its participant, in parallel
   * lists, for views that need them per participant (the pooled preference) instead of reading them again.
   */
  answers?: { participantIds: string[]; itemIds: string[]; values: string[] };
};

type CountOptions = { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection };

export async function loadChoiceCounts(options: CountOptions & { itemIds: readonly string[]; withAnswers?: boolean }): Promise<ChoiceCounts> {
  const ids = [...new Set(options.itemIds)];
  if (ids.length === 0) return { itemIds: new Set(), include: options.include, answered: [], chosen: [] };
  const where = Prisma.sql`${inVersions(options.scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.value <> 'null'`;
  const [version, item, value] = [Prisma.sql`p."studyVersionId"`, Prisma.sql`r."itemId"`, Prisma.sql`r.value`];
  // How many gave each distinct answer text (a few hundred: choices, Likert points, combinations of
  // selections), per version and item. GROUP BY over every answer sorted them all (~0.08 s of ~0.15 s
  // at 5 000 participants), so the answers come as one row (three aggregates over the same rows, so
  // in the same order) and are tallied here; byte-equal texts are equal here too.
  const [all] = parseRows(
    z.object({ versions: z.string(), items: z.string(), values: z.string(), participants: z.string().nullable() }),
    await getDb().$queryRaw(Prisma.sql`SELECT ${jsonGroupArray(version)} AS versions, ${jsonGroupArray(item)} AS items, ${jsonGroupArray(value)} AS "values",
        ${options.withAnswers ? jsonGroupArray(Prisma.sql`r."participantId"`) : Prisma.sql`NULL`} AS participants
      FROM "Participant" p JOIN "Response" r ON r."participantId" = p.id AND r."itemId" IN ${inList(ids)} WHERE ${where}`),
  );
  const [versions, items, values] = [all?.versions, all?.items, all?.values].map((t) => parseTextArray(t ?? '[]')) as [string[], string[], string[]];
  const participantIds = all?.participants ? parseTextArray(all.participants) : null;
  if (versions.length !== values.length || items.length !== values.length || (participantIds && participantIds.length !== values.length)) throw new Error('answer lists of different lengths');
  const tally = new Map<string, Map<string, Map<string, number>>>();
  for (let i = 0; i < values.length; i++) {
    const [version, item, value] = [versions[i] as string, items[i] as string, values[i] as string];
    let byItem = tally.get(version);
    if (!byItem) tally.set(version, (byItem = new Map()));
    let byValue = byItem.get(item);
    if (!byValue) byItem.set(item, (byValue = new Map()));
    byValue.set(value, (byValue.get(value) ?? 0) + 1);
  }
  const distinct = [...tally].flatMap(([version, byItem]) => [...byItem].flatMap(([item, byValue]) => [...byValue].map(([value, n]) => [version, item, value, n])));
  // Then the respondents per item as their sum, and the choices by json_each over the distinct answers,
  // each weighted by how many gave it, in SQL as before (the same CAST to text, sums and order).
  // Same counts as a COUNT(*) over every answer and every json_each row, at a fraction of the cost.
  // The order is SQLite's text order (bytes): chosenPerItem relies on it, and PostgreSQL is told so.
  const j = Prisma.sql`j.value`;
  const rows = parseRows(
    z.object({ versionId: z.string(), itemId: z.string(), choice: z.string().nullable(), n: countSchema }),
    await getDb().$queryRaw(Prisma.sql`WITH a AS MATERIALIZED (
        SELECT ${jsonItem(j, 0)} AS "versionId", ${jsonItem(j, 1)} AS "itemId", ${jsonItem(j, 2)} AS value, ${jsonInteger(j, 3)} AS n FROM ${jsonEach(Prisma.sql`${JSON.stringify(distinct)}`, 'j')}
      )
      SELECT "versionId", "itemId", choice, n FROM (
        SELECT "versionId", "itemId", NULL AS choice, SUM(n) AS n FROM a GROUP BY "versionId", "itemId"
        UNION ALL
        SELECT a."versionId" AS "versionId", a."itemId" AS "itemId", CAST(c.value AS TEXT) AS choice, SUM(a.n) AS n
        FROM a ${joinJsonEach(Prisma.sql`a.value`, 'c')} WHERE c.value IS NOT NULL GROUP BY a."itemId", choice, a."versionId"
      ) counted ORDER BY choice IS NOT NULL, ${binaryText(Prisma.sql`"itemId"`)}, ${binaryText(Prisma.sql`choice`)}, ${binaryText(Prisma.sql`"versionId"`)}`),
  );
  const answered = rows.flatMap((r) => (r.choice === null ? [{ versionId: r.versionId, itemId: r.itemId, n: r.n }] : []));
  const chosen = rows.flatMap((r) => (r.choice === null ? [] : [{ versionId: r.versionId, itemId: r.itemId, choice: r.choice, n: r.n }]));
  return {
    itemIds: new Set(ids),
    include: options.include,
    answered,
    chosen,
    ...(participantIds ? { answers: { participantIds, itemIds: items, values } } : {}),
  };
}

/** The shared counts when they cover these items (with the same include selection), else this view's own. */
export async function choiceCountsFor(options: CountOptions & { counts?: ChoiceCounts }, itemIds: readonly string[]): Promise<ChoiceCounts> {
  const shared = options.counts;
  if (shared && shared.include === options.include && itemIds.every((id) => shared.itemIds.has(id))) return shared;
  return loadChoiceCounts({ ...options, itemIds });
}

/** Respondents per item, all versions together. */
export function answeredPerItem(counts: ChoiceCounts): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of counts.answered) out.set(r.itemId, (out.get(r.itemId) ?? 0) + r.n);
  return out;
}

/** Choices per item, all versions together, in (item, choice) order. */
export function chosenPerItem(counts: ChoiceCounts): { itemId: string; choice: string; n: number }[] {
  const out: { itemId: string; choice: string; n: number }[] = [];
  for (const r of counts.chosen) {
    const last = out.at(-1);
    // Rows come ordered by item and choice, so the versions of one choice are adjacent.
    if (last && last.itemId === r.itemId && last.choice === r.choice) last.n += r.n;
    else out.push({ itemId: r.itemId, choice: r.choice, n: r.n });
  }
  return out;
}
