import type { Knowledge } from '../knowledge/types.js';
import type { Acronym } from '../search/acronyms.js';
import { tokens } from '../text/analyze.js';

const JOINERS = new Set(['of', 'and', 'the', 'for', 'de']);
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

/** Runs of two or more capitalised words, allowing "of" and "and" inside, that do not open a sentence. */
function names(text: string): string[] {
  const out: string[] = [];
  const words = tokens(text);
  let run: Array<{ word: string; start: number; end: number }> = [];
  const flush = (): void => {
    while (run.length > 0 && JOINERS.has(run.at(-1)?.word.toLowerCase() ?? '')) run.pop();
    const first = run[0];
    const last = run.at(-1);
    const capitals = run.filter((t) => /^\p{Lu}/u.test(t.word)).length;
    if (first !== undefined && last !== undefined && capitals >= 2) out.push(text.slice(first.start, last.end));
    run = [];
  };
  for (let i = 0; i < words.length; i++) {
    const token = words[i];
    if (token === undefined) continue;
    const gap = i > 0 ? text.slice(words[i - 1]?.end ?? 0, token.start) : '. ';
    const opensSentence = /[.!?:]\s*$/.test(gap) || i === 0;
    const capital = /^\p{Lu}/u.test(token.word) && !opensSentence;
    const joiner = run.length > 0 && JOINERS.has(token.word.toLowerCase()) && /^\s+$/.test(gap);
    if ((capital && (run.length === 0 || /^[\s\-–]+$/.test(gap))) || joiner) run.push(token);
    else {
      flush();
      if (capital) run.push(token);
    }
  }
  flush();
  return out;
}
