// Labels and order of background groups, a participant's answers to the split items as
// [answer of item 1, answer of item 2, …] (null: not answered). Shared by the per-item preference
// table (lib/analysis/preference-table.ts) and the pooled one.
import type { CatalogItem } from '@/lib/analysis/item-catalog';

export const NO_ANSWER = '(no answer)';

export type BackgroundGroup = readonly (string | null)[];

/**
 * The group's label from option labels, multi-select answers joined by "+": "Yes" for one split item;
 * with several, each answer is named by its item, "practitioner = Yes × used_xai = Feature inversion +
 * Saliency maps", since "Yes × No" does not say which question got which answer.
 */
export function backgroundGroupLabel(splitItems: readonly CatalogItem[], group: BackgroundGroup): string {
  const answer = (split: CatalogItem | undefined, value: string | null): string => {
    if (value === null) return NO_ANSWER;
    return value
      .split('+')
      .map((v) => split?.options.find((o) => o.value === v)?.label ?? v)
      .join(' + ');
  };
  const named = group.length > 1;
  return group.map((v, i) => (named ? `${splitItems[i]?.id ?? `split ${i + 1}`} = ${answer(splitItems[i], v)}` : answer(splitItems[i], v))).join(' × ') || 'Everyone';
}

/**
 * Groups in the order of the split items' options (unknown answers after them, "no answer" last),
 * so figures read like the questionnaire rather than in order of first appearance.
 */
export function compareBackgroundGroups(splitItems: readonly CatalogItem[]): (a: BackgroundGroup, b: BackgroundGroup) => number {
  const rank = (group: BackgroundGroup): number[] =>
    group.map((v, i) => {
      const idx = splitItems[i]?.options.findIndex((o) => o.value === v) ?? -1;
      return v === null ? 1e6 : idx >= 0 ? idx : 1e5;
    });
  return (a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if ((ra[i] ?? 0) !== (rb[i] ?? 0)) return (ra[i] ?? 0) - (rb[i] ?? 0);
    return JSON.stringify(a).localeCompare(JSON.stringify(b));
  };
}
