import { Postings } from './postings.js';

/** Collects postings passage by passage; `build` packs (and prunes) them. */
export class PostingsBuilder {
  readonly #fields: number;
  readonly #lists = new Map<string, Array<number[] | undefined>>();
  readonly #fieldLength: number[] = [];
  readonly #average: number[];
  #passages = 0;

  constructor(fields: number) {
    this.#fields = fields;
    this.#average = new Array<number>(fields).fill(0);
  }

  /**
   * Adds the next passage: per field, its terms with their frequencies, and
   * its length (MiniSearch's: the number of distinct words, stop words included).
   */
  add(frequencies: ReadonlyArray<ReadonlyMap<string, number>>, lengths: readonly number[]): void {
    const p = this.#passages++;
    for (let f = 0; f < this.#fields; f++) {
      const length = lengths[f] ?? 0;
      this.#fieldLength.push(length);
      // MiniSearch's running average, kept to the same floating-point result.
      this.#average[f] = ((this.#average[f] ?? 0) * p + length) / (p + 1);
      for (const [term, count] of frequencies[f] ?? []) {
        let lists = this.#lists.get(term);
        if (lists === undefined) this.#lists.set(term, (lists = new Array<number[] | undefined>(this.#fields)));
        const list = lists[f];
        if (list === undefined) lists[f] = [p, count];
        else list.push(p, count);
      }
    }
  }

  /** Packs the postings; lists longer than `keep` keep their `keep` highest-scoring postings. */
  build({ keep, bm25 }: { keep: number; bm25: { k: number; b: number } }): Postings {
    const fields = this.#fields;
    const fieldLength = Uint32Array.from(this.#fieldLength);
    const terms = [...this.#lists.keys()];
    const offsets = new Uint32Array(terms.length * fields + 1);
    let size = 0;
    for (const lists of this.#lists.values())
      for (const list of lists) if (list !== undefined) size += 1 + Math.min(list.length, 2 * keep);
    const data = new Uint32Array(size);
    let at = 0;
    let slot = 0;
    for (const lists of this.#lists.values()) {
      for (let f = 0; f < fields; f++) {
        offsets[slot++] = at;
        const list = lists[f];
        if (list === undefined) continue;
        data[at++] = list.length / 2;
        const kept = strongest(list, keep, f, fields, fieldLength, this.#average[f] ?? 1, bm25);
        data.set(kept, at);
        at += kept.length;
      }
    }
    offsets[slot] = at;
    return new Postings(fields, terms, offsets, data, fieldLength, [...this.#average]);
  }
}

/** The `keep` (passage, frequency) pairs of `list` that BM25 scores highest, strongest first (then by passage). */
function strongest(
  list: readonly number[],
  keep: number,
  f: number,
  fields: number,
  fieldLength: Uint32Array,
  average: number,
  { k, b }: { k: number; b: number },
): number[] {
  const n = list.length / 2;
  const impact = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const tf = list[2 * i + 1] ?? 0;
    const length = fieldLength[(list[2 * i] ?? 0) * fields + f] ?? 0;
    impact[i] = tf / (tf + k * (1 - b + (b * length) / average));
  }
  if (n === 1) return [...list];
  const order = Array.from({ length: n }, (_, i) => i);
  // Highest impact first; among equals, the earlier passage.
  order.sort((x, y) => (impact[y] ?? 0) - (impact[x] ?? 0) || x - y);
  const kept = Math.min(n, keep);
  const out = new Array<number>(2 * kept);
  for (let j = 0; j < kept; j++) {
    const i = order[j] ?? 0;
    out[2 * j] = list[2 * i] ?? 0;
    out[2 * j + 1] = list[2 * i + 1] ?? 0;
  }
  return out;
}
