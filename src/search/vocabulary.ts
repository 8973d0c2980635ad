import SearchableMap from 'minisearch/SearchableMap';
import { fold } from '../text/fold.js';

/**
 * The words the documents use, as written (folded), for "did you mean"
 * suggestions. Backed by MiniSearch's radix tree, whose fuzzy look-up is
 * fast even for large vocabularies.
 */
export class Vocabulary {
  readonly #searchable = new SearchableMap<{ count: number; term: string }>();
  /** Words added since the radix tree was last brought up to date, as written: most words repeat. */
  readonly #pending = new Map<string, { count: number; term: string }>();

  add(word: string, term: string): void {
    const entry = this.#pending.get(word);
    if (entry === undefined) this.#pending.set(word, { count: 1, term });
    else entry.count++;
  }

  /** The radix tree of folded words, with what was added since it was last read. */
  get #words(): SearchableMap<{ count: number; term: string }> {
    for (const [word, { count, term }] of this.#pending) {
      const key = fold(word);
      const entry = this.#searchable.get(key);
      if (entry === undefined) this.#searchable.set(key, { count, term });
      else entry.count += count;
    }
    this.#pending.clear();
    return this.#searchable;
  }

  /** The words as `[word, count, term]` rows, for a snapshot. */
  toJSON(): Array<[string, number, string]> {
    return [...this.#words].map(([word, { count, term }]) => [word, count, term]);
  }

  static fromJSON(rows: ReadonlyArray<readonly [string, number, string]>): Vocabulary {
    const vocabulary = new Vocabulary();
    for (const [word, count, term] of rows) vocabulary.#searchable.set(word, { count, term });
    return vocabulary;
  }

  has(word: string): boolean {
    return this.#words.has(fold(word));
  }

  /**
   * The closest known word to a misspelt one: the smallest edit distance,
   * then the most frequent, then the first in alphabetical order.
   *
   * @example
   * vocabulary.closest('sanctoins') // 'sanctions'
   */
  closest(word: string): string | undefined {
    const key = fold(word);
    if (key.length < 4) return undefined;
    const distance = key.length >= 8 ? 2 : 1;
    let best: { word: string; distance: number; count: number } | undefined;
    for (const [candidate, [value, d]] of this.#words.fuzzyGet(key, distance)) {
      if (candidate === key) return undefined;
      if (
        best === undefined ||
        d < best.distance ||
        (d === best.distance && (value.count > best.count || (value.count === best.count && candidate < best.word)))
      ) {
        best = { word: candidate, distance: d, count: value.count };
      }
    }
    return best?.word;
  }
}
