/**
 * Holm's step-down adjustment of p-values for a family of tests (Holm 1979), e.g. one binomial test
 * per unit of a layer: controls the family-wise error rate without assuming independence and is
 * uniformly more powerful than Bonferroni. Nulls (tests that could not run) stay null and do not
 * count towards the family. Results are in the input order; R: p.adjust(p, "holm").
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const present = pValues.flatMap((p, i) => (p === null ? [] : [{ p, i }])).sort((a, b) => a.p - b.p);
  const m = present.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  present.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
