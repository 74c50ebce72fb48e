import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import { assertCount } from './assert-count';
import { cells2x2, type CountTable } from './drop-empty-margins';

export type Alternative = 'two-sided' | 'less' | 'greater';

export type FisherExactResult = { pValue: number; alternative: Alternative };

// R's fisher.test tolerance: tables whose probability equals the observed one up to rounding must
// count as "as extreme", or symmetric tables would lose half their tail to floating-point noise.
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Fisher's exact test for a 2×2 table [[a, b], [c, d]], conditioning on both margins so that a follows
 * a hypergeometric distribution. 'greater' / 'less' refer to the odds ratio (a·d)/(b·c) being above /
 * below 1, as in R. The two-sided p-value sums every table no more probable than the observed one.
 */
export function testFisherExact(table: CountTable, options: { alternative?: Alternative } = {}): FisherExactResult {
  const alternative = options.alternative ?? 'two-sided';
  const [a, b, c, d] = cells2x2(table, "Fisher's exact test here is");
  [a, b, c, d].forEach((cell) => assertCount(cell, 'count'));

  const population = a + b + c + d;
  const successStates = a + c;
  const draws = a + b;
  const lowest = Math.max(0, draws - (population - successStates));
  const highest = Math.min(draws, successStates);
  const probability = (x: number): number => hypergeometricPmf(x, population, successStates, draws);

  let pValue = 0;
  if (alternative === 'less') {
    for (let x = lowest; x <= a; x += 1) pValue += probability(x);
  } else if (alternative === 'greater') {
    for (let x = a; x <= highest; x += 1) pValue += probability(x);
  } else {
    const observed = probability(a) * RELATIVE_TOLERANCE;
    for (let x = lowest; x <= highest; x += 1) {
      const px = probability(x);
      if (px <= observed) pValue += px;
    }
  }
  return { pValue: Math.min(1, pValue), alternative };
}
