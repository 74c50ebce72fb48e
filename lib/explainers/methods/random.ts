// Seeded randomness: every mask and noise draw comes from a seeded JS PRNG so a result is reproducible
// from its stored seed (EXPLAINERS.md §0.4), independent of the TF backend.
import seedrandom from 'seedrandom';

export type Rng = () => number;

/** A PRNG per (seed, purpose), so adding a new random draw elsewhere never shifts an existing stream. */
export function makeRng(seed: number, purpose: string): Rng {
  return seedrandom(`${purpose}:${seed}`);
}

/** Standard normal draws by Box–Muller (1 − u avoids log 0). */
export function fillGaussian(rng: Rng, out: Float32Array, sigma: number): Float32Array {
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const theta = 2 * Math.PI * rng();
    out[i] = sigma * r * Math.cos(theta);
    if (i + 1 < out.length) out[i + 1] = sigma * r * Math.sin(theta);
  }
  return out;
}
