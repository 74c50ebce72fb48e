import 'server-only';
// Who answered: for every background item, the share of respondents giving each answer (for
// multi-select items, the share selecting each option), with Wilson intervals. Counted in the
// database (lib/analysis/load-choice-counts.ts); json_each turns a single answer into one row and a
// selection into one row per choice.
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import type { Exclusions } from '@/lib/analysis/compute-exclusions';
import { answeredPerItem, choiceCountsFor, chosenPerItem, type ChoiceCounts } from '@/lib/analysis/load-choice-counts';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { isSplitItem } from '@/lib/analysis/item-catalog';
import { itemDisplayLabel } from '@/lib/analysis/item-labels';
import { computeWilsonInterval } from '@/lib/analysis/statistics/wilson-interval';

export type CompositionShare = { value: string; label: string; count: number; share: number | null; lower: number | null; upper: number | null };
export type CompositionItem = { itemId: string; prompt: string; multiple: boolean; respondents: number; shares: CompositionShare[] };

export async function getSampleComposition(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection; counts?: ChoiceCounts }): Promise<CompositionItem[]> {
  const items = options.scope.items.filter(isSplitItem);
  if (items.length === 0) return [];
  const shared = await choiceCountsFor(options, items.map((i) => i.id));
  const counts = chosenPerItem(shared).map((c) => ({ itemId: c.itemId, answer: c.choice, n: c.n }));
  const totals = answeredPerItem(shared);
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
