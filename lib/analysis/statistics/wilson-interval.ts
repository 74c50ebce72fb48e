import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { assertConfidence, assertCount } from './assert-count';

export type ProportionInterval = {
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
};

export type WilsonOptions = {
  /** Two-sided coverage, 0.95 unless given. */
  confidence?: number;
  /**
   * Newcombe (1998) method 4: the interval R's prop.test reports. Wider, and closer to the
   * Clopper–Pearson coverage guarantee, which some reviewers ask for with small cells.
   */
  continuityCorrection?: boolean;
};

/**
 * Wilson score interval for successes/trials (Newcombe 1998, methods 3 and 4).
 *
 * Returns null when trials is 0: with no observations there is no estimate, and a [0, 1] interval
 * would look like a (very uncertain) measurement on a dashboard rather than a missing one.
 * At x = 0 and x = n the bounds are clamped to exactly 0 and 1, which the closed form only reaches
 * up to rounding.
 */
export function computeWilsonInterval(
  successes: number,
  trials: number,
  options: WilsonOptions = {},
): ProportionInterval | null {
  const confidence = options.confidence ?? 0.95;
  assertCount(successes, 'successes');
  assertCount(trials, 'trials');
  assertConfidence(confidence);
  if (successes > trials) throw new RangeError(`successes (${successes}) exceed trials (${trials})`);
  if (trials === 0) return null;

  const n = trials;
  const p = successes / n;
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  const z2 = z * z;
  const denominator = 2 * (n + z2);
  let lower: number;
  let upper: number;
  if (options.continuityCorrection) {
    lower = (2 * n * p + z2 - 1 - z * Math.sqrt(z2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1))) / denominator;
    upper = (2 * n * p + z2 + 1 + z * Math.sqrt(z2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1))) / denominator;
  } else {
    const centre = 2 * n * p + z2;
    const half = z * Math.sqrt(z2 + 4 * n * p * (1 - p));
    lower = (centre - half) / denominator;
    upper = (centre + half) / denominator;
  }
  // At the boundaries the method-4 radicand can go negative (NaN) and method 3 leaves 1e-17 residue.
  if (successes === 0) lower = 0;
  if (successes === n) upper = 1;
  return { estimate: p, lower: Math.max(0, lower), upper: Math.min(1, upper), confidence };
}
