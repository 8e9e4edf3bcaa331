/**
 * A seeded pseudo-random source. Hand-written because Math.random cannot be seeded and no seeded
 * generator is installed; mulberry32 is a few lines, fast, and plenty for test data (never for
 * secrets). Every article draws from its own stream (`streamFor(seed, index)`), so any article's
 * identity can be recomputed without generating the ones before it.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Skewed towards the start of the list: a few popular items, a long tail. */
  pickSkewed<T>(items: readonly T[]): T;
  bytes(length: number): Uint8Array;
}

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    pickSkewed: (items) => {
      const r = next();
      return items[Math.floor(r * r * items.length)] as (typeof items)[number];
    },
    bytes: (length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
  };
}

/** A well-mixed 32-bit seed for stream `index` of a run seeded with `seed`. */
export function streamFor(seed: number, index: number): Random {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return mulberry32((h ^ (h >>> 16)) >>> 0);
}
