/**
 * The postings of an index (for each term and field, the passages holding
 * the term and how often) in three flat typed arrays instead of MiniSearch's
 * Map of Maps, and handed to MiniSearch's search one term at a time.
 *
 * Why: MiniSearch keeps every posting as a Map entry, and its snapshot is JSON that must be parsed and turned back into Maps
 * entry by entry. At 150,000 passages (8.7 million postings) that was
 * 400 MB of heap and 14 s of start-up. Here a posting is 8 bytes, a
 * snapshot is the arrays themselves, and a term's Map is made only when a
 * question asks for the term: search stays MiniSearch's own (BM25+, prefix
 * and fuzzy matching over its radix tree, boosts, OR), on the same numbers.
 *
 * Every list is stored strongest posting first (BM25's term-frequency
 * part: many occurrences in a short field), so that a prefix of a list is
 * its best postings. Two limits use that, and both report the term's true
 * passage count, so its weight (IDF) stays exact:
 * - static pruning: a term in more than `keep` passages of a field keeps
 *   only its `keep` strongest postings (storage and snapshot size);
 * - a budget per question (`budget`, `within`): the question's terms share
 *   a number of postings to score, rare terms first (they hold few), common
 *   terms taking their strongest postings from what is left. That bounds
 *   the work of any question, however large the knowledge. The search that
 *   uses it then re-scores its best candidates on every stored posting
 *   (`within` a set of passages), which costs little.
 * With fewer passages than the limits, nothing is left out, and ranking
 * is exactly MiniSearch's.
 *
 * @example
 * const builder = new PostingsBuilder(2);
 * builder.add([new Map([['russia', 2]]), new Map()], [3, 0]);
 * const search = miniSearchOf(builder.build({ keep: 2000, bm25: { k: 1.2, b: 0.7 } }), { fields: ['text', 'title'] });
 */
export class Postings {
  /**
   * @param terms        every term, in the order first met
   * @param offsets      list `t × fields + f` is `data[offsets[i], offsets[i + 1])`
   * @param data         each list: its true passage count, then (passage, frequency) pairs, strongest first
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

  /** How many postings term `t` has stored in its longest field. */
  stored(t: number): number {
    let most = 0;
    for (let f = 0; f < this.fields; f++) {
      const start = this.offsets[t * this.fields + f] ?? 0;
      const end = this.offsets[t * this.fields + f + 1] ?? 0;
      most = Math.max(most, (end - start - 1) / 2);
    }
    return most;
  }

  /**
   * Term `t`'s postings in field `f`, as the Map MiniSearch scores, in
   * passage order: all of them, or the `limit` strongest, or only those of
   * the `only` passages. `undefined` when the field lacks the term.
   */
  list(t: number, f: number, limit = Infinity, only?: Uint8Array): PostingMap | undefined {
    const { data, offsets, fields } = this;
    const slot = t * fields + f;
    const start = offsets[slot] ?? 0;
    const end = offsets[slot + 1] ?? 0;
    if (end <= start) return undefined;
    const all = (end - start - 1) / 2;
    const n = Math.min(all, limit);
    const whole = n === all && only === undefined;
    if (whole) {
      const cached = this.#decoded.get(slot);
      if (cached !== undefined) return cached;
    }
    // (passage, frequency) as one number, so that a numeric sort puts them in passage order.
    if (this.#keys.length < n) this.#keys = new Float64Array(Math.max(n, 2 * this.#keys.length));
    const keys = this.#keys;
    let k = 0;
    for (let i = start + 1, last = start + 1 + 2 * n; i < last; i += 2) {
      const p = data[i] ?? 0;
      if (only === undefined || only[p] === 1)
        keys[k++] = p * FREQUENCY_SPAN + Math.min(data[i + 1] ?? 0, FREQUENCY_SPAN - 1);
    }
    const taken = keys.subarray(0, k);
    // Whole lists in MiniSearch's order (by passage), which keeps its ranking of equal scores exactly;
    // a budget's strongest few as they are.
    if (n === all || only !== undefined) taken.sort();
    const map = new PostingMap(data[start] ?? 0);
    for (const key of taken) {
      const p = Math.floor(key / FREQUENCY_SPAN);
      map.set(p, key - p * FREQUENCY_SPAN);
    }
    if (whole && all <= CACHED_LIST) this.#decoded.set(slot, map);
    return map;
  }

  /** Short lists, decoded once: on small knowledge that is every list. */
  readonly #decoded = new Map<number, PostingMap>();
  /** Scratch space of `list`, reused. */
  #keys = new Float64Array(1024);

  /**
   * Up to `max` passages holding the most of `terms` (in any field), most
   * first, at least two of them: the passages an AND of the words would
   * find, found from the arrays without scoring anything.
   */
  holdingMost(terms: readonly string[], max: number): number[] {
    // Rarest first: among passages holding as many terms, the strongest in the rarest term come first.
    const ids = this.#indexOf(terms).sort((a, b) => this.stored(a) - this.stored(b));
    if (ids.length < 2) return [];
    this.#count ??= new Uint8Array(this.passages);
    this.#seen ??= new Uint32Array(this.passages);
    this.#touched ??= new Uint32Array(this.passages);
    const [count, seen, touched] = [this.#count, this.#seen, this.#touched];
    const { data, offsets, fields } = this;
    let touchedCount = 0;
    const holding = new Array<number>(ids.length + 1).fill(0);
    for (const t of ids) {
      const mark = ++this.#mark;
      for (let f = 0; f < fields; f++) {
        const start = offsets[t * fields + f] ?? 0;
        const end = offsets[t * fields + f + 1] ?? 0;
        for (let i = start + 1; i < end; i += 2) {
          const p = data[i] ?? 0;
          if (seen[p] === mark) continue;
          seen[p] = mark;
          if (count[p] === 0) touched[touchedCount++] = p;
          count[p] = (count[p] ?? 0) + 1;
        }
      }
    }
    for (let i = 0; i < touchedCount; i++) {
      const c = count[touched[i] ?? 0] ?? 0;
      holding[c] = (holding[c] ?? 0) + 1;
    }
    // The fewest terms a passage must hold to be among the `max` holding most.
    let least = ids.length;
    for (let taken = holding[least] ?? 0; least > 2 && taken < max;) taken += holding[--least] ?? 0;
    const out: number[] = [];
    for (let c = ids.length; c >= least && out.length < max; c--)
      for (let i = 0; i < touchedCount && out.length < max; i++)
        if (count[touched[i] ?? 0] === c) out.push(touched[i] ?? 0);
    for (let i = 0; i < touchedCount; i++) count[touched[i] ?? 0] = 0;
    return out;
  }

  /** Scratch space of `holdingMost`, kept between questions: terms held per passage, which term saw it last, passages seen. */
  #count: Uint8Array | undefined;
  #touched: Uint32Array | undefined;
  #seen: Uint32Array | undefined;
  #mark = 0;

  #indexOf(terms: readonly string[]): number[] {
    this.#termIndex ??= new Map(this.terms.map((term, t) => [term, t]));
    return terms.flatMap((term) => {
      const t = this.#termIndex?.get(term);
      return t === undefined ? [] : [t];
    });
  }

  #termIndex: Map<string, number> | undefined;
  #scope: Scope | undefined;

  /**
   * How a question's terms share `budget` postings per field: the terms
   * holding fewest take all theirs first, and what is left is shared evenly
   * by the others, each taking its strongest. Terms not named (prefix and
   * fuzzy matches) share one pool: a share for each question word the
   * index lacks. `cut` names the terms that do not get all their postings.
   */
  budget(terms: readonly string[], budget: number): Budget {
    this.#termIndex ??= new Map(this.terms.map((term, t) => [term, t]));
    const sizes = terms.flatMap((term) => {
      const t = this.#termIndex?.get(term);
      return t === undefined ? [] : [{ term, t, stored: this.stored(t) }];
    });
    sizes.sort((a, b) => a.stored - b.stored);
    const limits = new Map<number, number>();
    const cut = new Set<string>();
    let left = budget;
    for (const [i, { term, t, stored }] of sizes.entries()) {
      const take = Math.min(stored, Math.floor(left / (sizes.length - i)));
      if (take < stored) cut.add(term);
      limits.set(t, take);
      left -= take;
    }
    // Each question word the index lacks brings one share, for all the terms it matches as a prefix.
    const share = Math.max(1, Math.floor(budget / Math.max(1, terms.length)));
    return { kind: 'budget', limits, others: share * Math.max(1, terms.length - sizes.length), cut };
  }

  /** A scope of only `passages`. */
  only(passages: Iterable<number>): Scope {
    const mask = new Uint8Array(this.passages);
    for (const p of passages) mask[p] = 1;
    return { kind: 'passages', mask };
  }

  /** Runs `run` (a search of these postings) with every list limited by `scope`. */
  within<R>(scope: Scope, run: () => R): R {
    this.#scope = scope;
    this.#pool = [];
    try {
      return run();
    } finally {
      this.#scope = undefined;
    }
  }

  /** What is left, per field, of the budget's pool for terms not named (see `scoped`). */
  #pool: number[] = [];

  /** Term `t`'s postings in field `f` as the search running now may score them. */
  scoped(t: number, f: number): PostingMap | undefined {
    const scope = this.#scope;
    if (scope === undefined) return this.list(t, f);
    if (scope.kind === 'budget') {
      const limit = scope.limits.get(t);
      if (limit !== undefined) return this.list(t, f, limit);
      // Terms not named draw on one pool per field, however many a prefix matches.
      const pool = this.#pool[f] ?? scope.others;
      const start = this.offsets[t * this.fields + f] ?? 0;
      const stored = Math.max(0, ((this.offsets[t * this.fields + f + 1] ?? 0) - start - 1) / 2);
      this.#pool[f] = pool - Math.min(pool, stored);
      return this.list(t, f, pool);
    }
    return this.list(t, f, Infinity, scope.mask);
  }
}

/** Lists of at most this many postings are decoded once and kept. */
const CACHED_LIST = 256;

/** Term frequencies are kept up to this (exclusive) when postings are put in passage order. */
const FREQUENCY_SPAN = 2 ** 20;

/** Limits on the postings a search scores: a budget per question, or only some passages. */
export type Scope = Budget | { readonly kind: 'passages'; readonly mask: Uint8Array };

/** See `Postings.budget`. */
export interface Budget {
  readonly kind: 'budget';
  /** Term index → how many of its strongest postings to score. */
  readonly limits: ReadonlyMap<number, number>;
  /** Postings per field shared by the terms not named (prefix matches of words the index lacks). */
  readonly others: number;
  /** The question's terms that do not get all their postings. */
  readonly cut: ReadonlySet<string>;
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

function countLists(offsets: Uint32Array): number {
  let lists = 0;
  for (let i = 0; i + 1 < offsets.length; i++) if ((offsets[i + 1] ?? 0) > (offsets[i] ?? 0)) lists++;
  return lists;
}
