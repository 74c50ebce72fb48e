import { distinctCountPatterns } from './distinct-count-patterns';
import { packCounts } from './packed-counts';
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

  const table = new Float64Array(r * k);
  // With E = R·C/N, Σ (O − E)² / E = Σ O² / E − N. Counts are integers, so every sum here is exact
  // whatever order it is taken in.
  const statisticOfTable = (): number => {
    let x2 = 0;
    for (let g = 0; g < r; g++) {
      let rowTotal = 0;
      for (let m = 0; m < k; m++) rowTotal += table[g * k + m] ?? 0;
      for (let m = 0; m < k; m++) {
        const o = table[g * k + m] ?? 0;
        const e = (rowTotal * (colTotals[m] ?? 0)) / total;
        x2 += (o * o) / e;
      }
    }
    return x2 - total;
  };

  for (let i = 0; i < n; i++) {
    const row = (labels[i] ?? 0) * k;
    for (let m = 0; m < k; m++) table[row + m] = (table[row + m] ?? 0) + (flat[i * k + m] ?? 0);
  }
  const statistic = statisticOfTable();
  const threshold = statistic * ALMOST_ONE;

  // A permutation only decides which participants fill each group's seats (group sizes are fixed).
  // Seats of every group but the largest are filled by a partial Fisher–Yates shuffle of the
  // participants' patterns (the first m positions of a partially shuffled array are a uniformly
  // random ordered sample, whatever order it started in), each adding its counts to its group's row;
  // the largest group takes the rest, its row the column totals minus the others'. Same distribution
  // as shuffling all labels, with fewer random draws and no pass over the largest group.
  const sizes = new Int32Array(r);
  for (let i = 0; i < n; i++) sizes[labels[i] ?? 0] = (sizes[labels[i] ?? 0] ?? 0) + 1;
  let largest = 0;
  for (let g = 1; g < r; g++) if ((sizes[g] ?? 0) > (sizes[largest] ?? 0)) largest = g;
  const seatGroups = Int32Array.from(labels).filter((g) => g !== largest);
  const m = seatGroups.length;
  const random = createSeededRandom(seed);
  let atLeastAsExtreme = 0;
  const otherRows = (): void => {
    for (let c = 0; c < k; c++) {
      let others = 0;
      for (let g = 0; g < r; g++) if (g !== largest) others += table[g * k + c] ?? 0;
      table[largest * k + c] = (colTotals[c] ?? 0) - others;
    }
  };
  // With the counts packed one number per participant (packed-counts.ts), a seat adds its
  // participant's counts to the group's row with one addition; otherwise category by category,
  // from the participant's distinct pattern. Both give exactly the same table from the same draws.
  const packing = packCounts(flat, n, k, n);
  if (packing) {
    const { packed, unpack } = packing;
    const pool = Int32Array.from({ length: n }, (_, i) => i);
    const rowSums = new Float64Array(r);
    const row = new Float64Array(k);
    for (let b = 0; b < permutations; b++) {
      rowSums.fill(0);
      // The shuffle and the seats' sums in one pass (the same draws and sums as a loop after it).
      random.partialShuffleSums(pool, m, packed, seatGroups, rowSums);
      for (let g = 0; g < r; g++) {
        if (g === largest) continue;
        unpack(rowSums[g] ?? 0, row);
        for (let c = 0; c < k; c++) table[g * k + c] = row[c] ?? 0;
      }
      otherRows();
      if (statisticOfTable() >= threshold) atLeastAsExtreme++;
    }
  } else {
    // Participants with the same count vector are interchangeable: the shuffle moves pattern offsets.
    const { patternOf, pattern } = distinctCountPatterns(flat, n, k);
    const pool = Int32Array.from(patternOf, (d) => d * k);
    const seats = Int32Array.from(seatGroups, (g) => g * k);
    for (let b = 0; b < permutations; b++) {
      table.fill(0);
      random.partialShuffle(pool, m);
      for (let i = 0; i < m; i++) {
        const at = pool[i] ?? 0;
        const row = seats[i] ?? 0;
        for (let c = 0; c < k; c++) table[row + c] = (table[row + c] ?? 0) + (pattern[at + c] ?? 0);
      }
      otherRows();
      if (statisticOfTable() >= threshold) atLeastAsExtreme++;
    }
  }
  return { statistic, df: (r - 1) * (k - 1), pValue: (1 + atLeastAsExtreme) / (permutations + 1), permutations, seed, participants: n, selections: total };
}
