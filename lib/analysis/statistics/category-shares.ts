import { orderLabels } from './order-labels';
import { computeWilsonInterval, type ProportionInterval, type WilsonOptions } from './wilson-interval';

export type CategoryShare = {
  label: string;
  count: number;
  total: number;
  /** count / total; null when total is 0. */
  share: number | null;
  /** Wilson interval for count / total; null when total is 0. */
  interval: ProportionInterval | null;
};

export type CategorySharesOptions = WilsonOptions & {
  /** Categories to report first, in this order, even with zero count; others follow sorted (see orderLabels). */
  categories?: readonly string[];
};

/**
 * Share of each category among the observed values with a Wilson interval per share. Wilson rather than
 * the Wald interval because dashboards show shares near 0 and 1 from small samples, where Wald
 * collapses to zero width. Intervals are marginal (one per category), not simultaneous.
 */
export function computeCategoryShares(values: readonly string[], options: CategorySharesOptions = {}): CategoryShare[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const total = values.length;
  const wilson = { confidence: options.confidence, continuityCorrection: options.continuityCorrection };
  return orderLabels(values, options.categories).map((label) => {
    const count = counts.get(label) ?? 0;
    return { label, count, total, share: total > 0 ? count / total : null, interval: computeWilsonInterval(count, total, wilson) };
  });
}
