import 'server-only';
// Pooled preference by background (the survey's Figure 18): every image-choice question whose options
// show explanation methods, or those of one model, pooled. The answers of those questions and of the
// split items are read once (on the results page, from the page's shared pass, load-choice-counts.ts);
// the database maps each distinct answer to its selections' methods and each distinct split answer to
// its canonical text (the same SQL as before, once per distinct answer instead of once per answer);
// here they are counted per participant × method and resampled for the intervals and the test.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { isPreferenceItem, isSplitItem, type CatalogItem } from '@/lib/analysis/item-catalog';
import type { ChoiceCounts } from '@/lib/analysis/load-choice-counts';
import { analysePooledPreference, type PooledShareAnalysis } from '@/lib/analysis/pooled-preference-table';
import { canonicalAnswer, countSchema, inList, inVersions, compareSqliteText, parseRows, parseTextArray } from '@/lib/analysis/sql-fragments';
import { groupConcat, jsonEach, jsonGroupArray, jsonItem } from '@/lib/analysis/sql-dialect';

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

/** canonicalAnswer of each raw answer text (JSON), as the SQL computes it. */
async function canonicalAnswers(values: readonly string[]): Promise<Map<string, string | null>> {
  if (values.length === 0) return new Map();
  const rows = parseRows(
    z.object({ k: countSchema, c: z.string().nullable() }),
    await getDb().$queryRaw(Prisma.sql`SELECT j.key AS k, ${canonicalAnswer(Prisma.sql`j.value`)} AS c FROM ${jsonEach(Prisma.sql`${JSON.stringify(values)}`, 'j')}`),
  );
  return new Map(rows.map((r) => [values[r.k] ?? '', r.c]));
}
// "0,2,0": the method index of each selection in one answer.
const selectedSchema = z.string().regex(/^\d+(,\d+)*$/);

/** A participant's raw answer to each split item (null: none) and selections of each method. */
type Participant = { split: (string | null)[]; counts: number[]; selections: number };
type MethodOf = (itemColumn: Prisma.Sql) => Prisma.Sql;

/**
 * The view's own read of the answers it needs (its questions' and the split items'), in the form the
 * page's shared pass gives them: one row of three parallel JSON arrays, no GROUP BY (the answers
 * are joined per participant here; 5 000 grouped rows through the driver cost more than the query).
 */
async function answersFromDb(
  options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection },
  itemIds: readonly string[],
): Promise<NonNullable<ChoiceCounts['answers']>> {
  const [row] = parseRows(
    z.object({ participants: z.string(), items: z.string(), values: z.string() }),
    await getDb().$queryRaw(Prisma.sql`SELECT ${jsonGroupArray(Prisma.sql`r."participantId"`)} AS participants, ${jsonGroupArray(Prisma.sql`r."itemId"`)} AS items, ${jsonGroupArray(Prisma.sql`r.value`)} AS "values"
      FROM "Participant" p JOIN "Response" r ON r."participantId" = p.id AND r."itemId" IN ${inList([...new Set(itemIds)])}
      WHERE ${inVersions(options.scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.value <> 'null'`),
  );
  const [participantIds, items, values] = [row?.participants, row?.items, row?.values].map((t) => parseTextArray(t ?? '[]')) as [string[], string[], string[]];
  if (items.length !== values.length || participantIds.length !== values.length) throw new Error('answer lists of different lengths');
  return { participantIds, itemIds: items, values };
}

/**
 * The same rows from the answers the page's shared pass read (load-choice-counts.ts: every answer
 * other than null of the kept participants, with its participant): each distinct answer text of a
 * method question is mapped to its selections' method indices once, by the same SQL as the view's
 * own query (json_each and the CASE), and each participant's selections are joined here.
 */
async function selectionsFromAnswers(
  answers: NonNullable<ChoiceCounts['answers']>,
  items: readonly CatalogItem[],
  splitItems: readonly CatalogItem[],
  methods: number,
  methodOf: MethodOf,
): Promise<Participant[]> {
  const methodItems = new Set(items.map((i) => i.id));
  const splitIndex = new Map<string, number[]>();
  splitItems.forEach((s, k) => splitIndex.set(s.id, [...(splitIndex.get(s.id) ?? []), k]));
  const distinct = new Map<string, Map<string, number>>();
  const pairs: [string, string][] = [];
  for (let i = 0; i < answers.itemIds.length; i++) {
    const item = answers.itemIds[i] as string;
    if (!methodItems.has(item)) continue;
    let byValue = distinct.get(item);
    if (!byValue) distinct.set(item, (byValue = new Map()));
    const value = answers.values[i] as string;
    if (!byValue.has(value)) {
      byValue.set(value, pairs.length);
      pairs.push([item, value]);
    }
  }
  // Each distinct answer's selections as method indices, checked and split once.
  const codes = new Array<number[] | null>(pairs.length).fill(null);
  if (pairs.length) {
    // The selections' order does not matter (they are counted), so neither database is asked for one.
    const j = Prisma.sql`j.value`;
    const rows = parseRows(
      z.object({ k: countSchema, selected: selectedSchema.nullable() }),
      await getDb().$queryRaw(Prisma.sql`SELECT j.key AS k, (SELECT ${groupConcat(methodOf(jsonItem(j, 0)))} FROM ${jsonEach(jsonItem(j, 1), 'c')} WHERE c.value IS NOT NULL) AS selected
        FROM ${jsonEach(Prisma.sql`${JSON.stringify(pairs)}`, 'j')}`),
    );
    for (const r of rows) codes[r.k] = r.selected === null ? null : r.selected.split(',').map(Number);
  }
  const byParticipant = new Map<string, Participant>();
  const entry = (pid: string) => {
    let e = byParticipant.get(pid);
    if (!e) byParticipant.set(pid, (e = { split: new Array<string | null>(splitItems.length).fill(null), counts: new Array<number>(methods).fill(0), selections: 0 }));
    return e;
  };
  for (let i = 0; i < answers.itemIds.length; i++) {
    const item = answers.itemIds[i] as string;
    const pid = answers.participantIds[i] as string;
    if (methodItems.has(item)) {
      const code = codes[distinct.get(item)?.get(answers.values[i] as string) ?? -1];
      if (code) {
        const e = entry(pid);
        for (const k of code) e.counts[k] = (e.counts[k] ?? 0) + 1;
        e.selections += code.length;
      }
    }
    const ks = splitIndex.get(item);
    if (ks) for (const k of ks) entry(pid).split[k] = answers.values[i] as string;
  }
  return [...byParticipant].filter(([, e]) => e.selections > 0).sort(([a], [b]) => compareSqliteText(a, b)).map(([, e]) => e);
}

export async function getPooledPreference(options: {
  scope: AnalysisScope;
  exclusions: Exclusions;
  include: IncludeSelection;
  splitItemIds: readonly string[];
  /** Pool only the questions explaining this model; null pools every method question. */
  model: string | null;
  resamples?: number;
  permutations?: number;
  /** The page's shared pass over the answers; used when it covers these questions with this include selection. */
  counts?: ChoiceCounts;
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
  const methodOf = (itemColumn: Prisma.Sql) => Prisma.sql`CASE ${itemColumn} ${Prisma.join(
    items.map((i) => Prisma.sql`WHEN ${i.id} THEN (CASE CAST(c.value AS TEXT) ${Prisma.join(
      i.options.flatMap((o) => (o.method ? [Prisma.sql`WHEN ${o.value} THEN ${Prisma.raw(String(methods.indexOf(o.method)))}`] : [])),
      ' ',
    )} END)`),
    ' ',
  )} END`;

  // Per participant with at least one method selected, in participant id order (as ORDER BY gave it):
  // the raw answer to each split item (null: none) and the count of each method among their selections.
  const shared = options.counts;
  const raw =
    shared && shared.include === options.include && shared.answers && [...items, ...splitItems].every((i) => shared.itemIds.has(i.id))
      ? await selectionsFromAnswers(shared.answers, items, splitItems, methods.length, methodOf)
      : await selectionsFromAnswers(await answersFromDb(options, [...items, ...splitItems].map((i) => i.id)), items, splitItems, methods.length, methodOf);
  // Each participant's group: the canonical text of each split answer (null: not answered). Computed
  // once per distinct answer by the same SQL as everywhere else (a few distinct answers instead of one
  // json_each per participant and split item).
  const canonical = await canonicalAnswers([...new Set(raw.flatMap((r) => r.split.filter((v) => v !== null)))]);
  const participants = raw.map((r) => ({ group: r.split.map((v) => (v === null ? null : (canonical.get(v) ?? null))), counts: r.counts }));
  const analysis = analysePooledPreference({ splitItems, methods, participants, resamples: options.resamples, permutations: options.permutations });
  return { ...analysis, itemIds: items.map((i) => i.id), multiple: items.some((i) => i.multiple), models, model: options.model };
}
