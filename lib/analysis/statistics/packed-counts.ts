/**
 * Count vectors packed into one number each, so that a resample or a permutation adds a participant's
 * counts of every category with one addition instead of one per category (or one per distinct
 * pattern and category afterwards). Each category gets a bit field wide enough for its largest count
 * times the most vectors ever added together, so sums never carry from one field into the next; the
 * fields must fit in 53 bits, the integers a double holds exactly. Every sum stays an exact integer,
 * so unpacking gives exactly the per-category sums added one by one.
 */
export interface PackedCounts {
  /** One number per participant: Σ_j count_j · 2^offset_j. */
  packed: Float64Array;
  /** Writes the per-category sums encoded in a sum of packed values into `out` (k values). */
  unpack(sum: number, out: Float64Array): void;
}

/** Bits needed for the integers 0…max. */
function bitsFor(max: number): number {
  let bits = 0;
  while (2 ** bits <= max) bits++;
  return bits;
}

/**
 * `flat` holds n participants × k counts, participant-major; `maxTerms` is the most packed values
 * that will ever be added together. Null when a count is not a non-negative integer or the fields
 * need more than 53 bits: callers then add category by category.
 */
export function packCounts(flat: Float64Array, n: number, k: number, maxTerms: number): PackedCounts | null {
  const offsets: number[] = [];
  const widths: number[] = [];
  let used = 0;
  for (let j = 0; j < k; j++) {
    let max = 0;
    for (let i = 0; i < n; i++) {
      const x = flat[i * k + j] ?? 0;
      // Only non-negative whole counts pack without one field spilling into another.
      if (!Number.isInteger(x) || x < 0) return null;
      max = Math.max(max, x);
    }
    const width = bitsFor(max * maxTerms);
    offsets.push(used);
    widths.push(width);
    used += width;
  }
  if (used > 53) return null;
  const scale = offsets.map((o) => 2 ** o);
  const modulus = widths.map((w) => 2 ** w);
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = 0;
    for (let j = 0; j < k; j++) x += (flat[i * k + j] ?? 0) * (scale[j] ?? 1);
    packed[i] = x;
  }
  const unpack = (sum: number, out: Float64Array): void => {
    for (let j = 0; j < k; j++) out[j] = Math.floor(sum / (scale[j] ?? 1)) % (modulus[j] ?? 1);
  };
  return { packed, unpack };
}
