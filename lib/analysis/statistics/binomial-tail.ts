import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';

/** P(X ≤ x) for X ~ Bin(n, p). */
export function computeBinomialLowerTail(x: number, n: number, p: number): number {
  if (x < 0) return 0;
  if (x >= n) return 1;
  return binomialCdf(x, n, p);
}

/**
 * P(X ≥ x) for X ~ Bin(n, p), computed as P(n − X ≤ n − x) with n − X ~ Bin(n, 1 − p) rather than
 * 1 − CDF, so that tiny upper-tail p-values keep their digits instead of cancelling to 0.
 */
export function computeBinomialUpperTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1;
  if (x > n) return 0;
  return binomialCdf(n - x, n, 1 - p);
}
