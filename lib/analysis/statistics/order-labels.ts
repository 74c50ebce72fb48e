/**
 * Preferred labels first, in the given order, even when unobserved (the study's option order, and the
 * option nobody chose, matter on a dashboard); observed labels not listed follow, sorted, so nothing
 * observed is ever silently dropped.
 */
export function orderLabels(observed: Iterable<string>, preferred: readonly string[] = []): string[] {
  const listed = [...new Set(preferred)];
  const known = new Set(listed);
  const extra = [...new Set(observed)].filter((label) => !known.has(label)).sort();
  return [...listed, ...extra];
}
