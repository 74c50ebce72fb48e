import { describe, expect, it } from 'vitest';
import { analysePreferences } from '@/lib/analysis/preference-table';
import { answerText, pseudonymOf } from '@/lib/analysis/export-format';
import type { CatalogItem } from '@/lib/analysis/item-catalog';

const option = (value: string, method: string | null, label = value) => ({ value, label, method, src: null, generated: null });
const pref: CatalogItem = { id: 'pref', type: 'image-choice', prompt: 'Which?', background: false, multiple: false, options: [option('a', 'saliency'), option('b', 'inversion')], correct: null, probe: null, images: [], points: null };
const split: CatalogItem = { id: 'dl', type: 'single-choice', prompt: 'DL?', background: true, multiple: false, options: [option('yes', null, 'Yes'), option('no', null, 'No')], correct: null, probe: null, images: [], points: null };

describe('analysePreferences', () => {
  it('reports shares per method and group, and a 2×2 chi-square with Yates when counts are large', () => {
    // [[30, 10], [15, 25]]: X²(Yates) = 10.1 (hand: n=80, |ad−bc|=600, (600−40)² · 80 / (40·40·45·35)).
    const counts = [
      { group: ['yes'], choice: 'a', count: 30 }, { group: ['yes'], choice: 'b', count: 10 },
      { group: ['no'], choice: 'a', count: 15 }, { group: ['no'], choice: 'b', count: 25 },
    ];
    const r = analysePreferences({ item: pref, splitItems: [split], counts, sizes: [{ group: ['yes'], participants: 40 }, { group: ['no'], participants: 40 }] });
    expect(r.groups.map((g) => g.label)).toEqual(['Yes', 'No']);
    expect(r.groups[0]?.cells.map((c) => c.share)).toEqual([0.75, 0.25]);
    expect(r.overall.cells.map((c) => c.count)).toEqual([45, 35]);
    const t = r.tests[0];
    expect(t?.test).toBe('chi-square-yates');
    expect(t?.statistic).toBeCloseTo((560 ** 2 * 80) / (40 * 40 * 45 * 35), 6);
    expect(t?.cramersV).toBeCloseTo(Math.sqrt(((600 ** 2) * 80) / (40 * 40 * 45 * 35) / 80), 6);
  });

  it('uses Fisher’s exact test on a sparse 2×2 table and keeps unchosen methods at zero', () => {
    const r = analysePreferences({ item: pref, splitItems: [split], counts: [{ group: ['yes'], choice: 'a', count: 3 }, { group: ['no'], choice: 'b', count: 3 }], sizes: [{ group: ['yes'], participants: 3 }, { group: ['no'], participants: 3 }] });
    expect(r.tests[0]?.test).toBe('fisher-exact');
    // Fisher two-sided p for [[3,0],[0,3]] = 2 / C(6,3) = 0.1.
    expect(r.tests[0]?.pValue).toBeCloseTo(0.1, 10);
    expect(r.groups[0]?.cells.map((c) => c.count)).toEqual([3, 0]);
  });

  it('does not test without a split', () => {
    const r = analysePreferences({ item: pref, splitItems: [], counts: [{ group: [], choice: 'a', count: 2 }], sizes: [{ group: [], participants: 2 }] });
    expect(r.tests).toEqual([]);
    expect(r.groups.map((g) => g.label)).toEqual(['Everyone']);
  });
});

describe('export format', () => {
  it('writes stored answers as text', () => {
    expect(answerText('"a"')).toBe('a');
    expect(answerText('["a","b"]')).toBe('a;b');
    expect(answerText('3')).toBe('3');
    expect(answerText('null')).toBe('');
  });
  it('gives stable pseudonyms that differ between studies', () => {
    expect(pseudonymOf('s1', 'p1')).toBe(pseudonymOf('s1', 'p1'));
    expect(pseudonymOf('s1', 'p1')).not.toBe(pseudonymOf('s2', 'p1'));
    expect(pseudonymOf('s1', 'p1')).toMatch(/^p_[0-9a-f]{12}$/);
  });
});
