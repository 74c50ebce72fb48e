// Between-subject conditions: the least-filled bucket wins, counting only participants who still
// count (completed, or active within the abandonment window), so abandoned sessions do not skew
// the balance. Ties go to the condition listed first, which keeps assignment deterministic.
export interface ConditionCount {
  condition: string;
  count: number;
}

export function pickLeastFilled(conditions: readonly string[], counts: readonly ConditionCount[]): string | null {
  if (conditions.length === 0) return null;
  const byId = new Map(counts.map((c) => [c.condition, c.count]));
  let best = conditions[0] ?? null;
  let bestCount = Infinity;
  for (const c of conditions) {
    const n = byId.get(c) ?? 0;
    if (n < bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}
