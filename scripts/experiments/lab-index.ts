/**
 * Throwaway experiment code: a copy of KnowledgeIndex's MiniSearch set-up and
 * search, plus query expansion from word vectors, so that expansion can be
 * measured without touching src/. `expansion: undefined` reproduces
 * KnowledgeIndex.search exactly (checked by the lab against `npm run eval`).
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import { checkQuestion } from '../../src/answer/question.js';
import type { Knowledge, Passage } from '../../src/knowledge/types.js';
import type { Acronym } from '../../src/search/acronyms.js';
import { KnowledgeIndex, SEARCH_OPTIONS, type QueryTerm } from '../../src/search/knowledge-index.js';
import { term, tokenize } from '../../src/text/analyze.js';
import { isEnglishWord } from '../../src/text/english-rarity.js';
import { fold } from '../../src/text/fold.js';

/** One expansion candidate: an index term near a query word. */
export interface Neighbour {
  readonly term: string;
  readonly similarity: number;
}

/** Something that proposes index terms near a query word. */
export interface Expander {
  /** Index terms near `word` (as typed, folded inside), best first, at most `k`, similarity ≥ `min`. */
  near(word: string, k: number, min: number): Neighbour[];
}

export interface ExpansionSettings {
  readonly expander: Expander;
  /** Minimum cosine similarity. */
  readonly tau: number;
  /** Most expansions per query term. */
  readonly k: number;
  /** Ranking: an expansion term's MiniSearch boost is similarity × boost. */
  readonly boost: number;
  /** Answering: an expansion match covers the query term's weight × similarity × credit. */
  readonly credit: number;
  /** Which query terms to expand. */
  readonly which: 'unknown' | 'all';
  /** How an expansion match counts in MiniSearch's "number of query terms matched" multiplier. */
  readonly quality: 'count' | 'partial';
}

export interface LabHit {
  readonly passage: Passage;
  readonly score: number;
  readonly coverage: number;
}

interface IndexedPassage {
  readonly id: number;
  readonly text: string;
  readonly section: string;
  readonly title: string;
  readonly aliases: string;
}

const FIELDS = ['text', 'section', 'title', 'aliases'] as const;
const MAX_QUERY_TERMS = 32;

export class LabIndex {
  readonly index: KnowledgeIndex;
  readonly knowledge: Knowledge;
  /** Every index term with the folded surface words that produce it. */
  readonly termWords = new Map<string, Map<string, number>>();
  readonly #search: MiniSearch<IndexedPassage>;

  constructor(knowledge: Knowledge) {
    this.knowledge = knowledge;
    this.index = KnowledgeIndex.build(knowledge);
    const aliasesOf = aliasFinder(this.index.acronyms);
    this.#search = new MiniSearch<IndexedPassage>({
      fields: [...FIELDS],
      storeFields: [],
      tokenize,
      processTerm: term,
      searchOptions: { tokenize: (t) => t.split(' '), processTerm: (t) => t },
    });
    const docs = knowledge.passages.map((p) => ({
      id: p.id,
      text: p.text,
      section: p.section.heading,
      title: p.document.title,
      aliases: aliasesOf(p.text),
    }));
    for (const doc of docs)
      for (const field of FIELDS)
        for (const word of tokenize(doc[field])) {
          const t = term(word);
          if (t === null) continue;
          const words = this.termWords.get(t) ?? new Map<string, number>();
          words.set(fold(word), (words.get(fold(word)) ?? 0) + 1);
          this.termWords.set(t, words);
        }
    this.#search.addAll(docs);
  }

  /** Copy of KnowledgeAnswerer's #understand: spelling fixes, then dedupe. */
  understand(question: string): QueryTerm[] {
    const checked = checkQuestion(question);
    if (!checked.ok) return [];
    const query: QueryTerm[] = [];
    for (const q of this.index.analyze(checked.question).slice(0, MAX_QUERY_TERMS)) {
      const fix = q.known || isEnglishWord(q.word) ? undefined : this.index.vocabulary.closest(q.word);
      const fixed = fix === undefined ? undefined : this.index.analyze(fix)[0];
      query.push(fix !== undefined && fixed !== undefined && fixed.known ? fixed : q);
    }
    const seen = new Set<string>();
    return query.filter((q) => !seen.has(q.term) && seen.add(q.term));
  }

  /** Copy of KnowledgeIndex.search, with optional expansion. */
  search(query: readonly QueryTerm[], limit: number, x?: ExpansionSettings): LabHit[] {
    if (query.length === 0) return [];
    const o = SEARCH_OPTIONS;
    const byTerm = new Map(query.map((q) => [q.term, q]));
    // expansion term -> [source term, similarity] (best source kept)
    const expansions = new Map<string, { source: string; similarity: number }>();
    if (x !== undefined) {
      for (const q of query) {
        if (x.which === 'unknown' && q.known) continue;
        for (const n of x.expander.near(q.word, x.k, x.tau)) {
          if (byTerm.has(n.term) || n.term === q.term) continue;
          const prev = expansions.get(n.term);
          if (prev === undefined || prev.similarity < n.similarity)
            expansions.set(n.term, { source: q.term, similarity: n.similarity });
        }
      }
    }
    const main = query.map((q) => q.term).join(' ');
    const options = {
      boost: o.boost,
      bm25: o.bm25,
      weights: o.weights,
      combineWith: 'OR' as const,
      fuzzy: (t: string): number | false =>
        !(byTerm.get(t)?.known ?? false) && byTerm.has(t) && t.length >= o.fuzzyMinLength ? o.fuzzy : false,
      prefix: (t: string, i: number, all: string[]): boolean =>
        byTerm.has(t) &&
        t.length >= o.prefixMinLength &&
        (i === all.length - 1 || !(byTerm.get(t)?.known ?? false)),
    };
    let results: SearchResult[];
    if (expansions.size === 0 || x === undefined) {
      results = this.#search.search(main, options);
    } else {
      const extra = [...expansions.keys()].join(' ');
      results = this.#search.search(
        {
          combineWith: 'OR',
          queries: [
            main,
            {
              queries: [extra],
              fuzzy: false,
              prefix: false,
              boostTerm: (t: string) => (expansions.get(t)?.similarity ?? 0) * x.boost,
            },
          ],
        },
        options,
      );
      if (x.quality === 'partial') {
        for (const r of results) {
          const raw = r.score / Math.max(1, r.queryTerms.length);
          r.score = raw * effectiveQuality(r, byTerm, expansions, 1);
        }
        results.sort((a, b) => b.score - a.score);
      }
    }
    const total = query.reduce((sum, q) => sum + q.weight, 0);
    const hits: LabHit[] = [];
    for (const result of results.slice(0, limit)) {
      const passage = this.knowledge.passages[result.id as number];
      if (passage === undefined) continue;
      const exact = new Set(result.terms);
      const credit = new Map<string, number>();
      for (const t of result.queryTerms) {
        if (byTerm.has(t)) {
          credit.set(t, Math.max(credit.get(t) ?? 0, exact.has(t) ? 1 : o.approximateCredit));
        } else {
          const e = expansions.get(t);
          if (e !== undefined && x !== undefined)
            credit.set(e.source, Math.max(credit.get(e.source) ?? 0, e.similarity * x.credit));
        }
      }
      let covered = 0;
      for (const [t, c] of credit) covered += (byTerm.get(t)?.weight ?? 0) * c;
      hits.push({ passage, score: result.score, coverage: total > 0 ? covered / total : 0 });
    }
    return hits;
  }
}

function effectiveQuality(
  r: SearchResult,
  byTerm: ReadonlyMap<string, QueryTerm>,
  expansions: ReadonlyMap<string, { source: string; similarity: number }>,
  factor: number,
): number {
  const credit = new Map<string, number>();
  for (const t of r.queryTerms) {
    if (byTerm.has(t)) credit.set(t, 1);
    else {
      const e = expansions.get(t);
      if (e !== undefined) credit.set(e.source, Math.max(credit.get(e.source) ?? 0, e.similarity * factor));
    }
  }
  let q = 0;
  for (const c of credit.values()) q += c;
  return Math.max(q, 1e-9);
}

function uniqueAcronyms(found: readonly Acronym[]): Acronym[] {
  const byName = new Map<string, Acronym>();
  for (const a of found) if (!byName.has(a.acronym)) byName.set(a.acronym, a);
  return [...byName.values()];
}

/** Copy of knowledge-index.ts aliasFinder. */
function aliasFinder(acronyms: readonly Acronym[]): (text: string) => string {
  const pairs = uniqueAcronyms(acronyms).map((a) => ({
    a,
    acronym: a.acronym,
    expansion: fold(a.expansion).replace(/[^\p{L}\p{N}]+/gu, ' '),
  }));
  return (text) => {
    const words = new Set(tokenize(text));
    const flat = ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
    const aliases: string[] = [];
    for (const { a, acronym, expansion } of pairs) {
      const hasAcronym = words.has(acronym);
      const hasExpansion = flat.includes(` ${expansion} `);
      if (hasAcronym && !hasExpansion) aliases.push(a.expansion);
      if (hasExpansion && !hasAcronym) aliases.push(acronym);
    }
    return aliases.join(' ');
  };
}
