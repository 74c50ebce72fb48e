import 'server-only';
// Coherency agreement: how many participants chose each label per item, counted in the database
// (lib/analysis/load-choice-counts.ts); the agreement statistics are computed from those counts
// (lib/analysis/agreement-stats.ts).
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import type { Exclusions } from '@/lib/analysis/compute-exclusions';
import { choiceCountsFor, chosenPerItem, type ChoiceCounts } from '@/lib/analysis/load-choice-counts';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { isCoherencyItem, summariseAgreement, type AgreementSummary } from '@/lib/analysis/agreement-stats';

export async function getAgreement(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection; counts?: ChoiceCounts }): Promise<AgreementSummary> {
  const items = options.scope.items.filter(isCoherencyItem);
  // The label set each item offers now (its latest analysed definition): merged options would count
  // labels a later version dropped and distort chance agreement.
  const latest = new Map(options.scope.versionItems.flatMap((v) => v.items).map((i) => [i.id, i]));
  if (items.length === 0) return { items: [], layers: [] };
  const counts = chosenPerItem(await choiceCountsFor(options, items.map((i) => i.id)));
  return summariseAgreement(items, counts.map((r) => ({ itemId: r.itemId, value: r.choice, count: r.n })), latest);
}
