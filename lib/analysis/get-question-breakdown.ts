import 'server-only';
// Preference per question: the method shares of every preference item side by side, labelled with
// the model the question's stimuli explain (when their provenance names one), plus a test of whether
// preference depends on the question (single-answer items sharing the same methods).
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import type { Exclusions } from '@/lib/analysis/compute-exclusions';
import { answeredPerItem, choiceCountsFor, chosenPerItem, type ChoiceCounts } from '@/lib/analysis/load-choice-counts';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { isPreferenceItem } from '@/lib/analysis/item-catalog';
import { itemDisplayLabel } from '@/lib/analysis/item-labels';
import { getOptionProvenance } from '@/lib/analysis/option-provenance';
import { analysePreferences, type AssociationTest, type GroupShares } from '@/lib/analysis/preference-table';
import { testIndependence } from '@/lib/analysis/statistics/chi-square-test';
import { computeCramersV } from '@/lib/analysis/statistics/cramers-v';

export type QuestionRow = GroupShares & { itemId: string; model: string | null; multiple: boolean };
export type QuestionBreakdown = { methods: string[]; rows: QuestionRow[]; test: AssociationTest | null };

export async function getQuestionBreakdown(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection; counts?: ChoiceCounts }): Promise<QuestionBreakdown> {
  const items = options.scope.items.filter(isPreferenceItem);
  if (items.length === 0) return { methods: [], rows: [], test: null };
  const shared = await choiceCountsFor(options, items.map((i) => i.id));
  const choices = chosenPerItem(shared);
  const answered = answeredPerItem(shared);
  const sizes = [...answered.entries()].map(([itemId, n]) => ({ itemId, n }));

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
