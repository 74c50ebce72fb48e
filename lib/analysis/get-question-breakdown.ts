import 'server-only';
// Preference per question: the method shares of every preference item side by side, labelled with
// the model the question's stimuli explain (when their provenance names one), plus a test of whether
// preference depends on the question (single-answer items sharing the same methods).
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { isPreferenceItem } from '@/lib/analysis/item-catalog';
import { itemDisplayLabel } from '@/lib/analysis/item-labels';
import { getOptionProvenance } from '@/lib/analysis/option-provenance';
import { analysePreferences, type AssociationTest, type GroupShares } from '@/lib/analysis/preference-table';
import { testIndependence } from '@/lib/analysis/statistics/chi-square-test';
import { computeCramersV } from '@/lib/analysis/statistics/cramers-v';
import { countSchema, inList, inVersions, parseRows } from '@/lib/analysis/sql-fragments';

export type QuestionRow = GroupShares & { itemId: string; model: string | null; multiple: boolean };
export type QuestionBreakdown = { methods: string[]; rows: QuestionRow[]; test: AssociationTest | null };

export async function getQuestionBreakdown(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection }): Promise<QuestionBreakdown> {
  const items = options.scope.items.filter(isPreferenceItem);
  if (items.length === 0) return { methods: [], rows: [], test: null };
  const where = Prisma.sql`${inVersions(options.scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.value <> 'null'`;
  const ids = inList(items.map((i) => i.id));
  const db = getDb();
  const [choiceRows, sizeRows] = await Promise.all([
    db.$queryRaw(Prisma.sql`SELECT r.itemId AS itemId, CAST(c.value AS TEXT) AS choice, COUNT(*) AS n
      FROM Participant p JOIN Response r ON r.participantId = p.id AND r.itemId IN ${ids}, json_each(r.value) c
      WHERE ${where} AND c.value IS NOT NULL GROUP BY r.itemId, choice`),
    db.$queryRaw(Prisma.sql`SELECT r.itemId AS itemId, COUNT(*) AS n FROM Participant p JOIN Response r ON r.participantId = p.id AND r.itemId IN ${ids}
      WHERE ${where} GROUP BY r.itemId`),
  ]);
  const choices = parseRows(z.object({ itemId: z.string(), choice: z.string(), n: countSchema }), choiceRows);
  const sizes = parseRows(z.object({ itemId: z.string(), n: countSchema }), sizeRows);

  const rows: QuestionRow[] = items.map((item) => {
    const a = analysePreferences({
      item,
      splitItems: [],
      counts: choices.filter((c) => c.itemId === item.id).map((c) => ({ group: [], choice: c.choice, count: c.n })),
      sizes: sizes.filter((s) => s.itemId === item.id).map((s) => ({ group: [], participants: s.n })),
    });
    const models = new Set(item.options.map((o) => getOptionProvenance(o)?.model.id || null));
    const [model = null] = models.size === 1 ? [...models] : [null];
    return { ...a.overall, key: item.id, label: itemDisplayLabel(item), itemId: item.id, model, multiple: item.multiple };
  });
  const methods = [...new Set(rows.flatMap((r) => r.cells.map((c) => c.method)))];

  // Does the preferred method depend on the question? Only single-answer items, so each participant
  // contributes one count per question.
  const single = rows.filter((r) => !r.multiple && r.participants > 0);
  let test: AssociationTest | null = null;
  if (single.length >= 2) {
    const table = single.map((r) => methods.map((m) => r.cells.find((c) => c.method === m)?.count ?? 0));
    const t = testIndependence(table);
    const warnings = [...t.warnings, 'Each participant answers several questions, so the counts are not independent: read this test as descriptive.'];
    test = { scope: 'question', test: t.test, statistic: t.statistic, df: t.df, pValue: t.pValue, cramersV: computeCramersV(table), n: t.n, warnings };
  }
  return { methods, rows, test };
}
