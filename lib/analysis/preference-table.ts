// Turns the database's group counts for one preference item into what the dashboard shows: the share
// choosing each method per background group with 95% Wilson intervals, and a test of independence
// between group and choice with its effect size. Pure, so it is tested against hand-computed tables.
import { testIndependence, type IndependenceTestName } from '@/lib/analysis/statistics/chi-square-test';
import { computeCramersV } from '@/lib/analysis/statistics/cramers-v';
import { computeWilsonInterval } from '@/lib/analysis/statistics/wilson-interval';
import { methodLabelOf, type CatalogItem } from '@/lib/analysis/item-catalog';
import { backgroundGroupLabel, NO_ANSWER } from '@/lib/analysis/background-groups';

/** One row from the database: how often `choice` was given by participants in a background group. */
export type ChoiceCount = { group: readonly (string | null)[]; choice: string; count: number };
/** How many participants of a group answered the item (the denominator of selection rates). */
export type GroupSize = { group: readonly (string | null)[]; participants: number };

export type ShareCell = { method: string; count: number; share: number | null; lower: number | null; upper: number | null };
export type GroupShares = { key: string; label: string; participants: number; cells: ShareCell[] };
export type AssociationTest = {
  /** What is tested: the whole table, or one method's selected / not selected (multi-select items). */
  scope: string;
  test: IndependenceTestName;
  statistic: number;
  df: number;
  pValue: number;
  cramersV: number | null;
  n: number;
  warnings: string[];
};

export type PreferenceAnalysis = {
  itemId: string;
  multiple: boolean;
  methods: string[];
  overall: GroupShares;
  groups: GroupShares[];
  tests: AssociationTest[];
};

export { NO_ANSWER };

function groupKey(group: readonly (string | null)[]): string {
  return JSON.stringify(group);
}

function cellsFor(methods: readonly string[], counts: ReadonlyMap<string, number>, participants: number): ShareCell[] {
  return methods.map((method) => {
    const count = counts.get(method) ?? 0;
    const ci = participants > 0 ? computeWilsonInterval(Math.min(count, participants), participants) : null;
    return { method, count, share: participants > 0 ? count / participants : null, lower: ci?.lower ?? null, upper: ci?.upper ?? null };
  });
}

/**
 * Labels for the split items' answers (lib/analysis/background-groups.ts: "Yes", or with two items
 * "practitioner = Yes × used_xai = Saliency maps"). Options keep the item's order
 * and methods the preference item's order, so the chart reads like the questionnaire.
 */
export function analysePreferences(options: {
  item: CatalogItem;
  splitItems: readonly CatalogItem[];
  counts: readonly ChoiceCount[];
  sizes: readonly GroupSize[];
}): PreferenceAnalysis {
  const { item, splitItems, counts, sizes } = options;
  // Several options may show the same method; a multi-select answer could then count one participant
  // twice for that method, so multi-select items keep options apart when methods repeat.
  const labels = item.options.map(methodLabelOf);
  const repeated = new Set(labels).size !== labels.length;
  const labelOf = new Map(item.options.map((o) => [o.value, item.multiple && repeated ? o.label : methodLabelOf(o)]));
  const methods = [...new Set(item.options.map((o) => labelOf.get(o.value) ?? o.value))];
  for (const c of counts) if (!labelOf.has(c.choice)) methods.push(c.choice);

  const byGroup = new Map<string, { label: string; participants: number; counts: Map<string, number> }>();
  const ensure = (group: readonly (string | null)[]) => {
    const key = groupKey(group);
    let g = byGroup.get(key);
    if (!g) {
      // Multi-select splits arrive as their sorted selections joined by "+".
      g = { label: backgroundGroupLabel(splitItems, group), participants: 0, counts: new Map() };
      byGroup.set(key, g);
    }
    return g;
  };
  for (const s of sizes) ensure(s.group).participants += s.participants;
  const overallCounts = new Map<string, number>();
  for (const c of counts) {
    const method = labelOf.get(c.choice) ?? c.choice;
    const g = ensure(c.group);
    g.counts.set(method, (g.counts.get(method) ?? 0) + c.count);
    overallCounts.set(method, (overallCounts.get(method) ?? 0) + c.count);
  }
  const totalParticipants = [...byGroup.values()].reduce((n, g) => n + g.participants, 0);

  // Groups in the order of the split items' options (then "no answer"), not by first appearance.
  const rank = (key: string): number[] => {
    const parsed: unknown = JSON.parse(key);
    const values = Array.isArray(parsed) ? parsed : [];
    return values.map((v, i) => {
      const idx = splitItems[i]?.options.findIndex((o) => o.value === v) ?? -1;
      return v === null ? 1e6 : idx >= 0 ? idx : 1e5;
    });
  };
  const ordered = [...byGroup.entries()].sort(([a], [b]) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if ((ra[i] ?? 0) !== (rb[i] ?? 0)) return (ra[i] ?? 0) - (rb[i] ?? 0);
    return a.localeCompare(b);
  });
  const groups = ordered.map(([key, g]) => ({ key, label: g.label, participants: g.participants, cells: cellsFor(methods, g.counts, g.participants) }));

  const tests: AssociationTest[] = [];
  if (splitItems.length > 0 && groups.length >= 2) {
    const toTest = (scope: string, table: number[][]): AssociationTest => {
      const r = testIndependence(table);
      return { scope, test: r.test, statistic: r.statistic, df: r.df, pValue: r.pValue, cramersV: computeCramersV(table), n: r.n, warnings: r.warnings };
    };
    if (!item.multiple) {
      tests.push(toTest('choice', groups.map((g) => g.cells.map((c) => c.count))));
    } else {
      for (const [j, method] of methods.entries()) {
        tests.push(toTest(method, groups.map((g) => {
          const selected = g.cells[j]?.count ?? 0;
          return [selected, Math.max(0, g.participants - selected)];
        })));
      }
    }
  }

  return {
    itemId: item.id,
    multiple: item.multiple,
    methods,
    overall: { key: 'overall', label: 'Everyone', participants: totalParticipants, cells: cellsFor(methods, overallCounts, totalParticipants) },
    groups,
    tests,
  };
}
