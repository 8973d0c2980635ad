import { tokenize, tokens } from '../text/analyze.js';
import { fold } from '../text/fold.js';

/** An acronym the documents define, with the words it stands for. */
export interface Acronym {
  /** As written, e.g. `EAEU`. */
  readonly acronym: string;
  /** As written, e.g. `Eurasian Economic Union`. */
  readonly expansion: string;
}

const DEFINITION = /\(([A-Z][A-Za-z]{0,8}[A-Z])\)/g;
const GLUE = new Set(['and', 'of', 'the', 'for', 'on', 'in', 'de', 'des', 'du', 'la', 'le', '&']);

/**
 * Finds acronyms that a text defines in the usual way, "Long Name (LN)": the
 * words just before the parenthesis whose initials spell the acronym. Small
 * joining words ("and", "of") may sit between them, and the first word may
 * give more than one letter ("Eurasian Economic Union (EAEU)").
 *
 * @example
 * learnAcronyms('the Belt and Road Initiative (BRI) and')
 * // [{ acronym: 'BRI', expansion: 'Belt and Road Initiative' }]
 */
export function learnAcronyms(text: string): Acronym[] {
  const found: Acronym[] = [];
  for (const match of text.matchAll(DEFINITION)) {
    const acronym = match[1];
    if (acronym === undefined) continue;
    const before = tokens(text.slice(Math.max(0, match.index - 200), match.index));
    const offset = Math.max(0, match.index - 200);
    const letters = acronym.toLowerCase();
    let j = letters.length - 1;
    let first: number | undefined;
    const last = before.at(-1);
    for (let i = before.length - 1; i >= 0 && j >= 0; i--) {
      const token = before[i];
      if (token === undefined) break;
      const word = token.word.toLowerCase();
      if (j > 0 && isSubsequence(letters.slice(0, j + 1), word) && /^\p{Lu}/u.test(token.word)) {
        first = token.start;
        j = -1;
      } else if (word[0] === letters[j] && /^\p{Lu}/u.test(token.word)) {
        first = token.start;
        j--;
      } else if (!GLUE.has(word) || first === undefined) {
        break;
      }
    }
    if (j < 0 && first !== undefined && last !== undefined) {
      const expansion = text.slice(offset + first, offset + last.end);
      if (expansion.toLowerCase() !== letters) found.push({ acronym, expansion });
    }
  }
  return found;
}

/** Whether `letters` appear in `word` in order, the first one first. */
function isSubsequence(letters: string, word: string): boolean {
  if (word[0] !== letters[0]) return false;
  let i = 0;
  for (const ch of word) if (ch === letters[i]) i++;
  return i >= letters.length;
}

/** The acronyms found, each once (the first definition wins). */
export function uniqueAcronyms(found: readonly Acronym[]): Acronym[] {
  const byName = new Map<string, Acronym>();
  for (const a of found) if (!byName.has(a.acronym)) byName.set(a.acronym, a);
  return [...byName.values()];
}

/**
 * Text to index beside a passage so that an acronym and its expansion find
 * each other: a passage that says "EAEU" also answers "Eurasian Economic
 * Union", and the other way round.
 */
export function aliasFinder(acronyms: readonly Acronym[]): (text: string) => string {
  const pairs = acronyms.map((a) => ({
    a,
    acronym: a.acronym,
    expansion: fold(a.expansion).replace(/[^\p{L}\p{N}]+/gu, ' '),
  }));
  // A quick first test: a passage can only need an alias if it has an acronym or an expansion.
  // Exact for plain ASCII text, where folding only lowercases; other text is always checked in full.
  const forms = pairs.flatMap((p) => [
    escapeRegExp(p.acronym),
    p.expansion.trim().split(' ').map(escapeRegExp).join('[^\\p{L}\\p{N}]+'),
  ]);
  const quick = new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  return (text) => {
    if (pairs.length === 0 || (!NOT_ASCII.test(text) && !quick.test(text))) return '';
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

const NOT_ASCII = /[^\p{ASCII}]/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
