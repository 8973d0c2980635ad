/** A seeded pseudo-random source: `next()` returns a float in [0, 1). */
export interface Random {
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

/**
 * Mulberry32, a tiny 32-bit PRNG: good enough to fix query sets by seed, and
 * the same on every machine.
 *
 * @see https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 * @example
 * const random = mulberry32(42);
 * random.int(1, 4) // the same number on every run
 */
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
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new Error('bench: pick from an empty list');
    return item;
  };
  return { next, int, pick };
}
