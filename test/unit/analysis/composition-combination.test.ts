// Figure 17's cross of two background items on a table small enough to work out by hand: which items
// are crossed, every option combination in questionnaire order, shares of those who answered both, and
// Wilson intervals from the closed form (z = 1.959964, z² = 3.841459).
import { describe, expect, it } from 'vitest';
import { chooseCombinationItems, combinationTable } from '@/lib/analysis/composition-combination-table';
import type { CatalogItem } from '@/lib/analysis/item-catalog';

const option = (value: string, label: string) => ({ value, label, method: null, src: null, generated: null });
const item = (id: string, over: Partial<CatalogItem> = {}): CatalogItem => ({
  id, type: 'single-choice', prompt: `${id}?`, background: true, multiple: false, options: [option('yes', 'Yes'), option('no', 'No')], correct: null, probe: null, images: [], points: null, ...over,
});
const dl = item('dl');
const xai = item('xai');
const methods = item('methods', { type: 'multiple-choice', multiple: true });
const field = item('field', { options: [option('cs', 'Computer science'), option('other', 'Other')] });
const notBackground = item('q', { background: false });

describe('which two background items are crossed', () => {
  const items = [notBackground, methods, dl, xai, field];
  it('defaults to the first two single-answer background items', () => {
    expect(chooseCombinationItems(items, { pooledSplit: [], split: [] })).toEqual({ pair: [dl, xai], chosenBy: 'default' });
  });
  it('takes a two-way split: the pooled preference’s first, then the per-question one', () => {
    expect(chooseCombinationItems(items, { pooledSplit: ['field', 'dl'], split: ['xai', 'field'] })).toEqual({ pair: [field, dl], chosenBy: 'pooled-split' });
    expect(chooseCombinationItems(items, { pooledSplit: ['dl'], split: ['xai', 'field'] })).toEqual({ pair: [xai, field], chosenBy: 'split' });
  });
  it('ignores splits that are one-way, three-way, repeat an item or include a multi-select item', () => {
    for (const split of [['dl'], ['dl', 'xai', 'field'], ['dl', 'dl'], ['methods', 'dl']]) {
      expect(chooseCombinationItems(items, { pooledSplit: split, split })?.chosenBy).toBe('default');
    }
  });
  it('gives nothing with fewer than two single-answer background items', () => {
    expect(chooseCombinationItems([methods, dl, notBackground], { pooledSplit: [], split: [] })).toBeNull();
  });
});

describe('shares of each combination', () => {
  // Four respondents answered both: two "yes, yes", one "yes, no", one "no, no"; nobody "no, yes".
  const t = combinationTable([dl, xai], [{ a: 'no', b: 'no', count: 1 }, { a: 'yes', b: 'yes', count: 2 }, { a: 'yes', b: 'no', count: 1 }], 'default');

  it('lists every combination in option order, empty ones included, named by item and answer', () => {
    expect(t.itemIds).toEqual(['dl', 'xai']);
    expect(t.respondents).toBe(4);
    expect(t.cells.map((c) => [c.label, c.count, c.share])).toEqual([
      ['dl = Yes × xai = Yes', 2, 0.5],
      ['dl = Yes × xai = No', 1, 0.25],
      ['dl = No × xai = Yes', 0, 0],
      ['dl = No × xai = No', 1, 0.25],
    ]);
  });

  it('gives 95% Wilson intervals over those who answered both', () => {
    // 2/4: (7.8415 ∓ 1.96·√7.8415) / 15.6829 = 0.1500 – 0.8500; 1/4: (5.8415 ∓ 1.96·√6.8415) / 15.6829 =
    // 0.0456 – 0.6994; 0/4: 0 – 7.6829 / 15.6829 = 0.4899.
    const bounds = t.cells.map((c) => [c.lower ?? NaN, c.upper ?? NaN]);
    const expected = [[0.15004, 0.84996], [0.04559, 0.69936], [0, 0.48989], [0.04559, 0.69936]];
    bounds.forEach(([lower = NaN, upper = NaN], k) => {
      expect(lower).toBeCloseTo(expected[k]?.[0] ?? NaN, 4);
      expect(upper).toBeCloseTo(expected[k]?.[1] ?? NaN, 4);
    });
  });

  it('keeps answers no option names, after the known ones', () => {
    const old = combinationTable([dl, xai], [{ a: 'yes', b: 'yes', count: 1 }, { a: 'maybe', b: 'no', count: 1 }], 'split');
    expect(old.cells.map((c) => [c.label, c.count])).toEqual([
      ['dl = Yes × xai = Yes', 1], ['dl = Yes × xai = No', 0], ['dl = No × xai = Yes', 0], ['dl = No × xai = No', 0], ['dl = maybe × xai = No', 1],
    ]);
    expect(old.respondents).toBe(2);
  });

  it('has no shares or intervals when nobody answered both', () => {
    const empty = combinationTable([dl, xai], [], 'default');
    expect(empty.cells.every((c) => c.count === 0 && c.share === null && c.lower === null && c.upper === null)).toBe(true);
  });
});
