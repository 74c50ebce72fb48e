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

/** Uniform numbers in [0, 1), the same sequence for the same seed on every machine. */
export function createSeededRandom(seed: string): () => number {
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
  // The first outputs still carry the hash's structure; discard them as the reference code does.
  for (let i = 0; i < 15; i++) next();
  return next;
}
