import { assertConfidence, assertCount } from './assert-count';
import { computeBinomialLowerTail, computeBinomialUpperTail } from './binomial-tail';
import type { Alternative } from './fisher-exact-test';
import type { ProportionInterval } from './wilson-interval';

/**
 * Finds p in [0, 1] with tail(p) = target for a tail probability monotone in p. Bisection on
 * the binomial CDF (instead of a beta quantile, which no installed package provides): the bound is
 * defined by this equation, and 60 halvings take the bracket below double-precision spacing.
 */
function solveTail(tail: (p: number) => number, target: number, increasing: boolean): number {
  let low = 0;
  let high = 1;
  for (let step = 0; step < 60; step += 1) {
    const middle = (low + high) / 2;
    if (tail(middle) < target === increasing) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/**
 * Clopper–Pearson ("exact") interval: the bounds are the p at which the observed count sits exactly
 * at the α (or α/2) tail, so coverage is at least the nominal level for every p; the price is width.
 * Matches R's binom.test intervals, including the one-sided ones. Null when trials is 0.
 */
export function computeClopperPearsonInterval(
  successes: number,
  trials: number,
  options: { confidence?: number; alternative?: Alternative } = {},
): ProportionInterval | null {
  const confidence = options.confidence ?? 0.95;
  const alternative = options.alternative ?? 'two-sided';
  assertCount(successes, 'successes');
  assertCount(trials, 'trials');
  assertConfidence(confidence);
  if (successes > trials) throw new RangeError(`successes (${successes}) exceed trials (${trials})`);
  if (trials === 0) return null;

  const tailProbability = alternative === 'two-sided' ? (1 - confidence) / 2 : 1 - confidence;
  // Lower bound: P(X ≥ x | p) = tail, increasing in p.
  const lower =
    alternative === 'less' || successes === 0
      ? 0
      : solveTail((p) => computeBinomialUpperTail(successes, trials, p), tailProbability, true);
  // Upper bound: P(X ≤ x | p) = tail, decreasing in p.
  const upper =
    alternative === 'greater' || successes === trials
      ? 1
      : solveTail((p) => computeBinomialLowerTail(successes, trials, p), tailProbability, false);
  return { estimate: successes / trials, lower, upper, confidence };
}
