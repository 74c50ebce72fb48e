// The fast paths of the cluster bootstrap and the cluster permutation test (uniform numbers drawn in
// bulk, count vectors packed into one number) must give exactly what the straightforward algorithms
// give from the same seed: the same draws, the same sums, so the same intervals and p-values.
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/analysis/statistics/seeded-random';
import { packCounts } from '@/lib/analysis/statistics/packed-counts';
import { bootstrapPooledShares } from '@/lib/analysis/statistics/cluster-bootstrap-shares';
import { permutationTestPooledShares, type LabelledCluster } from '@/lib/analysis/statistics/cluster-permutation-test';
import { percentileOfSorted } from '@/lib/analysis/statistics/percentile';
import { itemTimeStats, sortedMedian } from '@/lib/analysis/get-item-times';
import { compareSqliteText, parseTextArray } from '@/lib/analysis/sql-fragments';
import { answeredPerItem, chosenPerItem, type ChoiceCounts } from '@/lib/analysis/load-choice-counts';

/** Deterministic test data: count vectors of `k` categories, a few selections each. */
function clustersOf(n: number, k: number, seed: string, scale = 1): number[][] {
  const random = createSeededRandom(seed);
  return Array.from({ length: n }, () => Array.from({ length: k }, () => Math.floor(random() * 4) * scale));
}

/** The bootstrap as first written: one uniform number per draw, each drawn participant's counts added one by one. */
function referenceBootstrap(clusters: number[][], k: number, resamples: number, seed: string) {
  const kept = clusters.filter((c) => c.some((x) => x > 0));
  const n = kept.length;
  const random = createSeededRandom(seed);
  const replicated = Array.from({ length: k }, () => new Float64Array(resamples));
  for (let b = 0; b < resamples; b++) {
    const sum = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const c = kept[Math.floor(random() * n)] ?? [];
      c.forEach((x, j) => (sum[j] = (sum[j] ?? 0) + x));
    }
    const t = sum.reduce((s, x) => s + x, 0);
    sum.forEach((x, j) => ((replicated[j] ?? new Float64Array(resamples))[b] = x / t));
  }
  const sorted = replicated.map((r) => r.sort());
  const alpha = (1 - 0.95) / 2;
  return { lower: sorted.map((s) => percentileOfSorted(s, alpha)), upper: sorted.map((s) => percentileOfSorted(s, 1 - alpha)) };
}

/**
 * The permutation test as first written: the same partial shuffle (seats of every group but the
 * largest, participants in order), then the table summed participant by participant and X² from it.
 */
function referencePermutationP(clusters: LabelledCluster[], k: number, permutations: number, seed: string): number {
  const kept = clusters.filter((c) => c.counts.some((x) => x > 0));
  const n = kept.length;
  const groups = [...new Set(kept.map((c) => c.group))].sort((a, b) => a - b);
  const labels = kept.map((c) => groups.indexOf(c.group));
  const r = groups.length;
  const colTotals = new Array<number>(k).fill(0);
  for (const c of kept) c.counts.forEach((x, j) => (colTotals[j] = (colTotals[j] ?? 0) + x));
  const total = colTotals.reduce((s, x) => s + x, 0);
  const x2Of = (groupOf: readonly number[]): number => {
    const table = Array.from({ length: r }, () => new Array<number>(k).fill(0));
    groupOf.forEach((g, i) => kept[i]?.counts.forEach((x, j) => ((table[g] ?? [])[j] = (table[g]?.[j] ?? 0) + x)));
    let x2 = 0;
    for (const row of table) {
      const rowTotal = row.reduce((s, x) => s + x, 0);
      row.forEach((o, j) => (x2 += (o * o) / ((rowTotal * (colTotals[j] ?? 0)) / total)));
    }
    return x2 - total;
  };
  const threshold = x2Of(labels) * (1 - 64 * Number.EPSILON);
  const sizes = groups.map((_, g) => labels.filter((l) => l === g).length);
  const largest = sizes.indexOf(Math.max(...sizes));
  const seats = labels.filter((g) => g !== largest);
  const pool = kept.map((_, i) => i);
  const random = createSeededRandom(seed);
  let extreme = 0;
  for (let b = 0; b < permutations; b++) {
    const groupOf = new Array<number>(n).fill(largest);
    seats.forEach((g, i) => {
      const j = i + Math.floor(random() * (n - i));
      [pool[i], pool[j]] = [pool[j] ?? 0, pool[i] ?? 0];
      groupOf[pool[i] ?? 0] = g;
    });
    if (x2Of(groupOf) >= threshold) extreme++;
  }
  return (1 + extreme) / (permutations + 1);
}

describe('seeded random: bulk draws', () => {
  it('writes exactly the numbers that many calls would return, and continues the same stream', () => {
    const calls = createSeededRandom('fill');
    const bulk = createSeededRandom('fill');
    const expected = Array.from({ length: 1000 }, () => calls());
    const got = new Float64Array(1000);
    bulk.fill(got, 10);
    got[10] = bulk();
    bulk.fill(got.subarray(11));
    expect(Array.from(got)).toEqual(expected);
    expect(bulk()).toBe(calls());
    expect(() => bulk.fill(new Float64Array(2), 3)).toThrow(RangeError);
  });

  it('sums values drawn with replacement with the same draws as calls', () => {
    const values = Float64Array.from({ length: 37 }, (_, i) => i * i);
    const calls = createSeededRandom('sum');
    const bulk = createSeededRandom('sum');
    for (const count of [0, 1, 100, 37]) {
      let expected = 0;
      for (let i = 0; i < count; i++) expected += values[Math.floor(calls() * values.length)] ?? 0;
      expect(bulk.sumOfDraws(values, count)).toBe(expected);
    }
    expect(bulk()).toBe(calls());
    expect(() => bulk.sumOfDraws(new Float64Array(0), 1)).toThrow(RangeError);
  });

  it('shuffles partially with the same draws as calls, leaving a permutation of the pool', () => {
    const calls = createSeededRandom('shuffle');
    const bulk = createSeededRandom('shuffle');
    const expected = Array.from({ length: 20 }, (_, i) => i);
    const pool = Int32Array.from(expected);
    for (const count of [5, 20, 0, 12]) {
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(calls() * (expected.length - i));
        [expected[i], expected[j]] = [expected[j] ?? 0, expected[i] ?? 0];
      }
      bulk.partialShuffle(pool, count);
      expect(Array.from(pool)).toEqual(expected);
    }
    expect([...pool].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(() => bulk.partialShuffle(pool, 21)).toThrow(RangeError);
  });
});

describe('packed counts', () => {
  it('unpacks any sum of packed vectors into the per-category sums', () => {
    const k = 4;
    const n = 50;
    const flat = Float64Array.from(clustersOf(n, k, 'pack').flat());
    const packing = packCounts(flat, n, k, 200);
    expect(packing).not.toBeNull();
    const random = createSeededRandom('draws');
    const out = new Float64Array(k);
    for (let trial = 0; trial < 20; trial++) {
      const expected = new Array<number>(k).fill(0);
      let sum = 0;
      for (let d = 0; d < 200; d++) {
        const i = Math.floor(random() * n);
        sum += packing?.packed[i] ?? 0;
        for (let j = 0; j < k; j++) expected[j] = (expected[j] ?? 0) + (flat[i * k + j] ?? 0);
      }
      packing?.unpack(sum, out);
      expect(Array.from(out)).toEqual(expected);
    }
  });

  it('handles categories nobody selected, and declines fractions, negatives and fields over 53 bits', () => {
    const packing = packCounts(Float64Array.from([0, 2, 0, 0, 3, 0]), 2, 3, 2);
    const out = new Float64Array(3);
    packing?.unpack((packing.packed[0] ?? 0) + (packing.packed[1] ?? 0), out);
    expect(Array.from(out)).toEqual([0, 5, 0]);
    // 2^20 × 2^20 needs 41 bits per category: two categories do not fit.
    expect(packCounts(Float64Array.from([2 ** 20, 2 ** 20]), 1, 2, 2 ** 20)).toBeNull();
    expect(packCounts(Float64Array.from([2 ** 20]), 1, 1, 2 ** 20)).not.toBeNull();
    expect(packCounts(Float64Array.from([1, 0.5]), 1, 2, 10)).toBeNull();
    expect(packCounts(Float64Array.from([1, -1]), 1, 2, 10)).toBeNull();
  });
});

describe('cluster bootstrap fast path', () => {
  it('gives exactly the straightforward algorithm’s intervals, packed or not', () => {
    for (const [n, k, scale] of [[300, 3, 1], [40, 5, 1], [60, 3, 2 ** 24]] as const) {
      // The last case has counts too large to pack: the pattern-tally path runs.
      const clusters = clustersOf(n, k, `b${n}`, scale);
      if (scale > 1) expect(packCounts(Float64Array.from(clusters.flat()), n, k, n)).toBeNull();
      const fast = bootstrapPooledShares(clusters, k, { resamples: 500, seed: 'same' });
      const reference = referenceBootstrap(clusters, k, 500, 'same');
      expect(fast.lower).toEqual(reference.lower);
      expect(fast.upper).toEqual(reference.upper);
    }
  });
});

describe('cluster permutation fast path', () => {
  it('gives exactly the straightforward algorithm’s p-value, packed or not', () => {
    for (const [n, k, groups, scale] of [[200, 3, 4, 1], [90, 4, 2, 1], [80, 3, 3, 2 ** 24]] as const) {
      const clusters = clustersOf(n, k, `p${n}`, scale).map((counts, i) => ({ group: (i * 7) % groups, counts }));
      // Make the groups differ a little, so p is neither tiny nor 1.
      for (const c of clusters) if (c.group === 0) c.counts[0] = (c.counts[0] ?? 0) + scale;
      const fast = permutationTestPooledShares(clusters, groups, k, { permutations: 300, seed: 'same' });
      expect(fast?.pValue).toBe(referencePermutationP(clusters, k, 300, 'same'));
    }
  });
});

describe('median of sorted times', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(sortedMedian('1,2,10')).toBe(2);
    expect(sortedMedian('1,2,10,11')).toBe(6);
    expect(sortedMedian('7')).toBe(7);
    expect(sortedMedian(null)).toBeNull();
  });
});

describe('shuffle and seat sums in one pass', () => {
  it('gives the same pool and sums as the shuffle followed by a loop over its first positions', () => {
    const n = 200;
    const values = Float64Array.from({ length: n }, (_, i) => (i * 37) % 11);
    const slots = Int32Array.from({ length: 150 }, (_, i) => i % 3);
    const [a, b] = [createSeededRandom('fused'), createSeededRandom('fused')];
    const [poolA, poolB] = [Int32Array.from({ length: n }, (_, i) => i), Int32Array.from({ length: n }, (_, i) => i)];
    for (const count of [0, 1, 73, 150, 150]) {
      const sumsA = new Float64Array(3);
      a.partialShuffle(poolA, count);
      for (let i = 0; i < count; i++) sumsA[slots[i] ?? 0] = (sumsA[slots[i] ?? 0] ?? 0) + (values[poolA[i] ?? 0] ?? 0);
      const sumsB = new Float64Array(3);
      b.partialShuffleSums(poolB, count, values, slots, sumsB);
      expect([...poolB]).toEqual([...poolA]);
      expect([...sumsB]).toEqual([...sumsA]);
      expect(b()).toBe(a());
    }
    expect(() => b.partialShuffleSums(poolB, 151, values, slots, new Float64Array(3))).toThrow(RangeError);
  });
});

describe('times per item summed and sorted in JavaScript', () => {
  /** What the SQL gave: COUNT, SUM and the times sorted in the database, through sortedMedian. */
  function reference(items: string[], times: number[]) {
    const ids = [...new Set(items)];
    return ids.map((itemId) => {
      const mine = times.filter((_, i) => items[i] === itemId).sort((x, y) => x - y);
      const total = mine.reduce((s, t) => s + t, 0);
      return { itemId, n: mine.length, mean: total / mine.length, median: sortedMedian(mine.join(',')) };
    });
  }

  it('gives the count, mean and median of SQL for whole-millisecond times', () => {
    const random = createSeededRandom('times');
    for (const size of [1, 2, 7, 500]) {
      const items = Array.from({ length: size }, () => `i${Math.floor(random() * 4)}`);
      const times = Array.from({ length: size }, () => Math.floor(random() * 20000) - (random() < 0.05 ? 30000 : 0));
      expect(itemTimeStats(items, times.join(','))).toEqual(reference(items, times));
    }
    expect(itemTimeStats([], '')).toEqual([]);
  });

  it('leaves to SQL what only SQL sums and sorts the same way', () => {
    expect(itemTimeStats(['a'], '1.5')).toBeNull();
    expect(itemTimeStats(['a'], '0x10')).toBeNull();
    expect(itemTimeStats(['a', 'a'], '1,abc')).toBeNull();
    expect(itemTimeStats(['a', 'a'], `${Number.MAX_SAFE_INTEGER},1`)).toBeNull();
    expect(() => itemTimeStats(['a'], '1,2')).toThrow();
  });
});

describe('text helpers for answers read in one row', () => {
  it('reads a JSON array of strings and nothing else', () => {
    expect(parseTextArray('["a","b,c","\\"x\\""]')).toEqual(['a', 'b,c', '"x"']);
    expect(() => parseTextArray('["a",1]')).toThrow();
    expect(() => parseTextArray('{"a":"b"}')).toThrow();
  });

  it('orders text as SQLite does (UTF-8 bytes), outside the BMP too', () => {
    const texts = ['b', 'a', 'ab', '', 'Z', '\uffff', '\u{1f600}', 'é', 'a\u{10000}', 'a\ue000'];
    const bytes = [...texts].sort((x, y) => Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8')));
    expect([...texts].sort(compareSqliteText)).toEqual(bytes);
  });
});

describe('choice counts pooled over versions', () => {
  it('adds the versions of each item and choice, keeping the database’s order', () => {
    const counts: ChoiceCounts = {
      itemIds: new Set(['a', 'b']),
      include: 'all',
      answered: [{ versionId: 'v1', itemId: 'a', n: 3 }, { versionId: 'v2', itemId: 'a', n: 2 }, { versionId: 'v2', itemId: 'b', n: 4 }],
      chosen: [
        { versionId: 'v1', itemId: 'a', choice: 'x', n: 1 }, { versionId: 'v2', itemId: 'a', choice: 'x', n: 2 },
        { versionId: 'v1', itemId: 'a', choice: 'y', n: 2 }, { versionId: 'v2', itemId: 'b', choice: 'x', n: 4 },
      ],
    };
    expect([...answeredPerItem(counts)]).toEqual([['a', 5], ['b', 4]]);
    expect(chosenPerItem(counts)).toEqual([{ itemId: 'a', choice: 'x', n: 3 }, { itemId: 'a', choice: 'y', n: 2 }, { itemId: 'b', choice: 'x', n: 4 }]);
  });
});
