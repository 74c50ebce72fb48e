// Quadrature rules on [0,1] for Integrated Gradients (EXPLAINERS.md §2.3). All weights sum to 1, so
// IG is exact for linear F under every rule (I2) — unlike Captum's riemann_trapezoid, which sums to (n−1)/n.
import { z } from 'zod';

export const quadratureRuleSchema = z.enum([
  'gauss-legendre',
  'riemann-right',
  'riemann-left',
  'riemann-middle',
  'trapezoid',
]);
export type QuadratureRule = z.infer<typeof quadratureRuleSchema>;

export interface Quadrature {
  alphas: number[];
  weights: number[];
}

/** Gauss–Legendre nodes on [−1,1] by Newton iteration on P_m, mapped to [0,1] (Captum's builder). */
function gaussLegendre(m: number): Quadrature {
  const alphas: number[] = [];
  const weights: number[] = [];
  for (let k = 1; k <= m; k++) {
    let t = Math.cos((Math.PI * (k - 0.25)) / (m + 0.5));
    let derivative = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = t;
      for (let j = 2; j <= m; j++) [p0, p1] = [p1, ((2 * j - 1) * t * p1 - (j - 1) * p0) / j];
      if (m === 1) [p0, p1] = [1, t];
      derivative = (m * (t * p1 - p0)) / (t * t - 1);
      const next = t - p1 / derivative;
      const converged = Math.abs(next - t) < 1e-15;
      t = next;
      if (converged) break;
    }
    alphas.push((1 + t) / 2);
    weights.push(1 / ((1 - t * t) * derivative * derivative));
  }
  // Ascending α for a natural path order; ω/2 on [0,1] is the 1/((1−t²)P'²) above.
  const order = alphas.map((_, i) => i).sort((a, b) => (alphas[a] ?? 0) - (alphas[b] ?? 0));
  return { alphas: order.map((i) => alphas[i] ?? 0), weights: order.map((i) => weights[i] ?? 0) };
}

export function quadrature(rule: QuadratureRule, m: number): Quadrature {
  if (!Number.isInteger(m) || m < 1) throw new Error(`IG needs at least one step, got ${m}`);
  const range = Array.from({ length: m }, (_, i) => i);
  switch (rule) {
    case 'gauss-legendre':
      return gaussLegendre(m);
    case 'riemann-right':
      return { alphas: range.map((k) => (k + 1) / m), weights: range.map(() => 1 / m) };
    case 'riemann-left':
      return { alphas: range.map((k) => k / m), weights: range.map(() => 1 / m) };
    case 'riemann-middle':
      return { alphas: range.map((k) => (k + 0.5) / m), weights: range.map(() => 1 / m) };
    case 'trapezoid': {
      if (m < 2) throw new Error('The trapezoid rule needs at least 2 steps');
      const weights = range.map((k) => (k === 0 || k === m - 1 ? 0.5 : 1) / (m - 1));
      return { alphas: range.map((k) => k / (m - 1)), weights };
    }
  }
}
