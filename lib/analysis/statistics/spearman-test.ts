// Spearman's rank correlation with a permutation p-value. Used where n is small (a study's stimuli of
// one method: often fewer than ten), so the p-value comes from permuting one variable's ranks rather
// than the large-sample t approximation: exact (all n! orders) up to n = 8, seeded Monte-Carlo above.
import { pearson, rankWithTies } from '@/lib/explainers/metrics/rank-correlation';
import { createSeededRandom } from './seeded-random';

export type SpearmanResult = {
  n: number;
  /** ρ; null when undefined (fewer than three pairs, or either variable constant). */
  rho: number | null;
  /** Two-sided: share of orders with |ρ*| ≥ |ρ|; null with ρ. */
  pValue: number | null;
  /** 'exact' (all orders enumerated) or the number of Monte-Carlo permutations. */
  method: 'exact' | number;
};

const EXACT_UP_TO = 8;
// Ties in ρ* with ρ must count as "at least as extreme" despite floating-point noise.
const EPS = 1e-12;

export function spearmanTest(a: readonly number[], b: readonly number[], options: { permutations?: number; seed?: string; exactUpTo?: number } = {}): SpearmanResult {
  if (a.length !== b.length) throw new Error(`spearmanTest: ${a.length} vs ${b.length} values`);
  const n = a.length;
  const permutations = options.permutations ?? 10_000;
  const exact = n <= (options.exactUpTo ?? EXACT_UP_TO);
  const method = exact ? 'exact' : permutations;
  if (n < 3) return { n, rho: null, pValue: null, method };
  const ra = rankWithTies(a);
  const rb = rankWithTies(b);
  const rho = pearson(ra, rb);
  if (!Number.isFinite(rho)) return { n, rho: null, pValue: null, method };
  const observed = Math.abs(rho) - EPS;
  const shuffled = Float64Array.from(rb);
  let extreme = 0;
  let total = 0;
  if (exact) {
    // Heap's algorithm visits every order of the ranks once.
    const c = new Array<number>(n).fill(0);
    const visit = () => {
      total++;
      if (Math.abs(pearson(ra, shuffled)) >= observed) extreme++;
    };
    visit();
    let i = 0;
    while (i < n) {
      if ((c[i] ?? 0) < i) {
        const j = i % 2 === 0 ? 0 : (c[i] ?? 0);
        [shuffled[j], shuffled[i]] = [shuffled[i] ?? 0, shuffled[j] ?? 0];
        visit();
        c[i] = (c[i] ?? 0) + 1;
        i = 0;
      } else {
        c[i] = 0;
        i++;
      }
    }
    return { n, rho, pValue: extreme / total, method };
  }
  const random = createSeededRandom(options.seed ?? 'spearman');
  for (let k = 0; k < permutations; k++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[j], shuffled[i]] = [shuffled[i] ?? 0, shuffled[j] ?? 0];
    }
    if (Math.abs(pearson(ra, shuffled)) >= observed) extreme++;
  }
  // The observed order counts as one of the permutations, so p is never 0.
  return { n, rho, pValue: (extreme + 1) / (permutations + 1), method };
}
