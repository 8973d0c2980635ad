import MiniSearch, { type AsPlainObject, type SearchOptions, type SearchResult } from 'minisearch';
import type { Knowledge } from '../../src/knowledge/types.js';
import {
  miniSearchOptions,
  SEARCH_OPTIONS,
  type IndexedPassage,
  type KnowledgeIndex,
  type QueryTerm,
} from '../../src/search/knowledge-index.js';

/** One way of querying the same MiniSearch index. */
export interface SearchVariant {
  readonly name: string;
  readonly note: string;
  search(query: readonly QueryTerm[], limit: number): { ids: number[]; materialized: number };
}

const OPTIONS = miniSearchOptions();

/**
 * The index as plain MiniSearch holds it (`addAll` of every passage, no
 * pruning): what `KnowledgeIndex` built before src/search/postings.ts, in
 * MiniSearch's serialized form. Acronym aliases are left out.
 */
export function plainIndexOf(knowledge: Knowledge): AsPlainObject {
  const search = new MiniSearch<IndexedPassage>(OPTIONS);
  search.addAll(
    knowledge.passages.map((p) => ({
      id: p.id,
      text: p.text,
      section: p.section.heading,
      title: p.document.title,
      aliases: '',
    })),
  );
  return search.toJSON();
}

/**
 * A copy of the index's own MiniSearch, loaded from its snapshot with the
 * options `KnowledgeIndex` uses, so that the same postings can be queried in
 * other ways than `KnowledgeIndex.search` does.
 */
export function miniSearchOf(plain: AsPlainObject): MiniSearch<IndexedPassage> {
  return MiniSearch.loadJS<IndexedPassage>(plain, OPTIONS);
}

/** How long MiniSearch takes to start from the JSON of `plain`: parse it and `loadJS` it. */
export function loadSeconds(plain: AsPlainObject): { seconds: number; megabytes: number } {
  const json = JSON.stringify(plain);
  const started = performance.now();
  MiniSearch.loadJS<IndexedPassage>(JSON.parse(json) as AsPlainObject, OPTIONS);
  return { seconds: (performance.now() - started) / 1000, megabytes: Buffer.byteLength(json) / 2 ** 20 };
}

/** The same index with only the `text` field's postings: what the other three fields cost. */
export function textOnlyOf(plain: AsPlainObject): MiniSearch<IndexedPassage> {
  const textId = String(plain.fieldIds['text']);
  const index = plain.index.flatMap(([t, fields]) => {
    const postings = fields[textId];
    return postings === undefined ? [] : [[t, { [textId]: postings }] as (typeof plain.index)[number]];
  });
  return MiniSearch.loadJS<IndexedPassage>({ ...plain, index }, OPTIONS);
}

/**
 * Static index pruning: every term keeps, in each field, only its `keep`
 * postings with the highest BM25 term-frequency part, so that no query term
 * scans more than `keep` passages per field. MiniSearch takes a term's
 * document frequency from its posting count, so `boostTerm` puts back the
 * IDF the term had before pruning (for the text field).
 *
 * @see https://doi.org/10.1145/383952.383958 (Carmel et al., static index pruning)
 */
export function staticPruned(
  plain: AsPlainObject,
  keep: number,
): { search: MiniSearch<IndexedPassage>; boostTerm: (t: string) => number; plain: AsPlainObject } {
  const { k, b } = SEARCH_OPTIONS.bm25;
  const n = plain.documentCount;
  const textId = String(plain.fieldIds['text']);
  const idf = (df: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const correction = new Map<string, number>();
  const index = plain.index.map(([t, fields]) => {
    const out: (typeof plain.index)[number][1] = {};
    for (const [fieldId, postings] of Object.entries(fields)) {
      const docs = Object.entries(postings);
      if (docs.length <= keep) {
        out[fieldId] = postings;
        continue;
      }
      const avg = plain.averageFieldLength[Number(fieldId)] ?? 1;
      const weight = ([doc, tf]: [string, number]): number => {
        const length = plain.fieldLength[doc]?.[Number(fieldId)] ?? avg;
        return tf / (tf + k * (1 - b + (b * length) / avg));
      };
      const kept = docs
        .map((d) => ({ d, w: weight(d) }))
        .sort((x, y) => y.w - x.w)
        .slice(0, keep);
      out[fieldId] = Object.fromEntries(kept.map((x) => x.d));
      if (fieldId === textId) correction.set(t, idf(docs.length) / idf(keep));
    }
    return [t, out] as (typeof plain.index)[number];
  });
  const prunedPlain = { ...plain, index };
  return {
    search: MiniSearch.loadJS<IndexedPassage>(prunedPlain, OPTIONS),
    boostTerm: (t) => correction.get(t) ?? 1,
    plain: prunedPlain,
  };
}

interface Knobs {
  /** Also prefix-match the last term when the index knows it (what the core does). */
  readonly prefixKnownLast: boolean;
  /** Drop terms held by more than this many passages, when a rarer term remains. */
  readonly pruneAbove?: number;
  /** Match every term first (AND); fall back to any term (OR) when that gives fewer than `limit` hits. */
  readonly andFirst: boolean;
  /** MiniSearch `maxFuzzy`: the most edits a fuzzy term may expand to. */
  readonly maxFuzzy?: number;
  /** Another copy of the index to search (a statically pruned one), with its term boosts. */
  readonly pruned?: { search: MiniSearch<IndexedPassage>; boostTerm: (t: string) => number };
}

/**
 * The query strategies measured: the baseline (what `KnowledgeIndex.search`
 * did when this bench was written: OR of every term, prefix on the last),
 * the changes the issue names (pruning very common terms, AND first with OR
 * fallback, limits on expansion), static pruning, and `KnowledgeIndex.search`
 * as it is now.
 */
export function searchVariants(
  search: MiniSearch<IndexedPassage>,
  index: KnowledgeIndex,
  pruned: ReadonlyArray<{ keep: number; search: MiniSearch<IndexedPassage>; boostTerm: (t: string) => number }>,
): SearchVariant[] {
  const passages = index.knowledge.passages.length;
  const make = (name: string, note: string, knobs: Knobs): SearchVariant => ({
    name,
    note,
    search(query, limit) {
      let terms = query;
      if (knobs.pruneAbove !== undefined) {
        const cut = knobs.pruneAbove;
        const rare = query.filter((q) => index.documentFrequency(q.term) <= cut);
        if (rare.length > 0) terms = rare;
      }
      if (terms.length === 0) return { ids: [], materialized: 0 };
      const target = knobs.pruned?.search ?? search;
      const run = (combineWith: 'AND' | 'OR'): SearchResult[] =>
        target.search(terms.map((q) => q.term).join(' '), options(terms, combineWith, knobs));
      let results = knobs.andFirst && terms.length > 1 ? run('AND') : run('OR');
      let materialized = results.length;
      if (knobs.andFirst && terms.length > 1 && results.length < limit) {
        results = run('OR');
        materialized += results.length;
      }
      return { ids: results.slice(0, limit).map((r) => r.id as number), materialized };
    },
  });
  const pct = (share: number): number => Math.round(share * passages);
  return [
    make('baseline', 'KnowledgeIndex.search before the changes below: OR, prefix on the last term', {
      prefixKnownLast: true,
      andFirst: false,
    }),
    {
      name: 'core now',
      note: 'KnowledgeIndex.search as src/ has it at this run',
      search: (query, limit) => ({ ids: index.search(query, limit).map((h) => h.passage.id), materialized: NaN }),
    },
    make('no-prefix', 'prefix only for words the index does not know', { prefixKnownLast: false, andFirst: false }),
    make('prune-10%', 'drop terms in >10% of passages when a rarer one remains', {
      prefixKnownLast: true,
      andFirst: false,
      pruneAbove: pct(0.1),
    }),
    make('prune-3%', 'drop terms in >3% of passages when a rarer one remains', {
      prefixKnownLast: true,
      andFirst: false,
      pruneAbove: pct(0.03),
    }),
    make('and-first', 'AND, then OR when AND finds fewer than the limit', { prefixKnownLast: true, andFirst: true }),
    make('no-prefix+prune-2000', 'no prefix on known words, drop terms in >2000 passages', {
      prefixKnownLast: false,
      andFirst: false,
      pruneAbove: 2000,
    }),
    make('no-prefix+prune-3%', 'both', { prefixKnownLast: false, andFirst: false, pruneAbove: pct(0.03) }),
    make('no-prefix+and-first', 'both', { prefixKnownLast: false, andFirst: true }),
    make('maxFuzzy-1', 'baseline, with at most one edit for fuzzy terms', {
      prefixKnownLast: true,
      andFirst: false,
      maxFuzzy: 1,
    }),
    ...pruned.flatMap((p) => [
      make(`static-${p.keep}`, `baseline on an index keeping ${p.keep} postings per term and field, IDF restored`, {
        prefixKnownLast: true,
        andFirst: false,
        pruned: p,
      }),
      make(`static-${p.keep}+no-prefix+prune-2000`, 'all three', {
        prefixKnownLast: false,
        andFirst: false,
        pruneAbove: 2000,
        pruned: p,
      }),
      make(`static-${p.keep}+no-prefix+prune-10%`, 'all three', {
        prefixKnownLast: false,
        andFirst: false,
        pruneAbove: pct(0.1),
        pruned: p,
      }),
    ]),
  ];
}

function options(query: readonly QueryTerm[], combineWith: 'AND' | 'OR', knobs: Knobs): SearchOptions {
  const o = SEARCH_OPTIONS;
  const known = new Map(query.map((q) => [q.term, q.known]));
  return {
    boost: o.boost,
    bm25: o.bm25,
    weights: o.weights,
    combineWith,
    ...(knobs.maxFuzzy === undefined ? {} : { maxFuzzy: knobs.maxFuzzy }),
    ...(knobs.pruned === undefined ? {} : { boostTerm: knobs.pruned.boostTerm }),
    fuzzy: (t) => (!(known.get(t) ?? false) && t.length >= o.fuzzyMinLength ? o.fuzzy : false),
    prefix: (t, i, all) =>
      t.length >= o.prefixMinLength && ((knobs.prefixKnownLast && i === all.length - 1) || !(known.get(t) ?? false)),
  };
}
