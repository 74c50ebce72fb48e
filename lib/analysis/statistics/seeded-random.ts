// Seeded uniform numbers for the resampling methods (cluster bootstrap, permutation tests). The
// bootstrap of a 5 000-participant study makes ten million draws per view, so the generator must be
// cheap: sfc32 (Doty-Humphrey's Small Fast Counting generator, passes PractRand) is a few 32-bit adds
// and shifts per draw, several times faster than seedrandom's ARC4. Seeded from a string through
// cyrb128 so that a label such as "pooled-preference:[\"yes\"]" picks a reproducible stream.

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A seeded stream of uniform numbers in [0, 1): call it for the next one, or use the bulk forms below. */
export type SeededRandom = {
  (): number;
  /**
   * Writes the next `count` numbers (all of `out` unless given) into `out`: exactly the values that
   * many calls would return, in order, but generated in one loop over local variables.
   */
  fill(out: Float64Array, count?: number): void;
  /**
   * Σ values[⌊u·values.length⌋] over the next `count` numbers u: the total of `count` values drawn
   * with replacement (a bootstrap resample), with the same draws as `count` calls.
   */
  sumOfDraws(values: Float64Array, count: number): number;
  /**
   * The first `count` steps of a Fisher–Yates shuffle of `pool`, in place: step i swaps position i
   * with i + ⌊u·(length − i)⌋, u the next number. Afterwards pool[0…count) is a uniformly random
   * ordered sample without replacement of what the pool held (the cluster permutation test).
   */
  partialShuffle(pool: Int32Array, count: number): void;
  /**
   * `partialShuffle(pool, count)`, adding as it goes values[pool[i]] to sums[slots[i]] for each
   * position i < count once its element is final (step i fixes position i: later steps only touch
   * positions after it). The same draws, the same pool and the same sums, in the same order, as the
   * shuffle followed by a loop over its first `count` positions, in one pass. The pool holds indices
   * into `values` and the slots indices into `sums` (not checked here, in the hot loop).
   */
  partialShuffleSums(pool: Int32Array, count: number, values: Float64Array, slots: Int32Array, sums: Float64Array): void;
};

// The bootstrap and the permutation test draw about ten million numbers per view; the bulk forms
// keep the generator's state in locals for a whole loop (a call per number, reading and writing the
// state array, cost them a large share of their time).
/** Uniform numbers in [0, 1), the same sequence for the same seed on every machine. */
export function createSeededRandom(seed: string): SeededRandom {
  // State in an Int32Array: reassigned closure variables holding 32-bit values would be boxed as heap
  // numbers on every draw, which made this four times slower than Math.random.
  const s = Int32Array.from(cyrb128(seed));
  const next = (): number => {
    const a = s[0] ?? 0;
    const b = s[1] ?? 0;
    const c = s[2] ?? 0;
    const d = ((s[3] ?? 0) + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    s[3] = d;
    return (t >>> 0) / 4294967296;
  };
  const checkCount = (count: number, max: number): void => {
    if (!Number.isInteger(count) || count < 0 || count > max) throw new RangeError(`count must be an integer in [0, ${max}], got ${count}`);
  };
  // The same step as `next`, on locals (not boxed here: they live in one loop), written back at the end.
  const fill = (out: Float64Array, count: number = out.length): void => {
    checkCount(count, out.length);
    let a = s[0] as number;
    let b = s[1] as number;
    let c = s[2] as number;
    let d = s[3] as number;
    for (let i = 0; i < count; i++) {
      d = (d + 1) | 0;
      const t = (((a + b) | 0) + d) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      out[i] = (t >>> 0) / 4294967296;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
  };
  const sumOfDraws = (values: Float64Array, count: number): number => {
    checkCount(count, Number.MAX_SAFE_INTEGER);
    const n = values.length;
    if (n === 0 && count > 0) throw new RangeError('cannot draw from no values');
    let a = s[0] as number;
    let b = s[1] as number;
    let c = s[2] as number;
    let d = s[3] as number;
    let sum = 0;
    for (let i = 0; i < count; i++) {
      d = (d + 1) | 0;
      const t = (((a + b) | 0) + d) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      // In bounds (u < 1), so no `?? 0` in the hot loop.
      sum += values[Math.floor(((t >>> 0) / 4294967296) * n)] as number;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    return sum;
  };
  const partialShuffle = (pool: Int32Array, count: number): void => {
    const n = pool.length;
    checkCount(count, n);
    let a = s[0] as number;
    let b = s[1] as number;
    let c = s[2] as number;
    let d = s[3] as number;
    for (let i = 0; i < count; i++) {
      d = (d + 1) | 0;
      const t = (((a + b) | 0) + d) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      const j = i + Math.floor(((t >>> 0) / 4294967296) * (n - i));
      const x = pool[j] as number;
      pool[j] = pool[i] as number;
      pool[i] = x;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
  };
  const partialShuffleSums = (pool: Int32Array, count: number, values: Float64Array, slots: Int32Array, sums: Float64Array): void => {
    const n = pool.length;
    checkCount(count, Math.min(n, slots.length));
    let a = s[0] as number;
    let b = s[1] as number;
    let c = s[2] as number;
    let d = s[3] as number;
    for (let i = 0; i < count; i++) {
      d = (d + 1) | 0;
      const t = (((a + b) | 0) + d) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      const j = i + Math.floor(((t >>> 0) / 4294967296) * (n - i));
      const x = pool[j] as number;
      pool[j] = pool[i] as number;
      pool[i] = x;
      const slot = slots[i] as number;
      sums[slot] = (sums[slot] as number) + (values[x] as number);
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
  };
  // The first outputs still carry the hash's structure; discard them as the reference code does.
  for (let i = 0; i < 15; i++) next();
  return Object.assign(next, { fill, sumOfDraws, partialShuffle, partialShuffleSums });
}
