import MiniSearch, { type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

/**
 * The postings of an index (for each term and field, the passages holding
 * the term and how often) in three flat typed arrays instead of MiniSearch's
 * Map of Maps, and handed to MiniSearch's search one term at a time.
 *
 * Why: MiniSearch keeps every posting as a Map entry, about 40 bytes each,
 * and its snapshot is JSON that must be parsed and turned back into Maps
 * entry by entry. At 150,000 passages (8.7 million postings) that was
 * 400 MB of heap and 14 s of start-up. Here a posting is 8 bytes, a
 * snapshot is the arrays themselves, and a term's Map is made only when a
 * question asks for the term: search stays MiniSearch's own (BM25+, prefix
 * and fuzzy matching over its radix tree, boosts, OR), on the same numbers.
 *
 * Static pruning: a term in more than `keep` passages of a field keeps only
 * the `keep` postings that score highest for it (BM25's term-frequency part:
 * many occurrences in a short field), and still reports its true passage
 * count, so its weight (IDF) is exact. That bounds the work of any question
 * at `keep` passages per term and field, however large the knowledge; with
 * fewer passages than `keep` nothing is pruned.
 *
 * @example
 * const builder = new PostingsBuilder(2);
 * builder.add([new Map([['russia', 2]]), new Map()], [3, 0]);
 * const search = builder.build({ keep: 2000, bm25: { k: 1.2, b: 0.7 } }).miniSearch({ fields: ['text', 'title'] });
 */
export class Postings {
  /**
   * @param terms        every term, in the order first met
   * @param offsets      list `t × fields + f` is `data[offsets[i], offsets[i + 1])`
   * @param data         each list: its true passage count, then (passage, frequency) pairs by passage
   * @param fieldLength  distinct words of passage `p`'s field `f` at `p × fields + f` (MiniSearch's field length)
   * @param averageFieldLength  per field, as MiniSearch computes it
   */
  constructor(
    readonly fields: number,
    readonly terms: readonly string[],
    readonly offsets: Uint32Array,
    readonly data: Uint32Array,
    readonly fieldLength: Uint32Array,
    readonly averageFieldLength: readonly number[],
  ) {
    if (offsets.length !== terms.length * fields + 1 || fieldLength.length % fields !== 0)
      throw new Error('Postings: array lengths do not match the terms and fields');
  }

  get passages(): number {
    return this.fieldLength.length / this.fields;
  }

  /** How many postings are stored (pruned lists count what they keep). */
  get size(): number {
    return (this.data.length - countLists(this.offsets)) / 2;
  }

  /** Term `t`'s postings in field `f`, as the Map MiniSearch scores; `undefined` when the field lacks it. */
  list(t: number, f: number): PostingMap | undefined {
    const start = this.offsets[t * this.fields + f] ?? 0;
    const end = this.offsets[t * this.fields + f + 1] ?? 0;
    if (end <= start) return undefined;
    const map = new PostingMap(this.data[start] ?? 0);
    for (let i = start + 1; i < end; i += 2) map.set(this.data[i] ?? 0, this.data[i + 1] ?? 0);
    return map;
  }

  /**
   * A MiniSearch instance searching these postings. Passage `p` is document
   * id `p`. Only searching is supported: adding or removing documents, or
   * `toJSON`, is not (the index is rebuilt when knowledge changes).
   */
  miniSearch<T>(options: Options<T>): MiniSearch<T> {
    const fieldIds: Record<string, number> = {};
    for (const [i, field] of options.fields.entries()) fieldIds[field] = i;
    const search = MiniSearch.loadJS<T>(
      {
        documentCount: this.passages,
        nextId: this.passages,
        documentIds: {},
        fieldIds,
        fieldLength: {},
        averageFieldLength: [...this.averageFieldLength],
        storedFields: {},
        dirtCount: 0,
        index: [],
        serializationVersion: 2,
      },
      options,
    );
    // What loadJS would make from `documentIds`, `fieldLength` and `index`, made directly: objects of
    // 150,000 numeric keys, parsed back key by key, cost more than the rest of a start-up.
    const documentIds = new Map<number, number>();
    const fieldLength = new Map<number, number[]>();
    for (let p = 0, at = 0; p < this.passages; p++) {
      documentIds.set(p, p);
      const row = new Array<number>(this.fields);
      for (let f = 0; f < this.fields; f++) row[f] = this.fieldLength[at++] ?? 0;
      fieldLength.set(p, row);
    }
    const index = new SearchableMap<TermPostings>();
    for (const [t, term] of this.terms.entries()) index.set(term, new TermPostings(this, t));
    // MiniSearch reads a term's postings only through `_index` (a radix tree of term → field → Map),
    // calling `.get(fieldId)` on the value; `TermPostings` answers that from the arrays.
    Object.assign(search as unknown as MiniSearchInternals, {
      _documentIds: documentIds,
      _idToShortId: documentIds,
      _fieldLength: fieldLength,
      _index: index,
    } satisfies MiniSearchInternals);
    return search;
  }
}

/** The parts of a MiniSearch instance that `Postings.miniSearch` fills in (MiniSearch 7's own fields). */
interface MiniSearchInternals {
  _documentIds: Map<number, number>;
  _idToShortId: Map<number, number>;
  _fieldLength: Map<number, number[]>;
  _index: SearchableMap<TermPostings>;
}

/** One term's postings, field by field, in the shape MiniSearch's search reads (`Map<fieldId, Map<doc, freq>>`). */
class TermPostings {
  constructor(
    private readonly postings: Postings,
    private readonly t: number,
  ) {}

  get(field: number): PostingMap | undefined {
    return this.postings.list(this.t, field);
  }
}

/**
 * A term's postings in one field. `size` is the true number of passages
 * holding it, which MiniSearch uses for IDF, even when fewer are kept.
 */
export class PostingMap extends Map<number, number> {
  readonly #total: number;

  constructor(total: number) {
    super();
    this.#total = total;
  }

  override get size(): number {
    return this.#total;
  }
}

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
        const kept =
          list.length <= 2 * keep ? list : strongest(list, keep, f, fields, fieldLength, this.#average[f] ?? 1, bm25);
        data.set(kept, at);
        at += kept.length;
      }
    }
    offsets[slot] = at;
    return new Postings(fields, terms, offsets, data, fieldLength, [...this.#average]);
  }
}

/** The `keep` (passage, frequency) pairs of `list` that BM25 scores highest, in passage order. */
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
  const order = Array.from({ length: n }, (_, i) => i);
  // Highest impact first; among equals, the earlier passage.
  order.sort((x, y) => (impact[y] ?? 0) - (impact[x] ?? 0) || x - y);
  const chosen = order.slice(0, keep).sort((x, y) => x - y);
  return chosen.flatMap((i) => [list[2 * i] ?? 0, list[2 * i + 1] ?? 0]);
}

function countLists(offsets: Uint32Array): number {
  let lists = 0;
  for (let i = 0; i + 1 < offsets.length; i++) if ((offsets[i + 1] ?? 0) > (offsets[i] ?? 0)) lists++;
  return lists;
}
