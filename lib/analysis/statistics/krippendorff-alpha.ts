import { assertCount } from './assert-count';

/** How often each value was given to one unit (e.g. one coherency item): value → count. */
export type UnitCounts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export type AlphaResult = {
  /** Krippendorff's α for nominal data; null when it is undefined (fewer than two values in play). */
  alpha: number | null;
  /** Observed disagreement D_o and expected disagreement D_e (α = 1 − D_o / D_e). */
  observedDisagreement: number;
  expectedDisagreement: number;
  /** Pairable values n: values in units with at least two of them. */
  pairable: number;
  /** Units that had at least two values (the others cannot show agreement and are left out). */
  units: number;
};

function entries(u: UnitCounts): [string, number][] {
  return u instanceof Map ? [...u.entries()] : Object.entries(u);
}

/**
 * Krippendorff's alpha for nominal values, from the values each unit received (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability", §C). Coders may differ from unit to unit and any
 * number may be missing, which is why it suits agreement between study participants: each item is
 * a unit, each participant's label one value.
 *
 * Coincidences: o_ck = Σ_u n_uc·n_uk / (m_u − 1) (c ≠ k), o_cc = Σ_u n_uc(n_uc − 1) / (m_u − 1);
 * n_c = Σ_k o_ck, n = Σ_c n_c. Nominal: D_o = Σ_{c≠k} o_ck / n and D_e = Σ_{c≠k} n_c n_k / (n(n − 1)).
 * Only the per-unit value counts are needed, so the counting can stay in the database.
 */
export function krippendorffAlphaNominal(units: readonly UnitCounts[]): AlphaResult {
  const marginal = new Map<string, number>();
  let disagreeing = 0;
  let used = 0;
  for (const unit of units) {
    const counts = entries(unit).filter(([, n]) => n > 0);
    for (const [, n] of counts) assertCount(n, 'a unit count');
    const m = counts.reduce((s, [, n]) => s + n, 0);
    if (m < 2) continue;
    used += 1;
    // Σ_{c≠k} n_uc n_uk = m² − Σ_c n_uc², divided by (m − 1): the unit's off-diagonal coincidences.
    const sumSquares = counts.reduce((s, [, n]) => s + n * n, 0);
    disagreeing += (m * m - sumSquares) / (m - 1);
    // Every pairable value contributes exactly one to its category's marginal n_c.
    for (const [value, n] of counts) marginal.set(value, (marginal.get(value) ?? 0) + n);
  }
  const n = [...marginal.values()].reduce((s, x) => s + x, 0);
  const expectedPairs = n * n - [...marginal.values()].reduce((s, x) => s + x * x, 0);
  const observedDisagreement = n > 0 ? disagreeing / n : 0;
  const expectedDisagreement = n > 1 ? expectedPairs / (n * (n - 1)) : 0;
  return {
    alpha: expectedDisagreement > 0 ? 1 - observedDisagreement / expectedDisagreement : null,
    observedDisagreement,
    expectedDisagreement,
    pairable: n,
    units: used,
  };
}

/**
 * Percent agreement of one unit: the chance that two different raters, drawn at random, gave the
 * same value (Fleiss 1971, P_i). Null with fewer than two values.
 */
export function pairwiseAgreement(unit: UnitCounts): number | null {
  const counts = entries(unit).map(([, n]) => n);
  const m = counts.reduce((s, x) => s + x, 0);
  if (m < 2) return null;
  return counts.reduce((s, x) => s + x * (x - 1), 0) / (m * (m - 1));
}
