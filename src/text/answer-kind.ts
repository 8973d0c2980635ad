/**
 * What kind of answer a question asks for, and whether a text holds one: the
 * one notion read by the decision to answer (src/answer/decision.ts) and the
 * choice of the answer sentence (src/answer/best-sentence.ts).
 */
import { tokenize } from './analyze.js';

/**
 * What a question asks for, when its words say so: a name ("who"), a date
 * ("when", "in what year") or a quantity ("how many", "how much" with a noun
 * or "is", and "how" with an adjective of measurement and "is": "how long is",
 * "how tall are").
 */
export type AnswerKind = 'name' | 'date' | 'quantity';

/**
 * Adjectives of measurement: between "how" and "is" they ask for a number
 * with a unit ("how long is the river", "how old was he"). General English,
 * not words of any one set; "how strong", "how close", "how important" ask for
 * a degree that prose can answer, and are not here.
 */
const MEASUREMENT: ReadonlySet<string> = new Set(
  'long tall high big large wide deep far old heavy fast hot cold'.split(' '),
);

export const COPULA: ReadonlySet<string> = new Set('is are was were'.split(' '));
/** Auxiliaries after "how much" that make it ask for a degree ("how much does it matter"), not an amount. */
const DEGREE_VERBS: ReadonlySet<string> = new Set('do does did can could will would should has have had'.split(' '));
/** Verbs that ask for an amount after "how long/much … did/does": "last", "take", "cost", "weigh". */
const MEASURE_VERBS: ReadonlySet<string> = new Set('last take cost weigh'.split(' '));
/**
 * Words that open a yes/no question ("Will they still cooperate when the
 * threat is scaled back?"), which asks for no date, quantity or name, and that
 * follow "when" where it asks for a date ("when did", "when was", "when's").
 */
const AUXILIARIES: ReadonlySet<string> = new Set(
  'is are was were do does did can could will would should shall has have had may might must s'.split(' '),
);

/**
 * The kind of answer a question's own words ask for, if any. The first
 * question word decides: "when was the SCO founded and who is in it" asks for
 * a date, "who founded it and when" for a name. A question opening with an
 * auxiliary asks yes or no, and "when" asks for a date only before an
 * auxiliary: "do they agree when it comes to an alliance?" asks for neither.
 *
 * @example
 * answerKind('quick fact check: who warned about it?') // 'name'
 * answerKind('In what year was the SCO founded?')      // 'date'
 * answerKind('How long is the Amur River?')            // 'quantity'
 * answerKind('How long has the West dominated?')       // undefined
 */
export function answerKind(question: string): AnswerKind | undefined {
  // Only function words are compared, so lower case is enough: dashes and apostrophes already split words.
  const words = tokenize(question.toLowerCase());
  if (AUXILIARIES.has(words[0] ?? '')) return undefined;
  for (const [at, word] of words.entries()) {
    const next = words[at + 1];
    if (word === 'when' && AUXILIARIES.has(next ?? '')) return 'date';
    if ((word === 'what' || word === 'which') && (next === 'year' || next === 'date')) return 'date';
    if (word === 'how') {
      if (next === 'many') return 'quantity';
      // "How much gas", "how much is it" ask for an amount; "how much does Russia rely on China" for a degree.
      const measure = next === 'much' || (next !== undefined && MEASUREMENT.has(next));
      // "How long did it last", "how much does it cost": an auxiliary, then a verb of measure at the end.
      if (measure && DEGREE_VERBS.has(words[at + 2] ?? '') && MEASURE_VERBS.has(words.at(-1) ?? '')) return 'quantity';
      if (next === 'much') return DEGREE_VERBS.has(words[at + 2] ?? '') ? undefined : 'quantity';
      if (next !== undefined && MEASUREMENT.has(next) && COPULA.has(words[at + 2] ?? '')) return 'quantity';
      return undefined;
    }
    if (word === 'who' || word === 'whom' || word === 'whose') return 'name';
    if (word === 'what' || word === 'which' || word === 'where' || word === 'why') return undefined;
  }
  return undefined;
}

// Months are written with a capital ("in May"), which tells them from the verbs "may" and "march".
const MONTH = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/u;
// A year or decade ("2001", "1990s"), or a century written with a number or an ordinal ("12th-century", "twentieth century").
const DATE =
  /\b(?:1[0-9]\d\d|20\d\d)s?\b|\b(?:\d+(?:st|nd|rd|th)?|\p{L}+(?:st|nd|rd|th))[\s-]+(?:century|centuries)\b/iu;
const NUMBER_WORDS =
  'two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions trillion trillions dozen dozens half percent';
const QUANTITY = new RegExp(`%|\\b(?:${NUMBER_WORDS.split(' ').join('|')})\\b`, 'iu');
const NUMBER = /(\d+(?:[.,]\d+)*)(s?)/gu;
/** The word just before a number (a year after "in", "since"… is a date, not a quantity). */
const WORD_BEFORE = /(\p{L}+)\s+$/u;
const YEAR = /^(?:1[0-9]\d\d|20\d\d)$/u;
const DATE_BEFORE: ReadonlySet<string> = new Set(
  'in since by until till from to before after during around circa between and or'.split(' '),
);
// A capitalised word that does not open the text: a name.
const NAME = /\s\p{Lu}\p{Ll}+/u;

/** Whether a text holds a date: a year or decade, a month (written with a capital), a century. */
export function holdsDate(text: string): boolean {
  return DATE.test(text) || MONTH.test(text);
}

/**
 * Whether a text holds a quantity: a number (a year-like one such as "1500 km"
 * or "2000 troops" too, unless it reads as a date: "in 2001", "since 1991",
 * "the 1990s"), a number word from "two" up, a share ("one" is left out, being
 * mostly a pronoun: "one side", "one of").
 */
export function holdsQuantity(text: string): boolean {
  if (QUANTITY.test(text)) return true;
  for (const match of text.matchAll(NUMBER)) {
    const [, number = '', decade] = match;
    if (!YEAR.test(number)) return true;
    const before = WORD_BEFORE.exec(text.slice(Math.max(0, match.index - 12), match.index))?.[1];
    if (decade === '' && !DATE_BEFORE.has(before?.toLowerCase() ?? '')) return true;
  }
  return false;
}

/** Whether a text (a sentence or a passage) holds an answer of the kind asked for. */
export function holdsAnswer(text: string, kind: AnswerKind): boolean {
  switch (kind) {
    case 'date':
      return holdsDate(text);
    case 'quantity':
      return holdsQuantity(text);
    case 'name':
      return NAME.test(text);
  }
}
