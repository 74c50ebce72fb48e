import { describe, expect, it } from 'vitest';
import { computeCategoryShares } from '@/lib/analysis/statistics/category-shares';
import { buildContingencyTable } from '@/lib/analysis/statistics/contingency-table';
import { testIndependence } from '@/lib/analysis/statistics/chi-square-test';

describe('buildContingencyTable', () => {
  const responses = [
    { a: 'grad-cam', b: 'male' },
    { a: 'grad-cam', b: 'female' },
    { a: 'lime', b: 'male' },
    { a: 'grad-cam', b: 'male' },
    { a: 'occlusion', b: 'unsure' },
  ];

  it('counts pairs with labels sorted when no order is given', () => {
    expect(buildContingencyTable(responses)).toEqual({
      rowLabels: ['grad-cam', 'lime', 'occlusion'],
      columnLabels: ['female', 'male', 'unsure'],
      counts: [
        [1, 2, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    });
  });

  it('keeps the study order, includes unchosen options, and appends unlisted labels', () => {
    const table = buildContingencyTable(responses, { rowOrder: ['lime', 'grad-cam', 'smoothgrad'], columnOrder: ['male', 'female'] });
    expect(table.rowLabels).toEqual(['lime', 'grad-cam', 'smoothgrad', 'occlusion']);
    expect(table.columnLabels).toEqual(['male', 'female', 'unsure']);
    expect(table.counts).toEqual([
      [1, 0, 0],
      [2, 1, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    const total = table.counts.flat().reduce((sum, cell) => sum + cell, 0);
    expect(total).toBe(responses.length);
    // The unchosen row is what testIndependence then drops with a warning.
    expect(testIndependence(table.counts).keptRows).toEqual([0, 1, 3]);
  });

  it('builds an empty table from no responses', () => {
    expect(buildContingencyTable([])).toEqual({ rowLabels: [], columnLabels: [], counts: [] });
  });
});

describe('computeCategoryShares', () => {
  it('reports each share with its Wilson interval (Newcombe 1998: 15/148 → 0.0624–0.1605)', () => {
    const values = [...Array<string>(15).fill('yes'), ...Array<string>(133).fill('no')];
    const shares = computeCategoryShares(values, { categories: ['yes', 'no', 'maybe'] });
    expect(shares.map((share) => [share.label, share.count, share.total])).toEqual([
      ['yes', 15, 148],
      ['no', 133, 148],
      ['maybe', 0, 148],
    ]);
    const [yes, no, maybe] = shares;
    expect(yes?.share).toBeCloseTo(15 / 148, 15);
    expect(yes?.interval?.lower).toBeCloseTo(0.0624, 4);
    expect(yes?.interval?.upper).toBeCloseTo(0.1605, 4);
    // The complementary share's interval mirrors it.
    expect(no?.interval?.lower).toBeCloseTo(1 - 0.1605, 4);
    expect(maybe?.interval?.lower).toBe(0);
    expect(maybe?.interval?.upper).toBeGreaterThan(0);
  });

  it('passes confidence and continuity correction through, and has no intervals without data', () => {
    const values = ['a', 'b', 'b'];
    const [a] = computeCategoryShares(values, { confidence: 0.8, continuityCorrection: true });
    expect(a?.interval?.confidence).toBe(0.8);
    expect(computeCategoryShares([], { categories: ['a'] })).toEqual([{ label: 'a', count: 0, total: 0, share: null, interval: null }]);
  });
});
