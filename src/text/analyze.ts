import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import { fold } from './fold.js';

/**
 * The `stopword` package's English list, plus the function words it lacks
 * that people use to ask questions ("does", "why", "when"…), as in the
 * Snowball list.
 */
const STOP_WORDS: ReadonlySet<string> = new Set([
  ...eng,
  ...[
    'does',
    'doing',
    'done',
    'why',
    'when',
    'whom',
    'whose',
    'will',
    'shall',
    'its',
    'yours',
    'ours',
    'theirs',
    'hers',
    'itself',
    'themselves',
    'ourselves',
    'yourself',
    'herself',
    'am',
    'isn',
    'aren',
    'wasn',
    'don',
    'doesn',
    'didn',
    'won',
    'can',
    'cannot',
    // The rest of the Snowball list.
    ...'myself yourselves she having ought until during above below down off again further once few no nor not own so'.split(
      ' ',
    ),
  ],
]);
const WORD = /[\p{L}\p{N}]+/gu;
const ACRONYM = /^[\p{Lu}\p{N}]*\p{Lu}[\p{Lu}\p{N}]*$/u;

/** One word of a text, with where it stands. */
export interface Token {
  /** The word as written. */
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Splits text into words. Dashes, apostrophes and punctuation separate words;
 * letters and digits of any script are kept.
 *
 * @example
 * tokens('Russia–China (RIC)').map((t) => t.word) // ['Russia', 'China', 'RIC']
 */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    out.push({ word: match[0], start: match.index, end: match.index + match[0].length });
  }
  return out;
}

/** MiniSearch `tokenize`: the words of a text, as written. */
export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * MiniSearch `processTerm`: folds, drops stop words and single letters, and
 * stems with Porter. A word written in capitals of two letters or more ("US",
 * "IT", "EAEU") is an acronym: it is kept whole, never taken for a stop word.
 *
 * @example
 * term('Countries') // 'countr'
 * term('the')       // null
 * term('US')        // 'us'
 */
export function term(word: string): string | null {
  const known = TERMS.get(word);
  if (known !== undefined) return known;
  const t = analyzeWord(word);
  // Words repeat: a bounded memo makes indexing, highlighting and sentence choice cheap.
  if (TERMS.size >= MAX_MEMO) TERMS.clear();
  TERMS.set(word, t);
  return t;
}

const TERMS = new Map<string, string | null>();
const MAX_MEMO = 200_000;

function analyzeWord(word: string): string | null {
  const folded = fold(word);
  if (word.length >= 2 && ACRONYM.test(word) && !/^\p{N}+$/u.test(word)) return folded;
  if (folded.length < 2 && !/^\p{N}$/u.test(folded)) return null;
  if (STOP_WORDS.has(folded)) return null;
  return /^\p{N}+$/u.test(folded) ? folded : root(folded);
}

/**
 * Porter's stem, with the derivations Porter leaves apart brought together:
 * "-ship" nouns with their base ("partnership", "partner"), and the adverb and
 * noun forms whose stems end in "-li" or "-i" with the adjective
 * ("militarily", "military"; "economy", "economic"; "history", "historic").
 * The index and questions go through the same function, so only how many
 * forms meet changes.
 */
function root(word: string): string {
  const base = word.endsWith('ship') && word.length >= 8 ? word.slice(0, -4) : word;
  let stem = stemmer(base);
  if (stem.length >= 6 && stem.endsWith('li')) stem = stem.slice(0, -2);
  if (stem.length >= 5 && stem.endsWith('i')) stem = stem.slice(0, -1);
  // Cut to two letters, a word's stem could be an acronym's term ("used" → "us", as "US" is): it keeps
  // an "e" ("use", "used", "using" meet as "use"). A word of two letters ("ai", "eu") stays as typed, so
  // chat's lower-case acronyms still meet the documents'.
  if (stem.length < 3 && word.length > 2) stem += 'e';
  return stem;
}

/** Whether a word is a stop word once folded (acronyms never are). */
export function isStopWord(word: string): boolean {
  return term(word) === null;
}

/**
 * The index terms of a text, in order, stop words removed.
 *
 * @example
 * terms('What is the specific feature?') // ['specif', 'featur']
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of tokenize(text)) {
    const t = term(word);
    if (t !== null) out.push(t);
  }
  return out;
}
