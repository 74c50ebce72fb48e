import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { computeCramersV, computePhi } from '@/lib/analysis/statistics/cramers-v';

const partyByGender = [
  [762, 327, 468],
  [484, 239, 477],
];

describe("Cramér's V", () => {
  it('follows from X² for the Agresti party-by-gender table: sqrt(30.0701 / 2757) = 0.1044', () => {
    // X² = 30.07 is R's ?chisq.test output; scipy.stats.contingency.association(method='cramer') 1.17
    // gives 0.1044358.
    expect(computeCramersV(partyByGender)).toBeCloseTo(0.1044358, 6);
  });

  it("Bergsma's bias correction, from the equations of Bergsma (2013) §3", () => {
    // φ̃² = max(0, φ² − (k−1)(r−1)/(n−1)), r̃ = r − (r−1)²/(n−1), k̃ likewise, Ṽ = sqrt(φ̃² / min(k̃−1, r̃−1)).
    // For the party table: φ² = 30.070149/2757, correction 2/2756, r̃ = 2 − 1/2756, k̃ = 3 − 4/2756.
    const phiSquared = 30.070149095754672 / 2757;
    const expected = Math.sqrt((phiSquared - 2 / 2756) / (1 - 1 / 2756));
    expect(computeCramersV(partyByGender, { biasCorrected: true })).toBeCloseTo(expected, 9);
    expect(expected).toBeCloseTo(0.10092, 5);
  });

  it('is 0 for proportional rows, 1 for a perfect association, and the correction shrinks it', () => {
    expect(computeCramersV([[10, 20, 30], [1, 2, 3]])).toBeCloseTo(0, 12);
    expect(computeCramersV([[10, 20, 30], [1, 2, 3]], { biasCorrected: true })).toBe(0);
    expect(computeCramersV([[9, 0, 0], [0, 4, 0], [0, 0, 7]])).toBeCloseTo(1, 12);
    const small = [[10, 2, 3], [2, 12, 4], [1, 3, 9]];
    const plain = computeCramersV(small) ?? Number.NaN;
    const corrected = computeCramersV(small, { biasCorrected: true }) ?? Number.NaN;
    expect(corrected).toBeLessThan(plain);
    expect(plain).toBeCloseTo(0.5221632, 6); // scipy.stats.contingency.association 1.17
  });

  it('ignores empty rows and columns and is undefined without two of each', () => {
    expect(computeCramersV([[12, 0, 7], [0, 0, 0], [5, 0, 9]])).toBeCloseTo(computeCramersV([[12, 7], [5, 9]]) ?? Number.NaN, 12);
    expect(computeCramersV([[3, 4]])).toBeNull();
    expect(computeCramersV([[3, 0], [4, 0]])).toBeNull();
    expect(computeCramersV([[1, 0], [0, 1]], { biasCorrected: true })).toBeNull();
  });

  it('stays in [0, 1] and is symmetric under transposition', () => {
    const random = seedrandom('cramers-v');
    for (let trial = 0; trial < 200; trial += 1) {
      const rows = 2 + Math.floor(random() * 4);
      const columns = 2 + Math.floor(random() * 4);
      const table = Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.floor(random() * 12)));
      const transposed = (table[0] ?? []).map((_, j) => table.map((row) => row[j] ?? 0));
      for (const biasCorrected of [false, true]) {
        const v = computeCramersV(table, { biasCorrected });
        if (v === null) continue;
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        expect(computeCramersV(transposed, { biasCorrected })).toBeCloseTo(v, 12);
      }
    }
  });
});

describe('phi (2×2)', () => {
  it('is signed and equals ±V', () => {
    // Tea tasting: (3·3 − 1·1) / sqrt(4⁴) = 0.5.
    expect(computePhi([[3, 1], [1, 3]])).toBeCloseTo(0.5, 12);
    // Convictions (R ?fisher.test): (2·3 − 15·10) / sqrt(17·13·12·18).
    const convictions = [[2, 15], [10, 3]];
    expect(computePhi(convictions)).toBeCloseTo(-144 / Math.sqrt(17 * 13 * 12 * 18), 12);
    expect(Math.abs(computePhi(convictions) ?? Number.NaN)).toBeCloseTo(computeCramersV(convictions) ?? Number.NaN, 12);
  });

  it('is null with an empty margin and rejects larger tables', () => {
    expect(computePhi([[3, 0], [4, 0]])).toBeNull();
    expect(() => computePhi(partyByGender)).toThrow(RangeError);
  });
});
