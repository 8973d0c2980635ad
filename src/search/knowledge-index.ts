import type MiniSearch from 'minisearch';
import type { Options, SearchOptions, SearchResult } from 'minisearch';
import { formatAddress } from '../knowledge/build-document.js';
import type { Alias } from '../knowledge/aliases.js';
import type {
  DocumentRef,
  Knowledge,
  KnowledgeDocument,
  KnowledgeProblem,
  Passage,
  Section,
} from '../knowledge/types.js';
import { term, terms, tokenize, tokens } from '../text/analyze.js';
import { englishRarity } from '../text/english-rarity.js';
import { asksForMeasure, countryOf, isNotContent, spellOutSlashes, spelledOut } from '../text/question-words.js';
import { aliasFinder, learnAcronyms, uniqueAcronyms, type Acronym } from './acronyms.js';
import { ownerAliasFinder } from './owner-aliases.js';
import { miniSearchOf, miniSearchScore, searchTop, type RawResult } from './minisearch-bridge.js';
import { PostingsBuilder } from './postings-builder.js';
import { Postings } from './postings.js';
import { Vocabulary } from './vocabulary.js';
import {
  EXPANSION_OPTIONS,
  expandQuery,
  relatedBoost,
  relatedCredit,
  rescoreRelated,
  wordNeighbours,
  type Expansion,
  type ExpansionOptions,
} from './word-vectors.js';

/** A word of the question, as the index sees it. */
export interface QueryTerm {
  /** The index term (folded, stemmed). */
  readonly term: string;
  /** The word as the user typed it. */
  readonly word: string;
  /** How much the word says: inverse document frequency, highest for unknown words. */
  readonly weight: number;
  /** Whether the index holds this exact term. */
  readonly known: boolean;
}

/** How a query term met a passage. */
export type MatchKind = 'exact' | 'approximate';

/** One ranked passage. */
export interface SearchHit {
  readonly passage: Passage;
  readonly score: number;
  /** Query terms that met the passage, and how. */
  readonly matched: ReadonlyMap<string, MatchKind>;
  /** The passage's own terms that matched, for highlighting. */
  readonly passageTerms: readonly string[];
  /** Share of the question's weight that the passage covers, 0–1. */
  readonly coverage: number;
}

/** How the index ranks passages. */
export interface SearchTuning {
  /** Field weights: passage text, section heading, document title, acronym aliases. */
  readonly boost: { readonly text: number; readonly section: number; readonly title: number; readonly aliases: number };
  /** MiniSearch's BM25+ parameters. */
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
  /** Unknown words at least this long are matched fuzzily, within `fuzzy` × length edits (0 turns it off). */
  readonly fuzzyMinLength: number;
  readonly fuzzy: number;
  /** The last word, or an unknown one, at least this long also matches as a prefix. */
  readonly prefixMinLength: number;
  /** Score weights of fuzzy and prefix matches. */
  readonly weights: { readonly fuzzy: number; readonly prefix: number };
  /** How much of a word's weight a fuzzy or prefix match covers. */
  readonly approximateCredit: number;
  /** Query expansion never leads to a term in more passages than this. */
  readonly commonTermPassages: number;
  /** Postings kept per term and field, the highest-scoring ones (static pruning; see src/search/postings.ts). */
  readonly postingsPerTerm: number;
  /** Postings per field that one question may score, shared by its terms, rare ones first (see src/search/postings.ts). */
  readonly postingsPerQuestion: number;
  /** When that budget left postings out: how many of the best passages are scored again on all of them. */
  readonly candidates: number;
  /** Related terms from word vectors (src/search/word-vectors.ts); `null` turns query expansion off. */
  readonly expansion: ExpansionOptions | null;
  /**
   * How question words weigh (see `analyze`): everyday-English rarity above
   * `known` (words the documents use) or `unknown` (words they never use)
   * counts, the latter times `unknownFactor`.
   */
  readonly weighting: {
    readonly known: number;
    readonly unknown: number;
    readonly unknownFactor: number;
    /** How much these weights also rank passages, 0 (BM25 alone) to 1 (see `#termBoost`). */
    readonly rank: number;
  };
  /**
   * How much the passage's best single sentence counts in ranking, 0 (the
   * passage's BM25 alone) to 1, among its first `candidates` passages (see `#bySentence`).
   */
  readonly sentence: {
    readonly weight: number;
    readonly candidates: number;
    /** What two question words standing side by side in the sentence add, times the lighter one's weight. */
    readonly bigram: number;
  };
}

/** Search options measured on the eval set (`npm run eval -- --sweep`; see docs/answer-quality.md). */
export const SEARCH_OPTIONS: SearchTuning = {
  boost: { text: 1, section: 0.6, title: 0.2, aliases: 0.8 },
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  fuzzyMinLength: 5,
  fuzzy: 0,
  prefixMinLength: 4,
  weights: { fuzzy: 0.45, prefix: 0.35 },
  approximateCredit: 0.5,
  commonTermPassages: 2000,
  postingsPerTerm: 10_000,
  postingsPerQuestion: 2000,
  candidates: 300,
  expansion: EXPANSION_OPTIONS,
  weighting: { known: 4, unknown: 7, unknownFactor: 1, rank: 0.5 },
  sentence: { weight: 0.3, candidates: 12, bigram: 0.5 },
};

/** A passage as MiniSearch indexes it: one field per part that can match. */
export interface IndexedPassage {
  readonly id: number;
  readonly text: string;
  readonly section: string;
  readonly title: string;
  readonly aliases: string;
}

const FIELDS = ['text', 'section', 'title', 'aliases'] as const;
const WORD = /[\p{L}\p{N}]+/gu;
/** Passages whose terms and sentences are kept at once (see `#sentenceTerms`): a few MB. */
const SENTENCE_CACHE = 4096;
/** Where a sentence ends. */
const SENTENCE_END = /[.!?]/;

/** A passage's terms in order (stop words left out), and where each sentence starts among them. */
interface SentenceTerms {
  readonly terms: readonly string[];
  /** Index in `terms` of each sentence's first term, after the first sentence. */
  readonly breaks: readonly number[];
}

/** Splits a passage into its terms and sentences: a sentence ends at ., ! or ? between words. */
function sentenceTerms(text: string): SentenceTerms {
  const out: string[] = [];
  const breaks: number[] = [];
  for (const piece of text.split(SENTENCE_END)) {
    const words = piece.match(WORD);
    if (words === null) continue;
    if (out.length > 0 && breaks.at(-1) !== out.length) breaks.push(out.length);
    for (const word of words) {
      const t = term(word);
      if (t !== null) out.push(t);
    }
  }
  return { terms: out, breaks };
}

/**
 * The best sentence's score: the weights of the `matched` terms it holds, each
 * once, plus `bigram` times the lighter of two question words side by side (as
 * `pairs` lists them).
 */
function sentenceScore(
  passage: SentenceTerms,
  matched: ReadonlySet<string>,
  weigh: (t: string) => number,
  pairs: ReadonlySet<string>,
  bigram: number,
): number {
  const { terms: all, breaks } = passage;
  let best = 0;
  let sum = 0;
  let from = 0;
  let next = 0;
  for (let i = 0; i < all.length; i++) {
    if (i === breaks[next]) {
      if (sum > best) best = sum;
      sum = 0;
      from = i;
      next++;
    }
    const t = all[i] as string;
    if (!matched.has(t)) continue;
    // Counted once per sentence: the first time it appears in it.
    if (all.indexOf(t, from) === i) sum += weigh(t);
    const previous = i > from ? all[i - 1] : undefined;
    if (bigram > 0 && previous !== undefined && pairs.has(`${previous} ${t}`))
      sum += bigram * Math.min(weigh(t), weigh(previous));
  }
  return Math.max(best, sum);
}

const identity = (t: string): string => t;
const splitSpaces = (t: string): string[] => t.split(' ');

/**
 * The passages of the knowledge in a MiniSearch index, with the analysis
 * (folding, stop words, stemming), fuzzy and prefix matching, and the
 * acronyms the documents define.
 *
 * @example
 * const index = KnowledgeIndex.build(knowledge);
 * index.search(index.analyze('What is APEC?'), 3)[0]?.passage.address
 */
export class KnowledgeIndex {
  readonly knowledge: Knowledge;
  readonly acronyms: readonly Acronym[];
  readonly vocabulary: Vocabulary;
  readonly #postings: Postings;
  readonly #search: MiniSearch<IndexedPassage>;
  readonly #documentFrequency: Map<string, number>;
  readonly #tuning: SearchTuning;
  readonly #sentences = new Map<number, SentenceTerms>();

  private constructor(
    knowledge: Knowledge,
    acronyms: readonly Acronym[],
    postings: Postings,
    df: Map<string, number>,
    vocabulary: Vocabulary,
    tuning: SearchTuning,
  ) {
    this.#tuning = tuning;
    this.knowledge = knowledge;
    this.acronyms = acronyms;
    this.#postings = postings;
    this.#search = miniSearchOf(postings, miniSearchOptions());
    this.#documentFrequency = df;
    this.vocabulary = vocabulary;
  }

  /** Builds the index of every passage. Deterministic for the same knowledge. */
  static build(knowledge: Knowledge, tuning: SearchTuning = SEARCH_OPTIONS): KnowledgeIndex {
    const acronyms = uniqueAcronyms(knowledge.passages.flatMap((p) => learnAcronyms(p.text)));
    const aliasesOf = aliasFinder(acronyms);
    const ownerAliasesOf = ownerAliasFinder(knowledge);
    const df = new Map<string, number>();
    const vocabulary = new Vocabulary();
    const builder = new PostingsBuilder(FIELDS.length);
    // Headings and titles repeat for every passage under them: analyse each once.
    const repeated = new Map<string, FieldTerms>();
    const analyseRepeated = (value: string): FieldTerms => {
      let found = repeated.get(value);
      if (found === undefined) repeated.set(value, (found = fieldTerms(value)));
      return found;
    };
    for (const passage of knowledge.passages) {
      const fields = [
        fieldTerms(passage.text, vocabulary),
        analyseRepeated(passage.section.heading),
        analyseRepeated(passage.document.title),
        fieldTerms(`${aliasesOf(passage.text)} ${ownerAliasesOf(passage.document.file, passage.text)}`),
      ];
      const seen = new Set<string>();
      for (const field of fields) for (const t of field.frequencies.keys()) seen.add(t);
      for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
      builder.add(
        fields.map((f) => f.frequencies),
        fields.map((f) => f.length),
      );
    }
    const postings = builder.build({ keep: tuning.postingsPerTerm, bm25: tuning.bm25 });
    // Read the word-neighbour table now (a few ms, once per process), not on the first question.
    if (tuning.expansion !== null) wordNeighbours();
    return new KnowledgeIndex(knowledge, acronyms, postings, df, vocabulary, tuning);
  }

  /** Everything needed to rebuild this index without re-indexing: see `fromSnapshot`. */
  toSnapshot(): IndexSnapshot {
    const p = this.#postings;
    return {
      meta: {
        knowledge: {
          version: this.knowledge.version,
          problems: this.knowledge.problems,
          documents: this.knowledge.documents.map((d) => ({
            ...documentRefOf(d),
            ...(d.aliases === undefined ? {} : { aliases: d.aliases }),
            sections: d.sections.map((s) => ({
              number: s.number,
              heading: s.heading,
              ...(s.headingRange === undefined ? {} : { headingRange: s.headingRange }),
              passages: s.passages.length,
            })),
          })),
        },
        acronyms: this.acronyms,
        vocabulary: this.vocabulary.toJSON(),
        terms: p.terms,
        averageFieldLength: p.averageFieldLength,
      },
      arrays: {
        passageRanges: Uint32Array.from(this.knowledge.passages.flatMap((x) => [x.start, x.end])),
        documentFrequency: Uint32Array.from(p.terms, (t) => this.documentFrequency(t)),
        offsets: p.offsets,
        postings: p.data,
        fieldLength: p.fieldLength,
      },
      texts: this.knowledge.passages.map((x) => x.text),
    };
  }

  /** Rebuilds an index from `toSnapshot()`'s output, without tokenizing or indexing anything. */
  static fromSnapshot(snapshot: IndexSnapshot): KnowledgeIndex {
    const { meta, arrays, texts } = snapshot;
    const documents: KnowledgeDocument[] = [];
    const passages: Passage[] = [];
    for (const d of meta.knowledge.documents) {
      const ref = documentRefOf(d);
      const sections: Section[] = d.sections.map((s) => {
        const section = { number: s.number, heading: s.heading };
        const own: Passage[] = [];
        for (let i = 0; i < s.passages; i++) {
          const id = passages.length;
          const text = texts[id];
          if (text === undefined) throw new Error('snapshot: fewer passage texts than passages');
          const passage: Passage = {
            id,
            address: formatAddress(ref.slug, s.number, i + 1),
            text,
            document: ref,
            section,
            number: i + 1,
            start: arrays.passageRanges[2 * id] ?? 0,
            end: arrays.passageRanges[2 * id + 1] ?? 0,
          };
          own.push(passage);
          passages.push(passage);
        }
        return s.headingRange === undefined
          ? { ...section, passages: own }
          : { ...section, headingRange: s.headingRange, passages: own };
      });
      documents.push(d.aliases === undefined ? { ...ref, sections } : { ...ref, sections, aliases: d.aliases });
    }
    const knowledge: Knowledge = {
      documents,
      passages,
      problems: meta.knowledge.problems,
      version: meta.knowledge.version,
    };
    const postings = new Postings(
      FIELDS.length,
      meta.terms,
      arrays.offsets,
      arrays.postings,
      arrays.fieldLength,
      meta.averageFieldLength,
    );
    if (postings.passages !== passages.length) throw new Error('snapshot: postings and passages do not match');
    const df = new Map<string, number>();
    for (const [i, t] of meta.terms.entries()) df.set(t, arrays.documentFrequency[i] ?? 0);
    if (SEARCH_OPTIONS.expansion !== null) wordNeighbours();
    return new KnowledgeIndex(
      knowledge,
      meta.acronyms,
      postings,
      df,
      Vocabulary.fromJSON(meta.vocabulary),
      SEARCH_OPTIONS,
    );
  }

  /** How many passages hold a term. */
  documentFrequency(t: string): number {
    return this.#documentFrequency.get(t) ?? 0;
  }

  /** Whether query expansion may lead to a term: the index holds it, and it is not one of the very common ones. */
  #isRelatable(t: string): boolean {
    const df = this.documentFrequency(t);
    return df > 0 && df <= this.#tuning.commonTermPassages;
  }

  /**
   * The question's index terms, each once, weighted by how much they say
   * about these documents. A word the documents use weighs its everyday-English
   * rarity times its distinctiveness here (`ln(N/df) / ln(N)` over N passages):
   * "Russia" in every passage of a Russia–China essay weighs nothing, "pipeline"
   * in one passage weighs fully. A word the documents never use weighs by how
   * far it is rarer than everyday words ("think", "see" weigh nothing;
   * "Ukraine", "tariff", "2023" a lot), and counts against answering unless a
   * passage covers it some other way. Words that frame the question ("the
   * author", "the article") and chat words ("lol", "tbh") are left out; a
   * country's code, capital or government seat ("RU", "Beijing", "Kremlin")
   * stands for the country when the documents do not use it.
   */
  analyze(question: string): QueryTerm[] {
    const out = new Map<string, QueryTerm>();
    const n = this.knowledge.passages.length;
    const typedWords = tokenize(spellOutSlashes(question));
    for (const [at, written] of typedWords.entries()) {
      if (isNotContent(written) || asksForMeasure(typedWords, at)) continue;
      let typed = written;
      let word = typed;
      let t = term(word);
      // Shorthand ("natl", "govt", "ppl") is read as its full form, unless the documents use it.
      const full = spelledOut(word);
      if (full !== undefined && (t === null || this.documentFrequency(t) === 0)) {
        typed = full;
        word = full;
        t = term(full);
      }
      const country = countryOf(word);
      if (country !== undefined && (t === null || this.documentFrequency(t) === 0)) {
        word = country;
        t = term(country);
      }
      if (t === null || out.has(t)) continue;
      const df = this.documentFrequency(t);
      const rarity = englishRarity(typed);
      const w = this.#tuning.weighting;
      const weight =
        df > 0
          ? Math.max(0, rarity - w.known) * (n > 1 ? Math.log(n / Math.min(df, n)) / Math.log(n) : 1)
          : Math.max(0, rarity - w.unknown) * w.unknownFactor;
      out.set(t, { term: t, word, weight, known: df > 0 });
    }
    return [...out.values()];
  }

  /**
   * The passages that best match the query terms, best first. Words the index
   * knows are matched exactly; unknown words are matched fuzzily (typos) and
   * by prefix (partial words), and also through the index terms nearest to
   * them by word vectors (src/search/word-vectors.ts), which count for less.
   */
  search(query: readonly QueryTerm[], limit: number): SearchHit[] {
    if (query.length === 0) return [];
    const o = this.#tuning;
    const byTerm = new Map(query.map((q) => [q.term, q]));
    // Words the index does not know also look for the index terms nearest to them by word vectors
    // ("press" → "media"); those related terms match only exactly and count for less.
    const x = o.expansion ?? undefined;
    const expansions =
      x === undefined
        ? new Map<string, Expansion>()
        : expandQuery(query, wordNeighbours(), (t) => this.#isRelatable(t), x);
    const searchTerms = [...query.map((q) => q.term), ...expansions.keys()];
    const text = searchTerms.join(' ');
    const options: SearchOptions = {
      boost: o.boost,
      bm25: o.bm25,
      weights: o.weights,
      combineWith: 'OR',
      boostTerm: this.#termBoost(query, relatedBoost(expansions, x)),
      fuzzy: (t) =>
        o.fuzzy > 0 && byTerm.has(t) && !(byTerm.get(t)?.known ?? false) && t.length >= o.fuzzyMinLength
          ? o.fuzzy
          : false,
      // Only a word the index does not know can be a partial one; expanding known words costs time
      // on large knowledge and adds noise.
      prefix: (t) => byTerm.has(t) && t.length >= o.prefixMinLength && !(byTerm.get(t)?.known ?? false),
    };
    // A related term counts in MiniSearch's "terms matched" multiplier by its similarity, not as a whole word.
    const score =
      expansions.size > 0
        ? (raw: RawResult) => rescoreRelated({ score: miniSearchScore(raw), queryTerms: raw.terms }, byTerm, expansions)
        : miniSearchScore;
    // However large the knowledge, a question first scores at most `postingsPerQuestion` postings per
    // field, common terms bringing only their strongest. When that left any out, its best candidates
    // are scored again on every posting, so that a passage holding all the words is not outranked.
    const budget = this.#postings.budget(searchTerms, o.postingsPerQuestion);
    const rerank = o.sentence.weight > 0 && searchTerms.length > 1;
    const wanted = rerank ? Math.max(limit, o.sentence.candidates) : limit;
    let results = this.#postings.within(budget, () =>
      searchTop(
        this.#search,
        text,
        options,
        budget.cut.size > 0 && searchTerms.length > 1 ? Math.max(wanted, o.candidates) : wanted,
        score,
      ),
    );
    if (budget.cut.size > 0 && searchTerms.length > 1) {
      // The candidates: the best of that first pass, and the passages holding the most of the words
      // (an AND, which a passage holding every word weakly would pass, whatever the budget).
      const passages = [
        ...results.map((r) => r.id as number),
        ...this.#postings.holdingMost(searchTerms, o.candidates),
      ];
      results = this.#postings.within(this.#postings.only(passages), () =>
        searchTop(this.#search, text, options, wanted, score),
      );
    }
    if (rerank) results = this.#bySentence(results, query).slice(0, limit);
    const cut = budget.cut;
    const common = query.filter((q) => cut.has(q.term));
    const total = query.reduce((sum, q) => sum + q.weight, 0);
    const hits: SearchHit[] = [];
    for (const result of results) {
      const passage = this.knowledge.passages[result.id as number];
      if (passage === undefined) continue;
      const matched = matchKinds(result, byTerm);
      const passageTerms = common.length > 0 ? withCommonTerms(passage, common, matched, result.terms) : result.terms;
      const related = relatedCredit(result, expansions, x);
      let covered = 0;
      for (const q of query) {
        const kind = matched.get(q.term);
        const own = kind === undefined ? 0 : kind === 'exact' ? 1 : o.approximateCredit;
        // Words that every passage holds ("Russia" in a Russia–China essay) weigh nothing; a question
        // made only of them is about the documents as a whole, and each of its words counts alike.
        covered += (total > 0 ? q.weight : 1) * Math.max(own, related.get(q.term) ?? 0);
      }
      hits.push({
        passage,
        score: result.score,
        matched,
        passageTerms,
        coverage: covered / (total > 0 ? total : query.length),
      });
    }
    return hits;
  }

  /**
   * Ranks results again on their passage's score and their best sentence's:
   * a question usually restates one sentence, so a passage whose matched words
   * stand together in one sentence beats one where they are scattered. A
   * sentence scores the inverse document frequency (BM25's) of each matched
   * term: evidence from these documents only, not English rarity, which
   * already ranks through `#termBoost` (with `sentence.bigram`, two question
   * words side by side add a bonus). Each score is taken as a share of the best
   * among `results`, and mixed with the passage's share by `sentence.weight`.
   * Scores keep their scale.
   */
  #bySentence(results: SearchResult[], query: readonly QueryTerm[]): SearchResult[] {
    if (results.length === 0) return results;
    const n = this.knowledge.passages.length;
    const weightOf = new Map<string, number>();
    const weigh = (t: string): number => {
      let w = weightOf.get(t);
      if (w === undefined) {
        const df = this.documentFrequency(t);
        w = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        weightOf.set(t, w);
      }
      return w;
    };
    const { weight, bigram } = this.#tuning.sentence;
    // Question words next to each other ("trial division"), in either order.
    const pairs = new Set<string>();
    if (bigram > 0)
      for (let i = 1; i < query.length; i++) {
        const [x, y] = [query[i - 1]?.term, query[i]?.term];
        pairs.add(`${x} ${y}`).add(`${y} ${x}`);
      }
    const best = results.map((r) => {
      const matched = Object.keys(r.match);
      // One matched term: its weight, wherever it stands (no need to read the sentences).
      if (matched.length === 1) return weigh(matched[0] ?? '');
      return sentenceScore(this.#sentenceTerms(r.id as number), new Set(matched), weigh, pairs, bigram);
    });
    const maxScore = Math.max(...results.map((r) => r.score));
    const maxSentence = Math.max(...best);
    if (!(maxScore > 0) || !(maxSentence > 0)) return results;
    return results
      .map((r, i) => ({
        ...r,
        score: maxScore * ((1 - weight) * (r.score / maxScore) + (weight * (best[i] ?? 0)) / maxSentence),
      }))
      .sort((x, y) => y.score - x.score);
  }

  /** A passage's terms and sentences (see `sentenceTerms`), kept for the passages most recently asked about. */
  #sentenceTerms(id: number): SentenceTerms {
    let found = this.#sentences.get(id);
    if (found === undefined) {
      found = sentenceTerms(this.knowledge.passages[id]?.text ?? '');
      if (this.#sentences.size >= SENTENCE_CACHE) this.#sentences.clear();
      this.#sentences.set(id, found);
    }
    return found;
  }

  /**
   * Each question term's boost in ranking: `1 - rank + rank × weight / mean
   * weight`, so a question's rare words ("Nixon") rank passages more than its
   * everyday ones ("bring"), which BM25 alone, knowing only these documents,
   * weighs alike. Related terms from expansion keep their own boost.
   */
  #termBoost(query: readonly QueryTerm[], related: (t: string) => number): (t: string) => number {
    const rank = this.#tuning.weighting.rank;
    const mean = query.reduce((sum, q) => sum + q.weight, 0) / Math.max(1, query.length);
    if (rank === 0 || mean <= 0) return related;
    const boosts = new Map(query.map((q) => [q.term, 1 - rank + (rank * q.weight) / mean]));
    return (t) => boosts.get(t) ?? related(t);
  }

  /** The words of a passage whose terms are among `passageTerms`, as written, for highlighting. */
  highlightWords(text: string, passageTerms: readonly string[]): string[] {
    const wanted = new Set(passageTerms);
    const words = new Set<string>();
    for (const { word } of tokens(text)) {
      const t = term(word);
      if (t !== null && wanted.has(t)) words.add(word);
    }
    return [...words];
  }
}

/** A field's terms with their frequencies, and its length as MiniSearch counts it (distinct words). */
interface FieldTerms {
  readonly frequencies: ReadonlyMap<string, number>;
  readonly length: number;
}

/** Analyses one field of a passage, as MiniSearch's `add` would; words of the text also go to the vocabulary. */
function fieldTerms(value: string, vocabulary?: Vocabulary): FieldTerms {
  const words = tokenize(value);
  const frequencies = new Map<string, number>();
  for (const word of words) {
    const t = term(word);
    if (t === null) continue;
    frequencies.set(t, (frequencies.get(t) ?? 0) + 1);
    vocabulary?.add(word, t);
  }
  return { frequencies, length: new Set(words).size };
}

/** How `KnowledgeIndex` sets up MiniSearch (analysis at indexing; queries arrive as index terms). */
export function miniSearchOptions(): Options<IndexedPassage> {
  return {
    fields: [...FIELDS],
    storeFields: [],
    tokenize,
    processTerm: term,
    searchOptions: { tokenize: splitSpaces, processTerm: identity },
  };
}

function documentRefOf(d: DocumentRef): DocumentRef {
  return d.url === undefined
    ? { slug: d.slug, title: d.title, file: d.file }
    : { slug: d.slug, title: d.title, url: d.url, file: d.file };
}

/** The serialisable form of an index (see `KnowledgeIndex.toSnapshot`): small JSON, large arrays, passage texts. */
export interface IndexSnapshot {
  readonly meta: {
    readonly knowledge: {
      readonly version: string;
      readonly problems: readonly KnowledgeProblem[];
      readonly documents: ReadonlyArray<
        DocumentRef & {
          readonly aliases?: readonly Alias[];
          readonly sections: ReadonlyArray<{
            readonly number: number;
            readonly heading: string;
            readonly headingRange?: readonly [number, number];
            /** How many passages the section has; their texts and ranges follow in order. */
            readonly passages: number;
          }>;
        }
      >;
    };
    readonly acronyms: readonly Acronym[];
    readonly vocabulary: ReturnType<Vocabulary['toJSON']>;
    readonly terms: readonly string[];
    readonly averageFieldLength: readonly number[];
  };
  readonly arrays: Readonly<Record<SnapshotArray, Uint32Array>>;
  readonly texts: readonly string[];
}

/** The typed arrays of a snapshot, in the order a snapshot file holds them. */
export const SNAPSHOT_ARRAYS = ['passageRanges', 'documentFrequency', 'offsets', 'postings', 'fieldLength'] as const;
export type SnapshotArray = (typeof SNAPSHOT_ARRAYS)[number];

/** Adds the common query terms a passage holds to its matches (see `search`). */
function withCommonTerms(
  passage: Passage,
  common: readonly QueryTerm[],
  matched: Map<string, MatchKind>,
  found: readonly string[],
): string[] {
  const own = new Set(terms(`${passage.text} ${passage.section.heading} ${passage.document.title}`));
  const out = [...found];
  for (const q of common) {
    if (!own.has(q.term)) continue;
    matched.set(q.term, 'exact');
    out.push(q.term);
  }
  return out;
}

/** How each question term met the passage (related terms from expansion are not question terms). */
function matchKinds(result: SearchResult, question: ReadonlyMap<string, unknown>): Map<string, MatchKind> {
  const exact = new Set(result.terms);
  const out = new Map<string, MatchKind>();
  for (const q of result.queryTerms) if (question.has(q)) out.set(q, exact.has(q) ? 'exact' : 'approximate');
  return out;
}
