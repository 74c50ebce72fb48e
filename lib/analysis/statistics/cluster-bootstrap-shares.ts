import { assertConfidence, assertCount } from './assert-count';
import { percentileOfSorted } from './percentile';
import { distinctCountPatterns } from './distinct-count-patterns';
import { packCounts } from './packed-counts';
import { createSeededRandom } from './seeded-random';

/** One vector per participant (the cluster): how many selections they made of each category. */
export type ClusterCounts = readonly (readonly number[])[];

export type PooledSharesOptions = {
  /** Number of bootstrap resamples; 2000 is the usual floor for 95% percentile intervals. */
  resamples?: number;
  /** Seeded so that a dashboard shows the same interval on every reload. */
  seed?: string;
  /** Two-sided coverage, 0.95 unless given. */
  confidence?: number;
};

export type PooledShares = {
  /** Selections per category, summed over participants. */
  counts: number[];
  /** All selections (the denominator of every share). */
  total: number;
  /** Participants with at least one selection: the units that were resampled. */
  clusters: number;
  /** counts / total; null when nobody selected anything. */
  shares: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  resamples: number;
  seed: string;
  confidence: number;
};

export const DEFAULT_BOOTSTRAP_RESAMPLES = 2000;
export const DEFAULT_BOOTSTRAP_SEED = 'cluster-bootstrap';

/**
 * Pooled shares (selections of a category ÷ all selections) with participant-level cluster bootstrap
 * percentile intervals. A participant answers several questions and their answers resemble each
 * other, so treating selections as independent (a Wilson interval on the pooled count) would make the
 * intervals too narrow; resampling whole participants with replacement keeps each one's answers
 * together (Field & Welsh 2007; Davison & Hinkley 1997, §3.8). Participants without any selection
 * add nothing to a pooled share and are left out, so a resample can never have an empty denominator.
 *
 * A group where everyone picks only one category gets a degenerate [1, 1] (and [0, 0] for the
 * others): every resample reproduces it. That is what the data show, not a certainty; the table
 * reports the number of participants next to it.
 */
export function bootstrapPooledShares(clusters: ClusterCounts, categories: number, options: PooledSharesOptions = {}): PooledShares {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const confidence = options.confidence ?? 0.95;
  assertConfidence(confidence);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  const k = categories;

  // Flat participant-major counts of the participants who selected something: the inner loop below
  // runs resamples × participants × categories times, so it reads one typed array and nothing else.
  const kept = clusters.filter((c) => c.reduce((s, x) => s + x, 0) > 0);
  const n = kept.length;
  const flat = new Float64Array(n * k);
  const counts = new Array<number>(k).fill(0);
  kept.forEach((c, i) => {
    if (c.length !== k) throw new RangeError(`every participant needs ${k} counts, got ${c.length}`);
    c.forEach((x, j) => {
      assertCount(x, 'count');
      flat[i * k + j] = x;
      counts[j] = (counts[j] ?? 0) + x;
    });
  });
  const total = counts.reduce((s, x) => s + x, 0);
  const shares = counts.map((x) => (total > 0 ? x / total : null));
  if (n === 0) {
    const none = counts.map(() => null);
    return { counts, total, clusters: 0, shares, lower: none, upper: [...none], resamples, seed, confidence };
  }

  const random = createSeededRandom(seed);
  const replicated = new Float64Array(k * resamples);
  const sum = new Float64Array(k);
  // A resample adds n participants' counts: with the counts packed one number per participant, that is
  // one addition per draw (packed-counts.ts). Otherwise it tallies how often each distinct count
  // vector was drawn and multiplies out once (distinct-count-patterns.ts). Both give exactly the same
  // sums, so the same shares, from the same draws.
  const packing = packCounts(flat, n, k, n);
  if (packing) {
    const { packed, unpack } = packing;
    for (let b = 0; b < resamples; b++) {
      unpack(random.sumOfDraws(packed, n), sum);
      let t = 0;
      for (let j = 0; j < k; j++) t += sum[j] ?? 0;
      // t > 0: every resampled participant has at least one selection.
      for (let j = 0; j < k; j++) replicated[j * resamples + b] = (sum[j] ?? 0) / t;
    }
  } else {
    const { patternOf, distinct, pattern } = distinctCountPatterns(flat, n, k);
    const drawn = new Int32Array(distinct);
    // One resample's n uniform numbers, drawn in one call (the same numbers as n calls of random()).
    const uniform = new Float64Array(n);
    for (let b = 0; b < resamples; b++) {
      drawn.fill(0);
      random.fill(uniform);
      for (let i = 0; i < n; i++) {
        const d = patternOf[Math.floor((uniform[i] ?? 0) * n)] ?? 0;
        drawn[d] = (drawn[d] ?? 0) + 1;
      }
      sum.fill(0);
      let t = 0;
      for (let d = 0; d < distinct; d++) {
        const times = drawn[d] ?? 0;
        if (times === 0) continue;
        for (let j = 0; j < k; j++) {
          const x = times * (pattern[d * k + j] ?? 0);
          sum[j] = (sum[j] ?? 0) + x;
          t += x;
        }
      }
      for (let j = 0; j < k; j++) replicated[j * resamples + b] = (sum[j] ?? 0) / t;
    }
  }
  const alpha = (1 - confidence) / 2;
  const lower: number[] = [];
  const upper: number[] = [];
  for (let j = 0; j < k; j++) {
    const sorted = replicated.subarray(j * resamples, (j + 1) * resamples).sort();
    lower.push(percentileOfSorted(sorted, alpha));
    upper.push(percentileOfSorted(sorted, 1 - alpha));
  }
  return { counts, total, clusters: n, shares, lower, upper, resamples, seed, confidence };
}
