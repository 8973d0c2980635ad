import { fold } from './fold.js';

/**
 * Words that frame a question about a text rather than say what it is about
 * ("what does the author say in the article…"), and chat words ("lol", "tbh").
 * They are not content: they neither rank passages nor count in the share of
 * the question a passage must cover.
 */
const NOT_CONTENT: ReadonlySet<string> = new Set(
  [
    // Framing: the text, its writer, and asking about them.
    'essay article articles author authors piece text writer writers paper document documents doc post',
    'mention mentioned mentions mentioning refer refers referred say says said saying claim claims',
    'according per think thinks mean means meaning explain explanation tell talk talks talking discuss discusses',
    'quote quotation want know question questions answer anything anywhere something thing things',
    'basically actually really exactly quick simple simply please kind sort like just also',
    // Chat.
    'lol lmao rofl ngl tbh fr rn wtf omg idk imo imho btw pls plz thx ty nah yeah yep nope ok okay u ur',
    'gonna wanna gotta kinda whats hows whos wheres whys thats theres tl dr tldr smh fyi',
    // The words that close or open a list of examples ("etc", "e.g."), and shorthand for "something".
    'etc etcetera eg ie viz smth sth',
  ].flatMap((line) => line.split(' ')),
);

const AUXILIARY: ReadonlySet<string> = new Set(
  'is are was were be been do does did has have had will would can could should'.split(' '),
);

/**
 * Whether the word at `at` asks for a measure rather than names the topic: the
 * word between "how" and a verb such as "is" ("how big is", "how strong are",
 * "how important was"). It frames the question as "how much" and "how many" do.
 *
 * @example
 * asksForMeasure(['How', 'big', 'is', 'the', 'army'], 1) // true
 */
export function asksForMeasure(words: readonly string[], at: number): boolean {
  const before = words[at - 1];
  const after = words[at + 1];
  return before !== undefined && after !== undefined && fold(before) === 'how' && AUXILIARY.has(fold(after));
}

/** Whether a word frames the question or is chat, not content (see `NOT_CONTENT`). */
export function isNotContent(word: string): boolean {
  return NOT_CONTENT.has(fold(word));
}

/**
 * Shorthand of everyday written English and chat, spelt out: general
 * abbreviations (of the kind dictionaries list as informal: "govt", "intl",
 * "approx") and chat spellings ("ppl", "abt", "cuz"). Not words of any one
 * topic or question. A question word is read as its full form only when the
 * documents do not use the shorthand themselves (see `KnowledgeIndex.analyze`).
 * Ambiguous shorthand ("mil": million or military, "min", "pres") is left out.
 */
const SHORTHAND: ReadonlyMap<string, string> = new Map(
  [
    'govt:government gov:government govts:governments admin:administration',
    'natl:national intl:international internat:international',
    'econ:economic econs:economics',
    'dept:department depts:departments org:organization orgs:organizations assoc:association',
    'mgmt:management govn:government agmt:agreement',
    'approx:approximately esp:especially incl:including excl:excluding',
    'info:information tech:technology diff:different',
    'ppl:people ppls:peoples abt:about bc:because cuz:because coz:because cos:because bcs:because',
    'tho:though thru:through b4:before yr:year yrs:years wk:week wks:weeks',
    'prob:probably prolly:probably obv:obviously obvs:obviously',
    'msg:message pic:picture pics:pictures bn:billion mln:million',
    'cnt:country ctry:country cntry:country ctries:countries govtl:governmental',
  ]
    .flatMap((line) => line.split(' '))
    .map((pair): [string, string] => {
      const [short = '', full = ''] = pair.split(':');
      return [short, full];
    }),
);

/** The full form of a shorthand word ("natl" → "national"), if it is one (see `SHORTHAND`). */
export function spelledOut(word: string): string | undefined {
  return SHORTHAND.get(fold(word));
}

/**
 * Spells out shorthand written with a slash, which splits into single letters
 * otherwise: "w/o" → "without", "w/" → "with", "b/c" → "because".
 *
 * @example
 * spellOutSlashes('deals w/o asking') // 'deals without asking'
 */
export function spellOutSlashes(question: string): string {
  return question
    .replace(/\bw\/o\b/giu, 'without')
    .replace(/\bb\/c\b/giu, 'because')
    .replace(/\bw\/(\p{L})/giu, 'with $1')
    .replace(/\bw\//giu, 'with');
}

/**
 * Other names for a country, as people write them in chat: its short codes,
 * its capital, the seat of its government. The question word is read as the
 * country's name when the documents do not use it themselves ("Beijing" stays
 * "Beijing" in documents that say "Beijing"). A small table, kept by hand:
 * extend it here, with the reason in the commit.
 */
const COUNTRY_NAMES: ReadonlyMap<string, string> = new Map([
  ['ru', 'Russia'],
  ['rus', 'Russia'],
  ['rf', 'Russia'],
  ['moscow', 'Russia'],
  ['kremlin', 'Russia'],
  ['russian', 'Russia'],
  ['russians', 'Russia'],
  ['cn', 'China'],
  ['prc', 'China'],
  ['beijing', 'China'],
  ['chinese', 'China'],
  ['zhongnanhai', 'China'],
  ['us', 'US'],
  ['usa', 'US'],
  ['america', 'US'],
  ['american', 'US'],
  ['americans', 'US'],
  ['washington', 'US'],
  ['uk', 'Britain'],
  ['london', 'Britain'],
  ['eu', 'Europe'],
  ['brussels', 'Europe'],
  ['in', 'India'],
  ['delhi', 'India'],
]);

/** The country a word names, by code, capital or government seat, if the table has it. */
export function countryOf(word: string): string | undefined {
  // "in" and "us" are country codes only when written as codes (IN, US).
  const folded = fold(word);
  if ((folded === 'in' || folded === 'us') && word !== word.toUpperCase()) return undefined;
  return COUNTRY_NAMES.get(folded);
}
