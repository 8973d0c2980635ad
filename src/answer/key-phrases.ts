import type { Knowledge } from '../knowledge/types.js';
import type { Acronym } from '../search/acronyms.js';
import { names } from '../text/names.js';

const MAX = 100;

/**
 * Phrases worth offering while someone types a question: section headings,
 * acronyms with their expansions, and the names the documents use (runs of
 * capitalised words, "Power of Siberia"), most frequent first.
 *
 * @example
 * keyPhrases(knowledge, acronyms).slice(0, 2) // ['Characteristics of relationship', …]
 */
export function keyPhrases(knowledge: Knowledge, acronyms: readonly Acronym[]): string[] {
  const phrases: string[] = [];
  const seen = new Set<string>();
  const add = (phrase: string): void => {
    const clean = phrase.trim().slice(0, MAX);
    const key = clean.toLowerCase();
    if (clean.length < 3 || seen.has(key)) return;
    seen.add(key);
    phrases.push(clean);
  };
  for (const document of knowledge.documents) for (const section of document.sections) add(section.heading);
  for (const { acronym, expansion } of acronyms) add(`${expansion} (${acronym})`);

  const counts = new Map<string, { count: number; order: number }>();
  for (const passage of knowledge.passages) {
    for (const name of names(passage.text)) {
      const entry = counts.get(name);
      if (entry === undefined) counts.set(name, { count: 1, order: counts.size });
      else entry.count++;
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1].count - a[1].count || a[1].order - b[1].order);
  for (const [name] of ranked) add(name);
  return phrases;
}
