import type { QueryTerm } from '../search/knowledge-index.js';
import { fold } from '../text/fold.js';

/**
 * Whether one word is the other with a negating prefix: a correction must
 * never turn a word into its opposite.
 *
 * @example
 * negates('reversible', 'irreversible') // true
 */
export function negates(a: string, b: string): boolean {
  const [x, y] = [fold(a), fold(b)];
  return /^(?:un|in|im|il|ir|non|dis|a)(.+)$/.exec(x.length > y.length ? x : y)?.[1] === (x.length > y.length ? y : x);
}

/** The query's terms, each once, the first occurrence kept. */
export function dedupeTerms(query: readonly QueryTerm[]): QueryTerm[] {
  const seen = new Set<string>();
  return query.filter((q) => !seen.has(q.term) && seen.add(q.term));
}
