/**
 * Groups participants by identical count vectors. Participants with the same counts are interchangeable
 * in a resample or a permutation, and a study has few distinct vectors (a handful of questions, a
 * handful of methods), so the bootstrap and the permutation test tally how often each distinct vector
 * was drawn: one increment per draw instead of one addition per method.
 */
export interface CountPatterns {
  /** Index of each participant's pattern. */
  patternOf: Int32Array;
  /** Number of distinct patterns. */
  distinct: number;
  /** The distinct patterns, pattern-major, k values each. */
  pattern: Float64Array;
}

/** `flat` holds n participants × k counts, participant-major. */
export function distinctCountPatterns(flat: Float64Array, n: number, k: number): CountPatterns {
  const patternIndex = new Map<string, number>();
  const patternOf = new Int32Array(n);
  const patterns: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from(flat.subarray(i * k, (i + 1) * k));
    const key = row.join(',');
    let d = patternIndex.get(key);
    if (d === undefined) {
      d = patternIndex.size;
      patternIndex.set(key, d);
      patterns.push(...row);
    }
    patternOf[i] = d;
  }
  return { patternOf, distinct: patternIndex.size, pattern: Float64Array.from(patterns) };
}
