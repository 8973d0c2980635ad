import { term, tokenize } from '../../src/text/analyze.js';
import type { BenchPassage } from './corpus.js';
import { mulberry32, type Random } from './prng.js';

/** A known-item query: rare words of one passage, a hit when that passage is in the top 10. */
export interface KnownItem {
  /** The passage's 4–6 rarest words, in the order the passage has them. */
  readonly query: string;
  /** The same with its last word swapped for a word of another passage: a misremembered word. */
  readonly noisy: string;
  readonly target: number;
}

/** The fixed query sets of one run. */
export interface QuerySet {
  readonly keywords: readonly string[];
  readonly questions: readonly string[];
  /** The passage each question's words were drawn from: a hit when it is in the top 10. */
  readonly questionSources: readonly number[];
  readonly knownItems: readonly KnownItem[];
  /** Untimed queries to warm each engine up with, drawn apart from the timed ones. */
  readonly warmup: readonly string[];
}

/** How many queries of each kind. */
export interface QueryCounts {
  readonly keywords: number;
  readonly questions: number;
  readonly knownItems: number;
  readonly warmup: number;
}

const TEMPLATES = [
  'What did the president say about {a} and {b}?',
  'What was said about {a}?',
  'Why is {a} important for {b}?',
  'How does the government plan to deal with {a}?',
  'What is the policy on {a} and {b}?',
  'When did Congress act on {a}?',
  'What happened with {a} in {b}?',
  'Which measures were proposed for {a}?',
  'How much was spent on {a}?',
  'What does the administration think of {a} and {b}?',
] as const;

/**
 * Generates every query set from the passages of one copy of the corpus,
 * fixed by `seed`: the same seed gives the same queries on every machine.
 *
 * - keywords: 1–4 consecutive words at a random place in a random passage,
 *   as written (stop words included, as people type them);
 * - questions: a question template filled with two content words of one
 *   passage, each found in 0.1–3% of the passages (that passage is the
 *   question's source);
 * - known items: 4–6 of a passage's rarest words (by document frequency), in
 *   the order the passage has them; and a noisy variant, with one of them
 *   swapped for a content word of another passage.
 */
export function makeQueries(passages: readonly BenchPassage[], counts: QueryCounts, seed: number): QuerySet {
  const words = passages.map((p) => tokenize(p.text));
  const df = documentFrequency(words);
  const keywords = (random: Random, n: number): string[] =>
    Array.from({ length: n }, () => {
      const ws = pickNonEmpty(random, words);
      const length = Math.min(random.int(1, 4), ws.length);
      const start = random.int(0, ws.length - length);
      return ws.slice(start, start + length).join(' ');
    });
  const topical = (w: string): boolean => {
    const f = df.get(w.toLowerCase()) ?? 0;
    return isContentWord(w) && f >= 0.001 * passages.length && f <= 0.03 * passages.length;
  };
  const questions = (random: Random, n: number): Array<{ question: string; source: number }> =>
    Array.from({ length: n }, () => {
      let content: string[] = [];
      let source = 0;
      while (content.length < 2) {
        source = random.int(0, words.length - 1);
        content = [...new Set((words[source] ?? []).filter(topical).map((w) => w.toLowerCase()))];
      }
      const a = random.pick(content);
      const b = random.pick(content.filter((w) => w !== a));
      return { question: random.pick(TEMPLATES).replace('{a}', a).replace('{b}', b), source };
    });
  const knownItems = (random: Random, n: number): KnownItem[] =>
    Array.from({ length: n }, () => {
      for (;;) {
        const target = random.int(0, passages.length - 1);
        const distinct = [...new Set((words[target] ?? []).filter(isContentWord).map((w) => w.toLowerCase()))];
        if (distinct.length < 8) continue;
        const k = random.int(4, 6);
        const rarest = new Set(
          [...distinct].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0) || (a < b ? -1 : 1)).slice(0, k),
        );
        const chosen = distinct.filter((w) => rarest.has(w));
        let stray = '';
        while (stray === '' || distinct.includes(stray)) {
          stray = random.pick(pickNonEmpty(random, words)).toLowerCase();
          if (!isContentWord(stray)) stray = '';
        }
        return { query: chosen.join(' '), noisy: [...chosen.slice(0, -1), stray].join(' '), target };
      }
    });
  const warm = mulberry32(seed ^ 0x5bd1e995);
  const asked = questions(mulberry32(seed + 1), counts.questions);
  return {
    keywords: keywords(mulberry32(seed), counts.keywords),
    questions: asked.map((q) => q.question),
    questionSources: asked.map((q) => q.source),
    knownItems: knownItems(mulberry32(seed + 2), counts.knownItems),
    warmup: [...keywords(warm, counts.warmup), ...questions(warm, Math.ceil(counts.warmup / 5)).map((q) => q.question)],
  };
}

/** Words that say something: not stop words, not numbers, at least 3 letters. */
function isContentWord(word: string): boolean {
  return word.length >= 3 && !/\p{N}/u.test(word) && term(word) !== null;
}

function documentFrequency(words: readonly string[][]): Map<string, number> {
  const df = new Map<string, number>();
  for (const ws of words) for (const w of new Set(ws.map((x) => x.toLowerCase()))) df.set(w, (df.get(w) ?? 0) + 1);
  return df;
}

function pickNonEmpty(random: Random, lists: readonly string[][]): string[] {
  for (;;) {
    const list = random.pick(lists);
    if (list.length > 0) return list;
  }
}
