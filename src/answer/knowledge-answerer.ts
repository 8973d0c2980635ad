import type { Passage } from '../knowledge/types.js';
import type { KnowledgeIndex, QueryTerm, SearchHit } from '../search/knowledge-index.js';
import { isEnglishWord } from '../text/english-rarity.js';
import { fold } from '../text/fold.js';
import { tokens, term } from '../text/analyze.js';
import { parseAddress } from './address.js';
import type { Answer, Answerer, AskOptions, Band, Citation, CiteResult, Topics } from './answer.js';
import { bestSentence } from './best-sentence.js';
import { clip } from './clip.js';
import { dedupeTerms, negates } from './corrections.js';
import { CUTOFFS, decide, decisionFeatures, readQuestion, type Cutoffs, type QuestionShape } from './decision.js';
import { keyPhrases } from './key-phrases.js';
import { checkQuestion } from './question.js';

/** How many citations, at most, an answer can page through. */
export const MAX_CITATIONS = 12;
const MAX_QUERY_TERMS = 32;
const NOT_COVERED = "The documents don't cover that.";
const NOT_SURE = "I'm not sure the documents answer that. These passages may be related:";

/**
 * Answers questions from one knowledge index: ranks passages, decides
 * whether they answer, and shapes the answer every adapter renders.
 * Deterministic: the same question and knowledge give the same answer.
 *
 * @example
 * const answerer = new KnowledgeAnswerer(KnowledgeIndex.build(knowledge));
 * answerer.ask('What is APEC?').citations[0]?.address // 'russia-china-relations §1.6'
 */
export class KnowledgeAnswerer implements Answerer {
  readonly #index: KnowledgeIndex;
  readonly #cutoffs: Cutoffs;
  #phrases: string[] | undefined;

  constructor(index: KnowledgeIndex, cutoffs: Cutoffs = CUTOFFS) {
    this.#index = index;
    this.#cutoffs = cutoffs;
  }

  get version(): string {
    return this.#index.knowledge.version;
  }

  get index(): KnowledgeIndex {
    return this.#index;
  }

  ask(raw: string, options: AskOptions = {}): Answer {
    const perPage = clamp(options.perPage ?? 3, 1, MAX_CITATIONS);
    const checked = checkQuestion(raw);
    const base = {
      question: checked.question,
      version: this.version,
      sentence: null,
      suggestions: [],
      page: 1,
      pages: 0,
    };
    if (!checked.ok) return { ...base, answered: false, outcome: 'invalid', message: checked.message, citations: [] };

    const shape = readQuestion(checked.question);
    const { query, hits, decision, suggestions } = this.#understand(checked.question, shape);
    if (query.length === 0) {
      return {
        ...base,
        answered: false,
        outcome: 'invalid',
        message: 'That question only has very common words ("what", "the"…). Please add a word about the topic.',
        citations: [],
      };
    }
    const top = hits[0];
    const cut = this.#cutoffs;
    if (top === undefined || decision < cut.answer) {
      const sure = decision < cut.notSure;
      return {
        ...base,
        suggestions,
        answered: false,
        outcome: sure ? 'not_covered' : 'not_sure',
        message: sure ? NOT_COVERED : NOT_SURE,
        // "Not covered" shows no passage: it never stands above one that might answer after all.
        citations: sure ? [] : hits.slice(0, 3).map((hit) => this.#citation(hit, 'weak')),
      };
    }

    const kept = hits.filter((hit) => hit.score >= top.score * cut.relative);
    const pages = Math.ceil(kept.length / perPage);
    const page = clamp(options.page ?? 1, 1, pages);
    const citations = kept
      .slice((page - 1) * perPage, page * perPage)
      .map((hit) => this.#citation(hit, band(hit, top, cut)));
    const weights = new Map(query.map((q) => [q.term, q.weight]));
    // The passage's own matched words (a related term standing in for a question word) count a little.
    for (const t of top.passageTerms) if (!weights.has(t)) weights.set(t, 0.5);
    return {
      ...base,
      answered: true,
      outcome: 'answered',
      sentence: bestSentence(
        top.passage.text,
        weights,
        shape.kind,
        new Set(tokens(checked.question).map((t) => t.word.toLowerCase())),
      ),
      citations,
      suggestions,
      page,
      pages,
    };
  }

  cite(input: string): CiteResult {
    const parsed = parseAddress(input);
    const hint =
      'Addresses look like `' + (this.#index.knowledge.passages[0]?.address ?? 'slug §1.1') + '`; /topics lists them.';
    if (parsed === undefined)
      return { found: false, message: `"${clip(input, 60)}" is not an address. ${hint}`, suggestions: [] };
    const documents = this.#index.knowledge.documents;
    const matches =
      parsed.slug === undefined
        ? documents
        : documents.filter((d) => d.slug === parsed.slug || d.slug.startsWith(parsed.slug ?? ''));
    const document =
      parsed.slug === undefined
        ? documents.length === 1
          ? documents[0]
          : undefined
        : (matches.find((d) => d.slug === parsed.slug) ?? (matches.length === 1 ? matches[0] : undefined));
    if (document === undefined) {
      const what =
        parsed.slug === undefined
          ? 'Please name the document'
          : `No single document matches "${clip(parsed.slug, 40)}"`;
      return { found: false, message: `${what}. ${hint}`, suggestions: matches.slice(0, 5).map((d) => d.slug) };
    }
    const section = document.sections[parsed.section - 1];
    const passage = section?.passages[(parsed.paragraph ?? 1) - 1];
    if (section === undefined || passage === undefined) {
      const near = (section?.passages ?? document.sections.flatMap((s) => s.passages.slice(0, 1)))
        .slice(0, 5)
        .map((p) => p.address);
      return { found: false, message: `There is no passage at "${clip(input, 60)}". ${hint}`, suggestions: near };
    }
    return { found: true, citation: this.#citationOf(passage, 0, [], 'strong'), version: this.version };
  }

  topics(): Topics {
    return {
      version: this.version,
      documents: this.#index.knowledge.documents.map((d) => ({
        title: d.title,
        slug: d.slug,
        ...(d.url === undefined ? {} : { url: d.url }),
        sections: d.sections.map((s) => ({
          address: `${d.slug} §${s.number}`,
          heading: s.heading,
          passages: s.passages.length,
        })),
      })),
    };
  }

  complete(partial: string): string[] {
    this.#phrases ??= keyPhrases(this.#index.knowledge, this.#index.acronyms);
    const typed = partial.replace(/\s+/g, ' ').trim().slice(0, 100);
    const words = tokens(fold(typed)).map((t) => t.word);
    const last = words.at(-1);
    const wanted = words.map((w) => term(w)).filter((t): t is string => t !== null);
    const scored = this.#phrases
      .map((phrase, order) => {
        const phraseWords = tokens(fold(phrase)).map((t) => t.word);
        const phraseTerms = new Set(phraseWords.map((w) => term(w)));
        let score = wanted.filter((t) => phraseTerms.has(t)).length;
        if (last !== undefined && phraseWords.some((w) => w.startsWith(last))) score += 1;
        return { phrase, order, score };
      })
      .filter((p) => words.length === 0 || p.score > 0)
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .map((p) => p.phrase);
    const out = typed === '' ? scored : [typed, ...scored.filter((p) => p.toLowerCase() !== typed.toLowerCase())];
    return out.slice(0, 25);
  }

  completeAddress(partial: string): Array<{ address: string; label: string }> {
    const typed = fold(partial).trim();
    const out: Array<{ address: string; label: string }> = [];
    for (const passage of this.#index.knowledge.passages) {
      const address = passage.address;
      const label = clip(`${address} · ${passage.section.heading} · ${passage.text}`, 100);
      if (
        typed === '' ||
        fold(address).includes(typed) ||
        fold(passage.text).includes(typed) ||
        fold(passage.section.heading).includes(typed)
      )
        out.push({ address, label });
      if (out.length === 25) break;
    }
    return out;
  }

  /**
   * The question's terms and the passages found for them. A misspelt word is
   * replaced by the closest word the documents use only when that helps: the
   * corrected question must make a better case for answering than the question
   * as typed (see `#decide`), one correction at a time, in the question's order.
   */
  #understand(
    question: string,
    shape: QuestionShape,
  ): { query: QueryTerm[]; hits: SearchHit[]; decision: number; suggestions: string[] } {
    const index = this.#index;
    const query = index.analyze(question).slice(0, MAX_QUERY_TERMS);
    const fixes: Array<{ at: number; word: string; fix: string; term: QueryTerm }> = [];
    for (const [at, q] of query.entries()) {
      // A word English knows is not a typo, even when the documents don't use it.
      // Nor is a number ("2024" must not become "2020"), and a word never becomes its negation.
      const fix =
        q.known || isEnglishWord(q.word) || /\p{N}/u.test(q.word) ? undefined : index.vocabulary.closest(q.word);
      if (fix === undefined || negates(q.word, fix)) continue;
      const fixed = index.analyze(fix)[0];
      if (fixed?.known === true) fixes.push({ at, word: q.word, fix, term: fixed });
    }
    let best = this.#decide(shape, dedupeTerms(query));
    let corrected = question;
    for (const { at, word, fix, term: fixed } of fixes) {
      const tried = query.with(at, fixed);
      const outcome = this.#decide(shape, dedupeTerms(tried));
      if (outcome.decision <= best.decision) continue;
      query[at] = fixed;
      best = outcome;
      corrected = corrected.replace(word, fix);
    }
    return { ...best, suggestions: corrected === question ? [] : [corrected] };
  }

  /** The passages found for a query, and how strong a case the top one makes for answering. */
  #decide(shape: QuestionShape, query: QueryTerm[]): { query: QueryTerm[]; hits: SearchHit[]; decision: number } {
    const hits = query.length === 0 ? [] : this.#index.search(query, MAX_CITATIONS);
    return { query, hits, decision: decide(decisionFeatures(shape, query, hits), this.#cutoffs) };
  }

  #citation(hit: SearchHit, bandOf: Band): Citation {
    return this.#citationOf(
      hit.passage,
      hit.score,
      this.#index.highlightWords(hit.passage.text, hit.passageTerms),
      bandOf,
    );
  }

  #citationOf(passage: Passage, score: number, terms: readonly string[], bandOf: Band): Citation {
    const { document } = passage;
    return {
      address: passage.address,
      document: document.title,
      ...(document.url === undefined ? {} : { url: document.url }),
      section: passage.section.heading,
      text: passage.text,
      score: Math.round(score * 1000) / 1000,
      terms,
      band: bandOf,
    };
  }
}

function band(hit: SearchHit, top: SearchHit, cut: Cutoffs): Band {
  if (hit.coverage >= cut.strong && hit.score >= top.score * 0.6) return 'strong';
  if (hit.coverage >= cut.answer) return 'partial';
  return 'weak';
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(Math.trunc(n), min), Math.max(min, max)) : min;
}
