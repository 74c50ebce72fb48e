import 'server-only';
// Pooled preference by background (the survey's Figure 18): every image-choice question whose options
// show explanation methods, or those of one model, pooled. The database maps each selected option to
// its method and counts per participant × method; JavaScript gets one short row per participant (their
// background group and counts) and resamples those for the intervals and the test.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { isPreferenceItem, isSplitItem, type CatalogItem } from '@/lib/analysis/item-catalog';
import { analysePooledPreference, type PooledShareAnalysis } from '@/lib/analysis/pooled-preference-table';
import { canonicalAnswer, inList, inVersions, parseRows } from '@/lib/analysis/sql-fragments';

export type PooledPreference = PooledShareAnalysis & {
  /** The questions pooled (all method questions, or the chosen model's). */
  itemIds: string[];
  /** Whether any pooled question allowed several selections. */
  multiple: boolean;
  /** Models named by the method questions (`explain.model`), for the model selector. */
  models: string[];
  /** The model whose questions are pooled; null: all of them. */
  model: string | null;
};

/** Image-choice questions with at least one option that declares the method it shows. */
export function isMethodItem(item: CatalogItem): boolean {
  return isPreferenceItem(item) && item.options.some((o) => o.method !== null);
}

/** Models the method questions explain, sorted, for the selector. */
export function pooledModels(items: readonly CatalogItem[]): string[] {
  return [...new Set(items.filter(isMethodItem).flatMap((i) => (i.model ? [i.model] : [])))].sort();
}

const groupSchema = z
  .string()
  .transform((s): unknown => JSON.parse(s))
  .pipe(z.array(z.union([z.string(), z.number().transform(String), z.null()])));
// "0,2,0": the method index of each of a participant's selections.
const selectedSchema = z.string().regex(/^\d+(,\d+)*$/);

export async function getPooledPreference(options: {
  scope: AnalysisScope;
  exclusions: Exclusions;
  include: IncludeSelection;
  splitItemIds: readonly string[];
  /** Pool only the questions explaining this model; null pools every method question. */
  model: string | null;
  resamples?: number;
  permutations?: number;
}): Promise<PooledPreference | null> {
  const { scope } = options;
  const all = scope.items.filter(isMethodItem);
  if (all.length === 0) return null;
  const models = pooledModels(all);
  if (options.model !== null && !models.includes(options.model)) throw new AppError('BAD_INPUT', `No method questions explain the model "${options.model}".`);
  const items = options.model === null ? all : all.filter((i) => i.model === options.model);
  const splitItems = options.splitItemIds.map((id) => {
    const s = scope.items.find((i) => i.id === id);
    if (!s || !isSplitItem(s)) throw new AppError('BAD_INPUT', `"${id}" is not a background item with fixed answers.`);
    return s;
  });

  // Methods in the order the questions first show them, taken over all method questions so a
  // method keeps its colour when the model changes; then only those the chosen questions show.
  const order = [...new Set(all.flatMap((i) => i.options.flatMap((o) => (o.method ? [o.method] : []))))];
  const shown = new Set(items.flatMap((i) => i.options.flatMap((o) => (o.method ? [o.method] : []))));
  const methods = order.filter((m) => shown.has(m));
  // Options without a method (e.g. "none of these") are not a method preference; they are not counted.
  // Each selection becomes its method's index through a flat CASE on the question, then on the
  // choice (a VALUES table joined per selection cost a third more at 5 000 participants). The index
  // is written into the SQL (a computed integer; as a parameter it would arrive as a float).
  const methodOf = Prisma.sql`CASE r.itemId ${Prisma.join(
    items.map((i) => Prisma.sql`WHEN ${i.id} THEN (CASE CAST(c.value AS TEXT) ${Prisma.join(
      i.options.flatMap((o) => (o.method ? [Prisma.sql`WHEN ${o.value} THEN ${Prisma.raw(String(methods.indexOf(o.method)))}`] : [])),
      ' ',
    )} END)`),
    ' ',
  )} END`;

  // Aliases s0, s1 are generated here, never taken from input; item ids are parameters.
  const joins = splitItems.map((s, k) => Prisma.sql`LEFT JOIN Response ${Prisma.raw(`s${k}`)} ON ${Prisma.raw(`s${k}`)}.participantId = pc.pid AND ${Prisma.raw(`s${k}`)}.itemId = ${s.id}`);
  const groupColumns = splitItems.map((_, k) => canonicalAnswer(Prisma.raw(`s${k}.value`)));
  const groupSql = groupColumns.length ? Prisma.sql`json_array(${Prisma.join(groupColumns)})` : Prisma.sql`json_array()`;
  // One row per participant with at least one method selected: the method index of each selection
  // (group_concat skips selections of options without a method), in participant id order.
  const rows = await getDb().$queryRaw(Prisma.sql`SELECT ${groupSql} AS grp, pc.selected AS selected FROM (
      SELECT r.participantId AS pid, group_concat(${methodOf}) AS selected
      FROM Participant p JOIN Response r ON r.participantId = p.id AND r.itemId IN ${inList(items.map((i) => i.id))} JOIN json_each(r.value) c
      WHERE ${inVersions(scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.value <> 'null' AND c.value IS NOT NULL
      GROUP BY r.participantId HAVING selected IS NOT NULL
    ) pc ${joins.length ? Prisma.join(joins, ' ') : Prisma.empty} ORDER BY pc.pid`);

  const participants = parseRows(z.object({ grp: groupSchema, selected: selectedSchema }), rows).map((r) => {
    const counts = new Array<number>(methods.length).fill(0);
    for (const k of r.selected.split(',')) counts[Number(k)] = (counts[Number(k)] ?? 0) + 1;
    return { group: r.grp, counts };
  });
  const analysis = analysePooledPreference({ splitItems, methods, participants, resamples: options.resamples, permutations: options.permutations });
  return { ...analysis, itemIds: items.map((i) => i.id), multiple: items.some((i) => i.multiple), models, model: options.model };
}
