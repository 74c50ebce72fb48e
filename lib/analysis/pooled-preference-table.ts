// Turns each participant's selections of each method, pooled over several image-choice questions,
// into what the pooled-preference figure shows: per background group the share of all selections
// going to each method, with participant-level cluster bootstrap intervals, and a permutation test of
// whether the shares depend on the group. Pure, so it is tested against hand-computed fixtures.
import { bootstrapPooledShares, DEFAULT_BOOTSTRAP_RESAMPLES, type PooledShares } from '@/lib/analysis/statistics/cluster-bootstrap-shares';
import { DEFAULT_PERMUTATIONS, permutationTestPooledShares } from '@/lib/analysis/statistics/cluster-permutation-test';
import { computeCramersV } from '@/lib/analysis/statistics/cramers-v';
import { backgroundGroupLabel, compareBackgroundGroups, type BackgroundGroup } from '@/lib/analysis/background-groups';
import type { CatalogItem } from '@/lib/analysis/item-catalog';

/** One participant: their background group and how often they selected each method (in `methods` order). */
export type ParticipantSelections = { group: BackgroundGroup; counts: readonly number[] };

export type PooledCell = { method: string; count: number; share: number | null; lower: number | null; upper: number | null };
/** `overall` carries no intervals (null) when there is a split: the figure then shows the groups. */
export type PooledGroup = { key: string; label: string; participants: number; selections: number; cells: PooledCell[] };
export type PooledTest = {
  test: 'cluster-permutation';
  statistic: number;
  df: number;
  pValue: number;
  permutations: number;
  /** Cramér's V of the pooled selections table: descriptive, it treats selections as independent. */
  cramersV: number | null;
  participants: number;
  selections: number;
};
export type PooledShareAnalysis = {
  methods: string[];
  overall: PooledGroup;
  groups: PooledGroup[];
  test: PooledTest | null;
  resamples: number;
  confidence: number;
  seed: string;
};

export const POOLED_PREFERENCE_SEED = 'pooled-preference';

function toGroup(key: string, label: string, methods: readonly string[], r: PooledShares): PooledGroup {
  return {
    key,
    label,
    participants: r.clusters,
    selections: r.total,
    cells: methods.map((method, j) => ({ method, count: r.counts[j] ?? 0, share: r.shares[j] ?? null, lower: r.lower[j] ?? null, upper: r.upper[j] ?? null })),
  };
}

export function analysePooledPreference(options: {
  splitItems: readonly CatalogItem[];
  methods: readonly string[];
  participants: readonly ParticipantSelections[];
  resamples?: number;
  permutations?: number;
  seed?: string;
}): PooledShareAnalysis {
  const { splitItems, methods, participants } = options;
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const seed = options.seed ?? POOLED_PREFERENCE_SEED;
  const k = methods.length;

  const byGroup = new Map<string, { group: BackgroundGroup; members: (readonly number[])[] }>();
  for (const p of participants) {
    const key = JSON.stringify(p.group);
    let g = byGroup.get(key);
    if (!g) byGroup.set(key, (g = { group: p.group, members: [] }));
    g.members.push(p.counts);
  }
  const compare = compareBackgroundGroups(splitItems);
  const ordered = [...byGroup.entries()].sort(([, a], [, b]) => compare(a.group, b.group));

  // Each group draws from its own stream (seed + group key), so a group's interval does not move
  // when another group appears or disappears (e.g. excluded participants left out).
  const groups = ordered.map(([key, g]) =>
    toGroup(key, backgroundGroupLabel(splitItems, g.group), methods, bootstrapPooledShares(g.members, k, { resamples, seed: `${seed}:${key}` })),
  );
  // Without a split the one group is everyone. With one, the figure shows the groups, so everyone's
  // shares are given without intervals rather than paying for another bootstrap.
  const overall: PooledGroup =
    splitItems.length === 0
      ? { ...(groups[0] ?? toGroup('overall', 'Everyone', methods, bootstrapPooledShares([], k, { resamples }))), key: 'overall', label: 'Everyone' }
      : toGroup('overall', 'Everyone', methods, bootstrapPooledShares(participants.map((p) => p.counts), k, { resamples: 1 }));
  if (splitItems.length > 0) for (const c of overall.cells) Object.assign(c, { lower: null, upper: null });

  let test: PooledTest | null = null;
  if (splitItems.length > 0) {
    const indexOf = new Map(ordered.map(([key], i) => [key, i]));
    const labelled = participants.map((p) => ({ group: indexOf.get(JSON.stringify(p.group)) ?? 0, counts: p.counts }));
    const t = permutationTestPooledShares(labelled, ordered.length, k, { permutations: options.permutations ?? DEFAULT_PERMUTATIONS, seed: `${seed}:test` });
    if (t) {
      const table = groups.map((g) => g.cells.map((c) => c.count));
      test = { test: 'cluster-permutation', statistic: t.statistic, df: t.df, pValue: t.pValue, permutations: t.permutations, cramersV: computeCramersV(table), participants: t.participants, selections: t.selections };
    }
  }
  return { methods: [...methods], overall, groups, test, resamples, confidence: 0.95, seed };
}
