import { tokenize } from '../text/analyze.js';
import { answerKind, COPULA, holdsAnswer, type AnswerKind } from '../text/answer-kind.js';
import { fold } from '../text/fold.js';
import { JOINERS, names } from '../text/names.js';

const DETERMINERS: ReadonlySet<string> = new Set('the a an this that these those its their his her'.split(' '));
/** Words that end a noun phrase: prepositions, conjunctions, auxiliaries, question words. */
const PHRASE_ENDS: ReadonlySet<string> = new Set(
  [
    'of in on at for about with between by from to into over under during like than among across after before since against within without toward towards',
    'and or but nor so if as that which who whom whose when where why how what',
    'is are was were be been being do does did has have had will would can could should may might must',
  ].flatMap((line) => line.split(' ')),
);

/**
 * Relational nouns: the head of "what is the role of X", "what was the outcome
 * of Y" names a relation that prose states without the word ("acting as an
 * engine of world trade" is China's role), so it is no focus. General English,
 * not words of any one set.
 */
const RELATIONAL: ReadonlySet<string> = new Set(
  [
    'role purpose aim goal goals basis nature impact impacts effect effects result results outcome outcomes reason reasons cause causes',
    'meaning significance importance stance view views position status future outlook point consequence consequences implication implications',
    'attitude approach response reaction situation state difference differences similarity similarities relationship relation relations',
    'connection link idea ideas argument message conclusion lesson problem problems issue issues challenge challenges risk risks benefit benefits',
    'advantage advantages motive motives interest interests priority priorities',
  ].flatMap((line) => line.split(' ')),
);

/**
 * The word a "what is …" question asks about: the last word of the noun
 * phrase after "what/which is/are/was/were", when that phrase opens with a
 * determiner ("what is **the population** of Mongolia" → "population") or runs
 * to the end of the question ("what is quantum **entanglement**"). The head of
 * the phrase names the thing asked about; the words before it only narrow it.
 * Other questions have no focus here ("what is special about …", "who won …"),
 * nor do relational heads ("what is the **role** of China in world trade").
 *
 * @example
 * focusWord('What is quantum entanglement?')         // 'entanglement'
 * focusWord("what's the weather in Moscow")          // 'weather'
 * focusWord('What is special about the partnership?') // undefined
 */
export function focusWord(question: string): string | undefined {
  const words = tokenize(question);
  // Only function words are compared, so lower case is enough: dashes and apostrophes already split words.
  const folded = words.map((w) => w.toLowerCase());
  let at = folded.findIndex((w) => w === 'what' || w === 'which' || w === 'whats');
  if (at < 0) return undefined;
  if (folded[at] === 'whats') at += 1;
  else if (COPULA.has(folded[at + 1] ?? '')) at += 2;
  else if (folded[at + 1] === 's') at += 2;
  else return undefined;
  let determined = DETERMINERS.has(folded[at] ?? '');
  if (determined) at += 1;
  const phrase: string[] = [];
  let end = at;
  for (; end < words.length; end++) {
    const w = folded[end] ?? '';
    if (PHRASE_ENDS.has(w) || DETERMINERS.has(w)) break;
    // A possessive determines the phrase as "the" does: "China's GDP".
    if (w === 's' && phrase.length > 0) {
      determined = true;
      continue;
    }
    phrase.push(words[end] ?? '');
  }
  if (phrase.length === 0) return undefined;
  if (!determined && end < words.length) return undefined;
  const head = phrase.at(-1);
  return head === undefined || RELATIONAL.has(head.toLowerCase()) ? undefined : head;
}

/**
 * The names a question writes (see `names` in src/text/names.ts), each as its
 * capitalised words: "Who won the **Korean War**?" → [["Korean", "War"]]. A
 * passage matching "Korean" alone ("the Korean Peninsula") is not about the
 * Korean War. A question typed in capitals, or with most of its words
 * capitalised ("What Are The Characteristics Of…"), writes no names this way.
 *
 * @example
 * questionNames('Who won the Korean War?')           // [['Korean', 'War']]
 * questionNames('Is the IMF or the World Bank next?') // [['World', 'Bank']]
 * questionNames('WHO WON THE KOREAN WAR?')           // []
 */
export function questionNames(question: string): string[][] {
  const words = tokenize(question).slice(1);
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  if (capitalised < 2 || !/\p{Ll}/u.test(question) || capitalised * 2 > words.length) return [];
  return names(question).map((name) => name.split(/[\s\-–]+/u).filter((w) => !JOINERS.has(w.toLowerCase())));
}

/** A question word as the decision sees it (see `QueryTerm` in the knowledge index). */
interface Term {
  readonly term: string;
  readonly word: string;
  readonly weight: number;
  readonly known: boolean;
}

/** The top passage as the decision sees it (see `SearchHit`). */
interface Top {
  readonly coverage: number;
  readonly score: number;
  readonly matched: ReadonlyMap<string, unknown>;
  readonly passage: { readonly text: string };
}

/** What the decision to answer reads from a question and the passages found for it. */
export interface DecisionFeatures {
  /** Share of the question's weight the top passage covers. */
  readonly coverage: number;
  /** The second passage's score as a share of the first's (0 when there is none). */
  readonly second: number;
  /** Share of the question's weight in words the documents never use and the top passage does not match. */
  readonly unknown: number;
  /** The question asks for a date or a quantity (`answerKind`) and the top passage holds none. */
  readonly expectedMissing: boolean;
  /**
   * Share of the question's weight in its focus word (`focusWord`) when the
   * documents never use it and the top passage does not match it; else 0.
   */
  readonly focusMissing: number;
  /** The question writes a name of several capitalised words (`questionNames`), and the top passage matches some of them but not all. */
  readonly nameBroken: boolean;
}

/** What the decision reads of a question's own words, once per question (see `readQuestion`). */
export interface QuestionShape {
  /** The kind of answer it asks for (`answerKind`). */
  readonly kind: AnswerKind | undefined;
  /** The word a "what is …" question asks about (`focusWord`). */
  readonly focus: string | undefined;
  /** Its names of several capitalised words (`questionNames`). */
  readonly names: readonly string[][];
}

/**
 * Reads a question's shape once: its answer kind, focus word and names do not
 * change while its terms are corrected and searched again.
 *
 * @example
 * readQuestion('How long is the Amur River?') // { kind: 'quantity', focus: undefined, names: [['Amur', 'River']] }
 */
export function readQuestion(question: string): QuestionShape {
  return { kind: answerKind(question), focus: focusWord(question), names: questionNames(question) };
}

/**
 * The features of the decision to answer, for a question's shape, its terms
 * and the passages found for them, best first.
 */
export function decisionFeatures(shape: QuestionShape, query: readonly Term[], hits: readonly Top[]): DecisionFeatures {
  const top = hits[0];
  if (top === undefined)
    return { coverage: 0, second: 0, unknown: 1, expectedMissing: false, focusMissing: 0, nameBroken: false };
  const total = query.reduce((sum, q) => sum + q.weight, 0);
  const share = (w: number): number => (total > 0 ? w / total : 0);
  const unknown = share(
    query.filter((q) => !q.known && !top.matched.has(q.term)).reduce((sum, q) => sum + q.weight, 0),
  );
  // Every passage of prose holds a name, so only a date or a quantity asked for is checked.
  const expected = shape.kind === 'name' ? undefined : shape.kind;
  const focus = shape.focus;
  const focusTerm = focus === undefined ? undefined : query.find((q) => fold(q.word) === fold(focus));
  return {
    coverage: top.coverage,
    second: top.score > 0 ? (hits[1]?.score ?? 0) / top.score : 0,
    unknown,
    expectedMissing: expected !== undefined && !holdsAnswer(top.passage.text, expected),
    focusMissing:
      focusTerm === undefined || focusTerm.known || top.matched.has(focusTerm.term) ? 0 : share(focusTerm.weight),
    nameBroken: shape.names.some((name) => {
      const terms = name.flatMap((w) => query.filter((q) => fold(q.word) === fold(w) && q.weight > 0));
      const matched = terms.filter((q) => top.matched.has(q.term)).length;
      return matched > 0 && matched < terms.length;
    }),
  };
}

/** When the bot answers, and how it marks citations (see `CUTOFFS`). */
export interface Cutoffs {
  /** The decision (below) at or above which the bot answers. */
  readonly answer: number;
  /** The decision at or above which it shows the closest passages as possibly related ("not sure"). */
  readonly notSure: number;
  /** How much the second passage's score, as a share of the first's, takes off the decision. */
  readonly margin: number;
  /** The coverage above which a citation is marked strong. */
  readonly strong: number;
  /** Citations scoring below this share of the first are left out. */
  readonly relative: number;
  /**
   * Whether a question that asks for a date or a quantity, whose top passage
   * holds none, is at most "not sure" (see `answerKind` in src/text/answer-kind.ts).
   */
  readonly expected: boolean;
  /**
   * The share of the question's weight, in a focus word the documents never
   * use and the top passage does not match, from which the bot is at most
   * "not sure" (see `focusWord`); above 1, never.
   */
  readonly focus: number;
  /**
   * Whether a question writing a name of several capitalised words, whose top
   * passage matches some of them but not all, is at most "not sure" (see
   * `questionNames`).
   */
  readonly names: boolean;
}

/**
 * Cut-offs calibrated on the calibration half of chat-dev and the extended set by
 * `npm run eval -- --calibrate` (see docs/answer-quality.md). The decision is
 * the share of the question's weight the top passage covers (see
 * `KnowledgeIndex.analyze`), less `margin` times the second passage's score
 * over the first's: one number holding coverage, unknown rare words and margin.
 */
export const CUTOFFS: Cutoffs = {
  answer: 0.45,
  notSure: 0.3,
  margin: 0,
  strong: 0.75,
  relative: 0.3,
  expected: true,
  focus: 0.2,
  names: true,
};

/**
 * The decision value of a question's features: the share of its weight the
 * top passage covers, less `margin` times the second passage's score over the
 * first's; at most `notSure` when the top passage lacks what the question asks
 * for (a date or quantity it holds none of, the question's focus word, or the
 * whole of a name it writes).
 */
export function decide(f: DecisionFeatures, cut: Cutoffs): number {
  const value = f.coverage - cut.margin * f.second;
  const lacking =
    (cut.expected && f.expectedMissing) ||
    (f.focusMissing > 0 && f.focusMissing >= cut.focus) ||
    (cut.names && f.nameBroken);
  return lacking ? Math.min(value, cut.notSure) : value;
}
