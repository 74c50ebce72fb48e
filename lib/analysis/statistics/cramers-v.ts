import { cells2x2, dropEmptyMargins, type CountTable } from './drop-empty-margins';
import { computeExpectedCounts, computeMargins, computePearsonStatistic } from './pearson-statistic';

export type CramersVOptions = {
  /**
   * Bergsma (2013, J. Korean Stat. Soc. 42:323–328) correction. Plain V is biased upwards in small
   * samples: under independence E[X²] ≈ (r − 1)(c − 1), so V stays well above 0 for a few dozen
   * participants. The corrected estimator removes most of that bias.
   */
  biasCorrected?: boolean;
};

/**
 * Cramér's V = sqrt(X² / (n · (min(r, c) − 1))), in [0, 1], from the uncorrected Pearson X² (Yates'
 * correction is for p-values, not effect sizes). All-zero rows/columns are dropped first because they
 * would otherwise shrink V through min(r, c). Returns null when V is undefined: fewer than two
 * non-empty rows or columns, or (bias-corrected) too few observations for the correction.
 */
export function computeCramersV(table: CountTable, options: CramersVOptions = {}): number | null {
  const { counts } = dropEmptyMargins(table);
  const r = counts.length;
  const k = counts[0]?.length ?? 0;
  if (r < 2 || k < 2) return null;
  const margins = computeMargins(counts);
  const n = margins.total;
  const phiSquared = computePearsonStatistic(counts, computeExpectedCounts(margins)) / n;

  if (!options.biasCorrected) return Math.min(1, Math.sqrt(phiSquared / (Math.min(r, k) - 1)));

  if (n < 2) return null;
  const correctedPhiSquared = Math.max(0, phiSquared - ((k - 1) * (r - 1)) / (n - 1));
  const correctedRows = r - (r - 1) ** 2 / (n - 1);
  const correctedColumns = k - (k - 1) ** 2 / (n - 1);
  const denominator = Math.min(correctedRows - 1, correctedColumns - 1);
  if (!(denominator > 0)) return null;
  return Math.min(1, Math.sqrt(correctedPhiSquared / denominator));
}

/**
 * Signed phi coefficient of a 2×2 table [[a, b], [c, d]]: (ad − bc) / sqrt(row₁ row₂ col₁ col₂).
 * Unlike V it keeps the direction (positive when the diagonal dominates); |phi| equals V for 2×2.
 * Null when a margin is zero, where the correlation is undefined.
 */
export function computePhi(table: CountTable): number | null {
  const [a, b, c, d] = cells2x2(table, 'phi is defined');
  dropEmptyMargins(table); // validates the counts
  const denominator = Math.sqrt((a + b) * (c + d) * (a + c) * (b + d));
  if (denominator === 0) return null;
  return (a * d - b * c) / denominator;
}
