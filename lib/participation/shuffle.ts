// Seeded shuffles. Each shuffle gets its own stream keyed by (participant seed, purpose), so the order
// of one item's options does not depend on how many other shuffles came before it.
import seedrandom from 'seedrandom';

export function seededShuffle<T>(values: readonly T[], seed: number, key: string): T[] {
  const rng = seedrandom(`${seed}:${key}`);
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** A fresh participant seed (31-bit, fits every database's INTEGER). */
export function newSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
