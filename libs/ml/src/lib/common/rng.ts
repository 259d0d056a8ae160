/**
 * Seeded pseudo-random numbers. Every stochastic step in libs/ml (data generation, weight
 * initialisation, shuffling, k-means seeding) takes one of these so that results are reproducible.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  /** Standard normal (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** Log-normal with the given median and log-scale sigma. */
  logNormal(median: number, sigma: number): number;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One element by weight (weights need not sum to 1). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Bernoulli trial. */
  chance(p: number): boolean;
  /** Poisson-distributed count (Knuth; fine for small lambda). */
  poisson(lambda: number): number;
  /** In-place Fisher-Yates shuffle; returns the array. */
  shuffle<T>(items: T[]): T[];
  /** An independent stream derived from this one (for per-customer generators). */
  fork(label: number | string): Rng;
}

/** mulberry32: small, fast, good enough statistical quality for simulation and init. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string to a 32-bit seed. */
export function hashSeed(value: string | number): number {
  const s = String(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function createRng(seed: number | string): Rng {
  const base = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  const next = mulberry32(base);
  let spareNormal: number | null = null;

  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal(mean = 0, sd = 1) {
      if (spareNormal !== null) {
        const z = spareNormal;
        spareNormal = null;
        return mean + sd * z;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return mean + sd * r * Math.cos(2 * Math.PI * v);
    },
    logNormal: (median, sigma) => median * Math.exp(sigma * rng.normal()),
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(items, weights) {
      let total = 0;
      for (const w of weights) total += w;
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i];
        if (r < 0) return items[i];
      }
      return items[items.length - 1];
    },
    chance: (p) => next() < p,
    poisson(lambda) {
      const l = Math.exp(-lambda);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= next();
      } while (p > l);
      return k - 1;
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
    fork: (label) => createRng((hashSeed(label) ^ Math.imul(base, 0x9e3779b1)) >>> 0),
  };
  return rng;
}
