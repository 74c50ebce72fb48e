import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import { assertCount } from './assert-count';
import { computeBinomialLowerTail, computeBinomialUpperTail } from './binomial-tail';
import { computeClopperPearsonInterval } from './clopper-pearson-interval';
import type { Alternative } from './fisher-exact-test';
import type { ProportionInterval } from './wilson-interval';

export type BinomialTestOptions = {
  /** Hypothesised success probability; 0.5 (chance in a two-alternative task) unless given. */
  p?: number;
  alternative?: Alternative;
  /** Coverage of the Clopper–Pearson interval; 0.95 unless given. */
  confidence?: number;
};

export type BinomialTestResult = {
  pValue: number;
  alternative: Alternative;
  /** Clopper–Pearson interval, one-sided when the alternative is; null when trials is 0. */
  interval: ProportionInterval | null;
};

// R's binom.test tolerance, so that outcomes exactly as probable as the observed one (e.g. the mirror
// outcome when p = 0.5) count towards the two-sided p-value despite rounding in the pmf.
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Exact binomial test of H0: P(success) = p, as R's binom.test. The two-sided p-value is the
 * total probability of outcomes no more probable than the observed one (not twice the smaller tail),
 * which stays ≤ 1 and is the usual choice for asymmetric p.
 */
export function testBinomial(successes: number, trials: number, options: BinomialTestOptions = {}): BinomialTestResult {
  const p = options.p ?? 0.5;
  const alternative = options.alternative ?? 'two-sided';
  assertCount(successes, 'successes');
  assertCount(trials, 'trials');
  if (successes > trials) throw new RangeError(`successes (${successes}) exceed trials (${trials})`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must lie in [0, 1], got ${p}`);

  const interval = computeClopperPearsonInterval(successes, trials, { confidence: options.confidence, alternative });
  const x = successes;
  const n = trials;
  let pValue: number;
  if (alternative === 'less') {
    pValue = computeBinomialLowerTail(x, n, p);
  } else if (alternative === 'greater') {
    pValue = computeBinomialUpperTail(x, n, p);
  } else {
    // Walk the tail opposite to x from the mode outwards, as R does, counting outcomes whose
    // probability does not exceed that of x; that tail is then a contiguous block by unimodality.
    const observed = binomialPmf(x, n, p) * RELATIVE_TOLERANCE;
    const mean = n * p;
    if (x === mean) {
      pValue = 1;
    } else if (x < mean) {
      let count = 0;
      for (let i = Math.ceil(mean); i <= n; i += 1) if (binomialPmf(i, n, p) <= observed) count += 1;
      pValue = computeBinomialLowerTail(x, n, p) + computeBinomialUpperTail(n - count + 1, n, p);
    } else {
      let count = 0;
      for (let i = 0; i <= Math.floor(mean); i += 1) if (binomialPmf(i, n, p) <= observed) count += 1;
      pValue = computeBinomialLowerTail(count - 1, n, p) + computeBinomialUpperTail(x, n, p);
    }
  }
  return { pValue: Math.min(1, pValue), alternative, interval };
}
