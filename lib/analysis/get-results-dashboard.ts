import 'server-only';
// Everything the results page shows, for one version or all pooled, with or without excluded
// participants. The one entry point the page calls; each view is its own aggregation so the
// benchmark can time them separately.
import type { Actor } from '@/lib/auth/roles';
import { studyPermissionsFor } from '@/lib/auth/study-access';
import { loadAnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { computeExclusions, type ExclusionRule } from '@/lib/analysis/compute-exclusions';
import { getFunnel, type Funnel } from '@/lib/analysis/get-funnel';
import { getItemTimes, type ItemTime } from '@/lib/analysis/get-item-times';
import { getSampleComposition, type CompositionItem } from '@/lib/analysis/get-sample-composition';
import { getCompositionCombination } from '@/lib/analysis/get-composition-combination';
import type { CompositionCombination } from '@/lib/analysis/composition-combination-table';
import { getPreferenceSplit } from '@/lib/analysis/get-preference-split';
import { getPooledPreference, isMethodItem, pooledModels, type PooledPreference } from '@/lib/analysis/get-pooled-preference';
import { loadChoiceCounts } from '@/lib/analysis/load-choice-counts';
import { getChoiceVsQuality, type ChoiceVsQuality } from '@/lib/analysis/get-choice-vs-quality';
import { getQuestionBreakdown, type QuestionBreakdown } from '@/lib/analysis/get-question-breakdown';
import { getAccuracy } from '@/lib/analysis/get-accuracy';
import type { AccuracySummary } from '@/lib/analysis/accuracy-stats';
import { getAgreement } from '@/lib/analysis/get-agreement';
import { isCoherencyItem, type AgreementSummary } from '@/lib/analysis/agreement-stats';
import { isPreferenceItem, isSplitItem, type CatalogItem } from '@/lib/analysis/item-catalog';
import { itemDisplayLabel, resolvePrompt } from '@/lib/analysis/item-labels';
import type { PreferenceAnalysis } from '@/lib/analysis/preference-table';
import type { DashboardQuery } from '@/lib/analysis/analysis-query-schema';

/** `prompt`: with {prediction} resolved for display; `label`: what selectors show (id, model, face, prompt). */
export type ItemChoice = { id: string; prompt: string; label: string };

const choiceOf = (i: CatalogItem): ItemChoice => ({ id: i.id, prompt: resolvePrompt(i.prompt), label: itemDisplayLabel(i) });

export type ResultsDashboard = {
  study: { id: string; title: string; status: string };
  versions: number[];
  /** Whether the actor may also download the exports (shown as links). */
  canExport: boolean;
  query: Omit<DashboardQuery, 'item' | 'pooledModel'> & { item: string | null; pooledModel: string | null };
  preferenceItems: ItemChoice[];
  splitItems: ItemChoice[];
  exclusions: { rules: ExclusionRule[]; excluded: number; medianCompletionMs: number | null; fastThresholdMs: number | null };
  funnel: Funnel;
  itemTimes: ItemTime[];
  composition: CompositionItem[];
  /** Figure 17: respondents by the combination of two background items; null with fewer than two single-answer ones. */
  compositionCombination: CompositionCombination | null;
  preference: PreferenceAnalysis | null;
  /** Preference pooled over every method question, by background; null without such questions. */
  pooled: PooledPreference | null;
  /** How often each generated stimulus was chosen, beside its quality measures; null without method questions. */
  choiceVsQuality: ChoiceVsQuality | null;
  questions: QuestionBreakdown;
  accuracy: AccuracySummary;
  agreement: AgreementSummary;
};

export async function getResultsDashboard(options: { actor: Actor; studyId: string; query: DashboardQuery }): Promise<ResultsDashboard> {
  const { query } = options;
  const scope = await loadAnalysisScope({ actor: options.actor, studyId: options.studyId, version: query.version, permission: 'results' });
  const preferenceItems = scope.items.filter(isPreferenceItem);
  const splitItems = scope.items.filter(isSplitItem);
  // Unknown ids in the address (e.g. an item a newer version dropped) fall back rather than fail.
  const item = preferenceItems.find((i) => i.id === query.item)?.id ?? preferenceItems[0]?.id ?? null;
  const split = query.split.filter((id) => splitItems.some((s) => s.id === id));
  const pooledSplit = query.pooledSplit.filter((id) => splitItems.some((s) => s.id === id));
  const pooledModel = pooledModels(scope.items).find((m) => m === query.pooledModel) ?? null;
  const exclusions = await computeExclusions({ scope });
  // The composition, per-question, choice-versus-quality and agreement views count answers per item
  // and choice: counted once here for all their items, and shared (a per-request memo, never cached).
  // Split items of the pooled view are background items with fixed answers, so counted here too.
  // The same pass keeps every answer with its participant for the pooled preference, which would
  // otherwise read its questions' answers again.
  const counts = await loadChoiceCounts({
    scope, exclusions, include: query.include, withAnswers: true,
    itemIds: scope.items.filter((i) => isSplitItem(i) || isPreferenceItem(i) || isMethodItem(i) || isCoherencyItem(i)).map((i) => i.id),
  });
  const common = { scope, exclusions, include: query.include };
  const [can, funnel, itemTimes, composition, preference, pooled, choiceVsQuality, questions, accuracy, agreement] = await Promise.all([
    studyPermissionsFor(options.actor, scope.study.id),
    getFunnel({ scope, exclusions }),
    getItemTimes(common),
    getSampleComposition({ ...common, counts }),
    item ? getPreferenceSplit({ ...common, itemId: item, splitItemIds: split }) : Promise.resolve(null),
    getPooledPreference({ ...common, splitItemIds: pooledSplit, model: pooledModel, counts }),
    getChoiceVsQuality({ ...common, counts }),
    getQuestionBreakdown({ ...common, counts }),
    getAccuracy(common),
    getAgreement({ ...common, counts }),
  ]);
  const compositionCombination = await getCompositionCombination({ ...common, selected: { pooledSplit, split } });
  return {
    study: { id: scope.study.id, title: scope.study.title, status: scope.study.status },
    versions: scope.versions.map((v) => v.version),
    canExport: can.export,
    query: { ...query, item, split, pooledSplit, pooledModel },
    preferenceItems: preferenceItems.map(choiceOf),
    splitItems: splitItems.map(choiceOf),
    exclusions: { rules: exclusions.rules, excluded: exclusions.excluded, medianCompletionMs: exclusions.medianCompletionMs, fastThresholdMs: exclusions.fastThresholdMs },
    funnel,
    itemTimes,
    composition,
    compositionCombination,
    preference,
    pooled,
    choiceVsQuality,
    questions,
    accuracy,
    agreement,
  };
}
