import { readFileSync } from 'node:fs';

/**
 * The questions of an eval set (`eval/dev.jsonl`: one `{"q": …}` per line),
 * used as the load: every request asks one of them, in turn.
 *
 * @throws Error naming the file when it has no questions
 */
export function loadQuestions(file = 'eval/dev.jsonl'): string[] {
  const questions = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { q?: unknown }).q)
    .filter((q): q is string => typeof q === 'string' && q.trim() !== '');
  if (questions.length === 0) throw new Error(`bench:e2e: no questions in ${file}`);
  return questions;
}

/** The `i`-th item of a non-empty list, wrapping around. */
export function cycle<T>(items: readonly T[], i: number): T {
  const item = items[i % items.length];
  if (item === undefined) throw new Error('bench:e2e: cycle() over an empty list');
  return item;
}
