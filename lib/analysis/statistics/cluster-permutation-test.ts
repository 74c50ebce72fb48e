import { distinctCountPatterns } from './distinct-count-patterns';
import { createSeededRandom } from './seeded-random';

export type LabelledCluster = { group: number; counts: readonly number[] };

export type ClusterPermutationOptions = {
  permutations?: number;
  /** Seeded so that the dashboard shows the same p-value on every reload. */
  seed?: string;
};

export type ClusterPermutationResult = {
  /** Pearson X² of the pooled group × category table of selections. */
  statistic: number;
  /** (groups − 1)(categories − 1) of the non-empty table; for reading X², not used for p. */
  df: number;
  pValue: number;
  permutations: number;
  seed: string;
  /** Participants and selections that entered the test. */
  participants: number;
  selections: number;
};

export const DEFAULT_PERMUTATIONS = 2000;
export const DEFAULT_PERMUTATION_SEED = 'cluster-permutation';

// As in monte-carlo-independence: permutations that give the same table must count as "as extreme"
// even when the sum is accumulated in another order.
const ALMOST_ONE = 1 - 64 * Number.EPSILON;

/**
 * Does the pooled share of each category depend on the group? X² of the pooled table of selections
 * is a natural statistic, but its chi-square reference distribution assumes independent selections,
 * and one participant's selections are not. Shuffling the group labels over participants, each
 * keeping their whole vector of counts, gives the statistic's distribution under "the background
 * says nothing about a participant's choices" without that assumption (a cluster permutation test;
 * Good 2005, §3). p = (1 + #{X²* ≥ X²}) / (B + 1).
 *
 * Returns null when there is nothing to compare: fewer than two groups or two categories with
 * selections.
 */
export function permutationTestPooledShares(clusters: readonly LabelledCluster[], groups: number, categories: number, options: ClusterPermutationOptions = {}): ClusterPermutationResult | null {
  const permutations = options.permutations ?? DEFAULT_PERMUTATIONS;
  const seed = options.seed ?? DEFAULT_PERMUTATION_SEED;
  if (!Number.isInteger(permutations) || permutations < 1) throw new RangeError(`permutations must be a positive integer, got ${permutations}`);

  const kept = clusters.filter((c) => c.counts.some((x) => x > 0));
  const columnTotals = new Float64Array(categories);
  for (const c of kept) c.counts.forEach((x, j) => (columnTotals[j] = (columnTotals[j] ?? 0) + x));
  // Categories nobody selected have zero expected counts; they carry no information, so drop them.
  const columns = [...columnTotals.keys()].filter((j) => (columnTotals[j] ?? 0) > 0);
  const groupsSeen = [...new Set(kept.map((c) => c.group))].sort((a, b) => a - b);
  if (columns.length < 2 || groupsSeen.length < 2) return null;
  const rowOf = new Map(groupsSeen.map((g, i) => [g, i]));

  const k = columns.length;
  const r = groupsSeen.length;
  const n = kept.length;
  const flat = new Float64Array(n * k);
  const labels = new Int32Array(n);
  kept.forEach((c, i) => {
    columns.forEach((j, m) => (flat[i * k + m] = c.counts[j] ?? 0));
    labels[i] = rowOf.get(c.group) ?? 0;
  });
  const colTotals = Float64Array.from(columns, (j) => columnTotals[j] ?? 0);
  const total = colTotals.reduce((s, x) => s + x, 0);

  // As in the bootstrap: tally distinct count vectors per group, then multiply out once.
  const { patternOf, distinct, pattern } = distinctCountPatterns(flat, n, k);
  const tally = new Int32Array(r * distinct);
  const table = new Float64Array(r * k);
  const rowTotals = new Float64Array(r);
  // With E = R·C/N, Σ (O − E)² / E = Σ O² / E − N.
  const statisticOfTally = (): number => {
    table.fill(0);
    rowTotals.fill(0);
    for (let g = 0; g < r; g++) {
      for (let d = 0; d < distinct; d++) {
        const times = tally[g * distinct + d] ?? 0;
        if (times === 0) continue;
        for (let m = 0; m < k; m++) {
          const x = times * (pattern[d * k + m] ?? 0);
          table[g * k + m] = (table[g * k + m] ?? 0) + x;
          rowTotals[g] = (rowTotals[g] ?? 0) + x;
        }
      }
    }
    let x2 = 0;
    for (let g = 0; g < r; g++) {
      for (let m = 0; m < k; m++) {
        const o = table[g * k + m] ?? 0;
        const e = ((rowTotals[g] ?? 0) * (colTotals[m] ?? 0)) / total;
        x2 += (o * o) / e;
      }
    }
    return x2 - total;
  };

  for (let i = 0; i < n; i++) {
    const cell = (labels[i] ?? 0) * distinct + (patternOf[i] ?? 0);
    tally[cell] = (tally[cell] ?? 0) + 1;
  }
  const statistic = statisticOfTally();
  const threshold = statistic * ALMOST_ONE;

  // A permutation only decides which participants fill each group's seats (group sizes are fixed).
  // Seats of every group but the largest are filled by a partial Fisher–Yates shuffle of the
  // participants' patterns (the first m positions of a partially shuffled array are a uniformly
  // random ordered sample, whatever order it started in); the largest group takes the rest, its
  // tally the pattern totals minus the others'. Same distribution as shuffling all labels, with
  // fewer random draws and no pass over the largest group.
  const sizes = new Int32Array(r);
  for (let i = 0; i < n; i++) sizes[labels[i] ?? 0] = (sizes[labels[i] ?? 0] ?? 0) + 1;
  let largest = 0;
  for (let g = 1; g < r; g++) if ((sizes[g] ?? 0) > (sizes[largest] ?? 0)) largest = g;
  const seats = Int32Array.from(Array.from(labels).filter((g) => g !== largest));
  const m = seats.length;
  const pool = Int32Array.from(patternOf);
  const patternTotals = new Int32Array(distinct);
  for (let i = 0; i < n; i++) patternTotals[pool[i] ?? 0] = (patternTotals[pool[i] ?? 0] ?? 0) + 1;
  const random = createSeededRandom(seed);
  let atLeastAsExtreme = 0;
  for (let b = 0; b < permutations; b++) {
    tally.fill(0);
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(random() * (n - i));
      const d = pool[j] ?? 0;
      pool[j] = pool[i] ?? 0;
      pool[i] = d;
      const cell = (seats[i] ?? 0) * distinct + d;
      tally[cell] = (tally[cell] ?? 0) + 1;
    }
    for (let d = 0; d < distinct; d++) {
      let others = 0;
      for (let g = 0; g < r; g++) if (g !== largest) others += tally[g * distinct + d] ?? 0;
      tally[largest * distinct + d] = (patternTotals[d] ?? 0) - others;
    }
    if (statisticOfTally() >= threshold) atLeastAsExtreme++;
  }
  return { statistic, df: (r - 1) * (k - 1), pValue: (1 + atLeastAsExtreme) / (permutations + 1), permutations, seed, participants: n, selections: total };
}
