// Pooled preference by background (the survey's Figure 18) on a fixture small enough to work out by
// hand: shares exactly, cluster bootstrap intervals from the few resamples that are possible, and the
// permutation test against its exact (enumerated) p-value.
import { describe, expect, it } from 'vitest';
import { analysePooledPreference, type ParticipantSelections } from '@/lib/analysis/pooled-preference-table';
import { bootstrapPooledShares } from '@/lib/analysis/statistics/cluster-bootstrap-shares';
import { permutationTestPooledShares } from '@/lib/analysis/statistics/cluster-permutation-test';
import { percentileOfSorted } from '@/lib/analysis/statistics/percentile';
import { createSeededRandom } from '@/lib/analysis/statistics/seeded-random';
import type { CatalogItem } from '@/lib/analysis/item-catalog';

const option = (value: string, label: string) => ({ value, label, method: null, src: null, generated: null });
const dl: CatalogItem = { id: 'dl', type: 'single-choice', prompt: 'DL practitioner?', background: true, multiple: false, options: [option('yes', 'Yes'), option('no', 'No')], correct: null, probe: null, images: [], points: null };
const methods = ['saliency', 'inversion', 'visualization'];

// Selections of [saliency, inversion, visualization] summed over each participant's questions (a
// multi-select question adds one per method ticked).
const people: ParticipantSelections[] = [
  { group: ['no'], counts: [0, 0, 3] },
  { group: ['yes'], counts: [2, 1, 0] },
  { group: ['yes'], counts: [1, 1, 1] },
  { group: ['no'], counts: [0, 0, 2] },
];

describe('pooled preference by background', () => {
  const a = analysePooledPreference({ splitItems: [dl], methods, participants: people });
  const [yes, no] = a.groups;

  it('pools selections ÷ all selections per group, groups in the question’s order', () => {
    expect(a.groups.map((g) => [g.label, g.participants, g.selections])).toEqual([['Yes', 2, 6], ['No', 2, 5]]);
    expect(yes?.cells.map((c) => [c.method, c.count, c.share])).toEqual([['saliency', 3, 1 / 2], ['inversion', 2, 1 / 3], ['visualization', 1, 1 / 6]]);
    expect(no?.cells.map((c) => c.share)).toEqual([0, 0, 1]);
    expect([a.overall.participants, a.overall.selections, ...a.overall.cells.map((c) => c.count)]).toEqual([4, 11, 3, 2, 6]);
  });

  it('gives cluster bootstrap intervals built from whole participants', () => {
    // Two "yes" participants: a resample is {1,1}, {2,2} or {1,2}, giving saliency 2/3, 1/3 or 1/2
    // (probabilities ¼, ¼, ½) and inversion 1/3 every time.
    expect(yes?.cells[0]?.lower).toBe(1 / 3);
    expect(yes?.cells[0]?.upper).toBe(2 / 3);
    expect([yes?.cells[1]?.lower, yes?.cells[1]?.upper]).toEqual([1 / 3, 1 / 3]);
    // With a split the figure shows the groups; everyone's shares come without intervals.
    expect(a.overall.cells.map((c) => [c.lower, c.upper])).toEqual([[null, null], [null, null], [null, null]]);
    const everyone = analysePooledPreference({ splitItems: [], methods, participants: people.map((p) => ({ ...p, group: [] })) });
    expect(everyone.overall.cells.map((c) => c.count)).toEqual([3, 2, 6]);
    for (const g of [...a.groups, everyone.overall]) {
      for (const c of g.cells) {
        expect(c.lower).not.toBeNull();
        expect(c.lower ?? 1).toBeLessThanOrEqual(c.share ?? 0);
        expect(c.upper ?? 0).toBeGreaterThanOrEqual(c.share ?? 1);
      }
    }
  });

  it('gives a degenerate [1, 1] when everyone in a group picks one method', () => {
    expect(no?.cells.map((c) => [c.lower, c.upper])).toEqual([[0, 0], [0, 0], [1, 1]]);
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const again = analysePooledPreference({ splitItems: [dl], methods, participants: people });
    expect(again).toEqual(a);
    const clusters = Array.from({ length: 40 }, (_, i) => [i % 3, (i * 7) % 4, 1]);
    const one = bootstrapPooledShares(clusters, 3, { seed: 's1' });
    expect(bootstrapPooledShares(clusters, 3, { seed: 's1' })).toEqual(one);
    expect(bootstrapPooledShares(clusters, 3, { seed: 's2' }).lower).not.toEqual(one.lower);
    one.shares.forEach((s, j) => {
      expect(one.lower[j] ?? 1).toBeLessThan(s ?? 0);
      expect(one.upper[j] ?? 0).toBeGreaterThan(s ?? 1);
    });
  });

  it('leaves out participants without selections, and reports no share for an empty group', () => {
    const r = bootstrapPooledShares([[0, 0], [1, 1]], 2);
    expect([r.clusters, r.total, ...r.shares]).toEqual([1, 2, 0.5, 0.5]);
    const empty = bootstrapPooledShares([], 2);
    expect([empty.clusters, ...empty.shares, ...empty.lower]).toEqual([0, null, null, null, null]);
  });

  it('tests dependence on background by permuting group labels over participants', () => {
    // Pooled table [[3, 2, 1], [0, 0, 5]]: X² = 275/36. Of the six ways to split four participants
    // into two pairs, the observed one and its mirror image give this X², the others less: p = 1/3.
    expect(a.test?.test).toBe('cluster-permutation');
    expect(a.test?.statistic).toBeCloseTo(275 / 36, 10);
    expect(a.test?.df).toBe(2);
    expect(a.test?.pValue).toBeCloseTo(1 / 3, 1);
    expect([a.test?.participants, a.test?.selections]).toEqual([4, 11]);
    // Without a split there is nothing to test; with one group or one method, neither.
    expect(analysePooledPreference({ splitItems: [], methods, participants: people.map((p) => ({ ...p, group: [] })) }).test).toBeNull();
    expect(permutationTestPooledShares([{ group: 0, counts: [1, 0] }, { group: 1, counts: [2, 0] }], 2, 2)).toBeNull();
  });

  it('finds a real difference between groups and none between identical ones', () => {
    const many = (group: number, counts: number[], n: number) => Array.from({ length: n }, () => ({ group, counts }));
    const different = permutationTestPooledShares([...many(0, [3, 1], 30), ...many(1, [1, 3], 30)], 2, 2, { permutations: 500 });
    expect(different?.pValue).toBeLessThan(0.01);
    const same = permutationTestPooledShares([...many(0, [2, 2], 30), ...many(1, [2, 2], 30)], 2, 2, { permutations: 500 });
    expect(same?.pValue).toBe(1);
  });
});

describe('resampling helpers', () => {
  it('quantiles as R type 7', () => {
    // R: quantile(c(1, 2, 3, 4), c(0.25, 0.975)) = 1.75, 3.925
    expect(percentileOfSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(percentileOfSorted([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925, 12);
    expect(percentileOfSorted([5], 0.5)).toBe(5);
  });

  it('seeded uniform numbers repeat for a seed and look uniform', () => {
    const a = createSeededRandom('x');
    const b = createSeededRandom('x');
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});
