// Intruder accuracy and coherency agreement: the statistics against published values, and the
// summaries against hand-computed pools.
import { describe, expect, it } from 'vitest';
import { krippendorffAlphaNominal, pairwiseAgreement } from '@/lib/analysis/statistics/krippendorff-alpha';
import { holmAdjust } from '@/lib/analysis/statistics/holm-adjust';
import { accuracySpecsOf, summariseAccuracy } from '@/lib/analysis/accuracy-stats';
import { summariseAgreement } from '@/lib/analysis/agreement-stats';
import type { CatalogItem } from '@/lib/analysis/item-catalog';

describe("Krippendorff's alpha (nominal)", () => {
  it('reproduces the worked example of Krippendorff (2011): 4 observers, 12 units, missing values, α = 0.743', () => {
    // "Computing Krippendorff's Alpha-Reliability", §C (nominal data): values per unit across
    // observers A–D; unit 12 has a single value and is not pairable.
    const units: Record<string, number>[] = [{ 1: 3 }, { 2: 3, 3: 1 }, { 3: 4 }, { 3: 4 }, { 2: 4 }, { 1: 1, 2: 1, 3: 1, 4: 1 }, { 4: 4 }, { 1: 3, 2: 1 }, { 2: 4 }, { 5: 3 }, { 1: 2 }, { 3: 1 }];
    const r = krippendorffAlphaNominal(units);
    expect(r.pairable).toBe(40);
    expect(r.units).toBe(11);
    expect(r.alpha).toBeCloseTo(0.743, 3);
  });

  it('is 1 for perfect agreement, undefined when only one value occurs, and takes Maps', () => {
    expect(krippendorffAlphaNominal([{ a: 3 }, { b: 2 }]).alpha).toBe(1);
    expect(krippendorffAlphaNominal([{ a: 3 }, { a: 2 }]).alpha).toBeNull();
    expect(krippendorffAlphaNominal([new Map([['a', 2], ['b', 2]]), new Map([['a', 2], ['b', 2]])]).alpha).toBeLessThan(0);
  });

  it('refuses fractional counts', () => {
    expect(() => krippendorffAlphaNominal([{ a: 1.5 }])).toThrow(RangeError);
  });

  it('pairwise agreement is Fleiss’s P_i', () => {
    // Fleiss (1971) subject 2 of the Wikipedia table: counts (0, 2, 6, 4, 2) of 14 raters → P_i = 0.253.
    expect(pairwiseAgreement({ a: 0, b: 2, c: 6, d: 4, e: 2 })).toBeCloseTo(0.253, 3);
    expect(pairwiseAgreement({ a: 1 })).toBeNull();
  });
});

describe('Holm adjustment', () => {
  it('matches R p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") and keeps nulls out of the family', () => {
    const adjusted = holmAdjust([0.01, 0.04, null, 0.03, 0.005]);
    expect(adjusted[0]).toBeCloseTo(0.03, 12);
    expect(adjusted[1]).toBeCloseTo(0.06, 12);
    expect(adjusted[2]).toBeNull();
    expect(adjusted[3]).toBeCloseTo(0.06, 12);
    expect(adjusted[4]).toBeCloseTo(0.02, 12);
  });
});

const option = (value: string, label = value) => ({ value, label, method: null, src: null, generated: null });
const base = { prompt: 'Which?', background: false, multiple: false, images: [], points: null };
const intruder = (id: string, unit: string, correct: string, n = 4): CatalogItem => ({
  ...base, id, type: 'intruder', correct, probe: { model: 'expression', layer: 'dense2', unit }, options: ['a', 'b', 'c', 'd', 'e', 'f'].slice(0, n).map((v) => option(v)),
});

describe('intruder accuracy', () => {
  it('pools items per unit and per layer, tests against chance and Holm-adjusts units within a layer', () => {
    const items = [intruder('i1', '1', 'd'), intruder('i2', '1', 'a'), intruder('i3', '2', 'b'), { ...intruder('att', '9', 'a'), type: 'attention-check' as const, probe: null }];
    const specs = accuracySpecsOf([{ versionId: 'v1', items }]);
    expect(specs.map((s) => [s.itemId, s.layer, s.probe, s.chance])).toEqual([['i1', 'expression · dense2', 'unit 1', 0.25], ['i2', 'expression · dense2', 'unit 1', 0.25], ['i3', 'expression · dense2', 'unit 2', 0.25]]);
    const r = summariseAccuracy(specs, [{ versionId: 'v1', itemId: 'i1', correct: 3, trials: 4 }, { versionId: 'v1', itemId: 'i2', correct: 3, trials: 4 }, { versionId: 'v1', itemId: 'i3', correct: 3, trials: 4 }]);
    const [u1, u2] = r.byProbe;
    expect([u1?.probe, u1?.items, u1?.correct, u1?.trials]).toEqual(['unit 1', 2, 6, 8]);
    // P(X ≥ 6 | n = 8, p = 1/4) = (28·9 + 8·3 + 1) / 4⁸ = 277/65536; P(X ≥ 3 | 4, 1/4) = 13/256.
    expect(u1?.pValue).toBeCloseTo(277 / 65536, 12);
    expect(u2?.pValue).toBeCloseTo(13 / 256, 12);
    expect(u1?.pHolm).toBeCloseTo((2 * 277) / 65536, 12);
    expect(u2?.pHolm).toBeCloseTo(13 / 256, 12);
    const [layer] = r.byLayer;
    expect([layer?.probe, layer?.correct, layer?.trials, layer?.accuracy]).toEqual([null, 9, 12, 0.75]);
    expect(layer?.pValue).toBeCloseTo((220 * 27 + 66 * 9 + 12 * 3 + 1) / 4 ** 12, 12);
  });

  it('keeps trials with different numbers of images apart (one binomial test needs one chance level)', () => {
    const r = summariseAccuracy(accuracySpecsOf([{ versionId: 'v1', items: [intruder('i1', '1', 'a', 4), intruder('i2', '1', 'a', 6)] }]), []);
    expect(r.byProbe.map((x) => [x.chance, x.trials, x.accuracy, x.pValue])).toEqual([[0.25, 0, null, null], [1 / 6, 0, null, null]]);
  });
});

describe('intruder accuracy across versions and participants', () => {
  it('scores each version against its own right answer and options, counting an item once', () => {
    // v1: four images, intruder "d"; v2 replaced one image: five images, intruder "e".
    const specs = accuracySpecsOf([{ versionId: 'v1', items: [intruder('i1', '1', 'd', 4)] }, { versionId: 'v2', items: [intruder('i1', '1', 'e', 5)] }]);
    expect(specs.map((s) => [s.versionId, s.correct, s.chance])).toEqual([['v1', 'd', 0.25], ['v2', 'e', 0.2]]);
    const r = summariseAccuracy(specs, [{ versionId: 'v1', itemId: 'i1', correct: 2, trials: 4 }, { versionId: 'v2', itemId: 'i1', correct: 1, trials: 5 }]);
    // Different chance levels stay apart; each row counts the item once.
    expect(r.byProbe.map((x) => [x.chance, x.correct, x.trials, x.items])).toEqual([[0.25, 2, 4, 1], [0.2, 1, 5, 1]]);
  });

  it('tests participants, not answers: a sign test on who scored above and below chance', () => {
    const specs = accuracySpecsOf([{ versionId: 'v1', items: [intruder('i1', '1', 'a'), intruder('i2', '1', 'a')] }]);
    const unit = 'expression · dense2\u0000unit 1\u00000.25';
    // 6 participants with 2/2, 2 with 1/2 (above 1/4), 1 with 0/2 (below).
    const r = summariseAccuracy(specs, [{ versionId: 'v1', itemId: 'i1', correct: 7, trials: 9 }, { versionId: 'v1', itemId: 'i2', correct: 7, trials: 9 }], [
      { group: unit, correct: 2, trials: 2, participants: 6 }, { group: unit, correct: 1, trials: 2, participants: 2 }, { group: unit, correct: 0, trials: 2, participants: 1 },
    ]);
    const [row] = r.byProbe;
    expect([row?.participants, row?.above, row?.below]).toEqual([9, 8, 1]);
    // P(X ≥ 8 | n = 9, p = ½) = (9 + 1) / 512.
    expect(row?.pParticipants).toBeCloseTo(10 / 512, 12);
  });
});

describe('coherency agreement', () => {
  it('reports the modal label, pairwise agreement against random choice, and alpha per layer', () => {
    const coherency = (id: string, unit: string): CatalogItem => ({ ...base, id, type: 'coherency', correct: null, probe: { layer: 'dense2', concept: unit }, options: [option('eyes', 'Eyes'), option('mouth', 'Mouth'), option('nothing', 'Nothing')] });
    const r = summariseAgreement([coherency('c1', 'u1'), coherency('c2', 'u2')], [
      { itemId: 'c1', value: 'eyes', count: 3 }, { itemId: 'c1', value: 'mouth', count: 1 },
      { itemId: 'c2', value: 'mouth', count: 3 }, { itemId: 'c2', value: 'nothing', count: 1 },
    ]);
    expect(r.items.map((i) => [i.itemId, i.raters, i.modal?.label, i.modal?.share, i.pairwise])).toEqual([['c1', 4, 'Eyes', 0.75, 0.5], ['c2', 4, 'Mouth', 0.75, 0.5]]);
    expect(r.items[0]?.chancePairwise).toBeCloseTo(1 / 3, 12);
    // D_o = (2 + 2) / 8; D_e = (64 − (9 + 16 + 1)) / 56 → α = 1 − 0.5 / (38/56) = 10/38.
    expect(r.layers).toHaveLength(1);
    expect(r.layers[0]?.alpha).toBeCloseTo(10 / 38, 12);
  });

  it('keeps items with different label sets out of one alpha, and flags a tied most chosen label', () => {
    const withLabels = (id: string, labels: string[]): CatalogItem => ({ ...base, id, type: 'coherency', correct: null, probe: { layer: 'dense2', unit: id }, options: labels.map((l) => option(l)) });
    const r = summariseAgreement([withLabels('c1', ['a', 'b']), withLabels('c2', ['x', 'y']), withLabels('c3', ['b', 'a'])], [
      { itemId: 'c1', value: 'a', count: 2 }, { itemId: 'c1', value: 'b', count: 2 },
      { itemId: 'c2', value: 'x', count: 3 }, { itemId: 'c3', value: 'a', count: 3 },
    ]);
    expect(r.layers.map((l) => [l.labels, l.items])).toEqual([[['a', 'b'], 2], [['x', 'y'], 1]]);
    expect(r.items[0]?.modal).toMatchObject({ value: 'a', tie: true });
    expect(r.items[1]?.modal).toMatchObject({ value: 'x', tie: false });
  });
});
