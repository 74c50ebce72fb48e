// Who answered, as a combination of two background items (the survey's Figure 17: practitioners,
// users of explainability methods, and their cross). Pure: which two items to cross, and the share
// of respondents in each combination of their answers with 95% Wilson intervals, from the database's
// counts. Tested against hand-computed tables.
import { isSplitItem, type CatalogItem } from '@/lib/analysis/item-catalog';
import { backgroundGroupLabel, compareBackgroundGroups } from '@/lib/analysis/background-groups';
import { computeWilsonInterval } from '@/lib/analysis/statistics/wilson-interval';

/** How many respondents gave answer `a` to the first item and `b` to the second. */
export type CombinationCount = { a: string; b: string; count: number };
export type CombinationCell = { values: [string, string]; label: string; count: number; share: number | null; lower: number | null; upper: number | null };
export type CompositionCombination = {
  itemIds: [string, string];
  /** Why these two: the pooled preference's two-way split, the per-question one, or the default. */
  chosenBy: 'pooled-split' | 'split' | 'default';
  /** Respondents who answered both items: the denominator, so the shares add up to 100%. */
  respondents: number;
  cells: CombinationCell[];
};

/**
 * Background items with exactly one answer from fixed options. Only these are crossed: with a
 * multi-select item a respondent could sit in several cells and the shares would not partition the sample.
 */
export function isSingleAnswerSplitItem(item: CatalogItem): boolean {
  return isSplitItem(item) && !item.multiple;
}

/**
 * The two items to cross: the first two-way split the page has selected (pooled preference first, since
 * Figure 18 groups by the same combination, then the per-question split), else the study's first two
 * single-answer background items. Null when the study has fewer than two such items.
 */
export function chooseCombinationItems(
  items: readonly CatalogItem[],
  selected: { pooledSplit: readonly string[]; split: readonly string[] },
): { pair: [CatalogItem, CatalogItem]; chosenBy: CompositionCombination['chosenBy'] } | null {
  const eligible = items.filter(isSingleAnswerSplitItem);
  const pairOf = (ids: readonly string[]): [CatalogItem, CatalogItem] | null => {
    if (ids.length !== 2 || ids[0] === ids[1]) return null;
    const [a, b] = ids.map((id) => eligible.find((i) => i.id === id));
    return a && b ? [a, b] : null;
  };
  const pooled = pairOf(selected.pooledSplit);
  if (pooled) return { pair: pooled, chosenBy: 'pooled-split' };
  const split = pairOf(selected.split);
  if (split) return { pair: split, chosenBy: 'split' };
  const [a, b] = eligible;
  return a && b ? { pair: [a, b], chosenBy: 'default' } : null;
}

/**
 * Every combination of the two items' options in questionnaire order (empty ones too: a 2×2 with a
 * missing cell hides that nobody gave it), then answers no option names (e.g. dropped by a later version).
 */
export function combinationTable(pair: [CatalogItem, CatalogItem], counts: readonly CombinationCount[], chosenBy: CompositionCombination['chosenBy']): CompositionCombination {
  const respondents = counts.reduce((sum, c) => sum + c.count, 0);
  const [first, second] = pair;
  const groups: [string, string][] = first.options.flatMap((a) => second.options.map((b): [string, string] => [a.value, b.value]));
  const known = new Set(groups.map((g) => JSON.stringify(g)));
  for (const c of counts) if (!known.has(JSON.stringify([c.a, c.b]))) groups.push([c.a, c.b]);
  groups.sort(compareBackgroundGroups(pair));
  return {
    itemIds: [first.id, second.id],
    chosenBy,
    respondents,
    cells: groups.map((values) => {
      const count = counts.filter((c) => c.a === values[0] && c.b === values[1]).reduce((sum, c) => sum + c.count, 0);
      const ci = computeWilsonInterval(count, respondents);
      return { values, label: backgroundGroupLabel(pair, values), count, share: respondents > 0 ? count / respondents : null, lower: ci?.lower ?? null, upper: ci?.upper ?? null };
    }),
  };
}
