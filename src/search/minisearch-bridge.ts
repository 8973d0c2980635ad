import MiniSearch, { type Options, type SearchOptions, type SearchResult } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { PostingMap, Postings } from './postings.js';

/*
 * Where MiniSearch meets our postings (src/search/postings.ts). MiniSearch 7
 * keeps its index in private fields (`_index`, `_documentIds`,
 * `_fieldLength`) and runs a query in `executeQuery`, which its `search`
 * wraps; this file is the only one that touches them, and
 * tests/search/postings.test.ts checks that rankings stay exactly
 * MiniSearch's own.
 */

/** The MiniSearch version whose internals this file was written against (package.json pins it exactly). */
export const MINISEARCH_VERSION = '7.2.0';

/**
 * Throws, naming what is missing, when a MiniSearch instance lacks the
 * internals this bridge relies on: an upgrade that renamed them would
 * otherwise rank silently wrong.
 *
 * @throws Error `MINISEARCH_INTERNALS`
 */
export function checkMiniSearchInternals(search: object): void {
  const fields = ['_documentIds', '_idToShortId', '_fieldLength', '_index'] as const;
  const missing: string[] = fields.filter((f) => !(f in search));
  if (typeof (search as Partial<MiniSearchQuery>).executeQuery !== 'function') missing.push('executeQuery()');
  if (missing.length > 0)
    throw Object.assign(
      new Error(
        `MiniSearch: this version lacks ${missing.join(', ')}, which src/search/minisearch-bridge.ts relies on; install minisearch@${MINISEARCH_VERSION} (package.json pins it) or update the bridge`,
      ),
      { code: 'MINISEARCH_INTERNALS' },
    );
}

/**
 * A MiniSearch instance searching `postings`. Passage `p` is document
 * id `p`. Only searching is supported: adding or removing documents, or
 * `toJSON`, is not (the index is rebuilt when knowledge changes).
 */
export function miniSearchOf<T>(postings: Postings, options: Options<T>): MiniSearch<T> {
  const fieldIds: Record<string, number> = {};
  for (const [i, field] of options.fields.entries()) fieldIds[field] = i;
  const search = MiniSearch.loadJS<T>(
    {
      documentCount: postings.passages,
      nextId: postings.passages,
      documentIds: {},
      fieldIds,
      fieldLength: {},
      averageFieldLength: [...postings.averageFieldLength],
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
  for (let p = 0, at = 0; p < postings.passages; p++) {
    documentIds.set(p, p);
    const row = new Array<number>(postings.fields);
    for (let f = 0; f < postings.fields; f++) row[f] = postings.fieldLength[at++] ?? 0;
    fieldLength.set(p, row);
  }
  checkMiniSearchInternals(search);
  const index = new SearchableMap<TermPostings>();
  for (const [t, term] of postings.terms.entries()) index.set(term, new TermPostings(postings, t));
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

/** One passage as MiniSearch's query execution scores it, before `search` shapes it into a result. */
export interface RawResult {
  /** The sum of the term scores, before the "query terms matched" multiplier. */
  readonly score: number;
  /** The query terms matched. */
  readonly terms: string[];
  /** Index term → fields it matched in. */
  readonly match: Readonly<Record<string, readonly string[]>>;
}

/** MiniSearch's own final score: the raw score times the number of query terms matched. */
export const miniSearchScore = (raw: RawResult): number => raw.score * (raw.terms.length || 1);

/**
 * `search.search(query, options).slice(0, limit)`, in the same order (ties
 * keep MiniSearch's order), without making a result object for every
 * matching passage and sorting them all: at 150,000 passages that cost a
 * third of a question's time. `score` may re-rank (it gets MiniSearch's raw
 * result); it defaults to MiniSearch's own score.
 */
export function searchTop<T>(
  search: MiniSearch<T>,
  query: string,
  options: SearchOptions,
  limit: number,
  score: (raw: RawResult) => number = miniSearchScore,
): SearchResult[] {
  // MiniSearch 7's `search` is `executeQuery`, then this shaping and a sort of everything.
  const raw = (search as unknown as MiniSearchQuery).executeQuery(query, options);
  const best: Array<{ id: number; score: number; raw: RawResult }> = [];
  for (const [id, result] of raw) {
    const s = score(result);
    if (best.length === limit && s <= (best[best.length - 1]?.score ?? -Infinity)) continue;
    // After every result scoring at least as much: the first (by MiniSearch's order) wins a tie.
    let [low, high] = [0, best.length];
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((best[mid]?.score ?? 0) >= s) low = mid + 1;
      else high = mid;
    }
    best.splice(low, 0, { id, score: s, raw: result });
    if (best.length > limit) best.pop();
  }
  return best.map(({ id, score: s, raw: r }) => ({
    id,
    score: s,
    terms: Object.keys(r.match),
    queryTerms: r.terms,
    match: r.match as SearchResult['match'],
  }));
}

/** MiniSearch 7's query execution, which `search` wraps (not in its type declarations). */
interface MiniSearchQuery {
  executeQuery(query: string, options: SearchOptions): Map<number, RawResult>;
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
    return this.postings.scoped(this.t, field);
  }
}
